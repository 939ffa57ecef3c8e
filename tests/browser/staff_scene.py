"""The staff walk's scene: a municipality of its own, filled as ``make run``'s demo fills one, and
the region's objects around it, so that every list, detail and edit screen has something real to
show (plans and items, events, people, bodies, consultations, the quality of education's
procedures, results, programmes and visits, the institute's comments, agreements, the calendar).

The municipality is provisioned for the walk (its own schema) and dropped at teardown with
everything of the region that points at it; nothing is added to the session's municipalities A
and B, which other tests read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import BOUND_ROLES, Role, User
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES

WALK = {
    "name": "Тестовый округ для обхода экранов",
    "short_name": "Округ обхода",
    "slug": "test-staff-walk",
    "contact_email": "walk@example.test",
    "oktmo": "41633000",
}
NEWS_MARK = "(обход экранов)"
# The demo seeders look the municipality's people up by these addresses (``head@<slug>.example``).
MUNICIPAL_PEOPLE = {
    "head": Role.HEAD,
    "metodist": Role.METHODOLOGIST,
    "chair": Role.CHAIR,
    "teacher": Role.TEACHER,
    # Bound roles (issue 15 §1): the demo seeders bind them to the first ГМО and the first school.
    "gmo": Role.ASSOCIATION_LEADER,
    "zavuch": Role.SCHOOL_COORDINATOR,
}
REGION_PEOPLE = {"institute": Role.INSTITUTE, "operator": Role.OPERATOR, "committee": Role.COMMITTEE}


@dataclass
class StaffScene:
    municipality: Municipality
    people: dict[str, User]
    region: dict[str, int] = field(default_factory=dict)  # object ids on the region host
    municipal: dict[str, int] = field(default_factory=dict)  # object ids in the walk's schema

    @property
    def host(self) -> str:
        return self.municipality.default_hostname


def _region_email(key: str) -> str:
    return f"walk-{key}@example.test"


def scene_remove() -> None:
    """Everything the scene made, including what an interrupted earlier run left."""
    from django.contrib.sessions.models import Session

    from accounts.models import RoleGroup
    from accounts.services import municipality_role_groups_delete
    from audit.models import AuditEntry
    from region.models import RegionalNews
    from tenants.municipalities import provisioning
    from unified_calendar.models import RegionalEvent

    emails = [f"{local}@{WALK['slug']}.example" for local in MUNICIPAL_PEOPLE]
    emails += [_region_email(key) for key in REGION_PEOPLE]
    users = list(User.objects.filter(email__in=emails))
    RegionalNews.objects.filter(title__endswith=NEWS_MARK).delete()
    RegionalEvent.objects.filter(Q(created_by__in=users) | Q(title__endswith=NEWS_MARK)).delete()
    ids = {str(user.pk) for user in users}
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") in ids:
            session.delete()
    AuditEntry.objects.filter(Q(actor__in=users) | Q(target__in=emails)).delete()
    municipality = Municipality.objects.filter(slug=WALK["slug"]).first()
    if municipality is not None:
        # The role groups are found through their RoleGroup rows: those stay until the schema is
        # dropped and the groups go with them (a Group left behind fails the template's test).
        kept = (AuditEntry, RoleGroup)
        for relation in Municipality._meta.related_objects:  # agreements, comments, roll-ups, proposals…
            if relation.one_to_many and relation.field.model not in kept:
                relation.related_model._base_manager.filter(**{relation.field.name: municipality}).delete()
        AuditEntry.objects.filter(municipality=municipality).delete()
        provisioning.schema_drop(municipality.schema_name)
        municipality_role_groups_delete(municipality)
        municipality.delete()
    # The collector also reaches Wagtail's per-user tables, which only a municipality's schema has
    # (the walk's is gone by now; A's has no rows of these people).
    with schema_context(Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"]).schema_name):
        User.objects.filter(pk__in=[user.pk for user in users]).delete()


def _people(municipality: Municipality) -> dict[str, User]:
    from accounts.services import role_grant
    from tests.factories import UserFactory

    people: dict[str, User] = {}
    for local, role in MUNICIPAL_PEOPLE.items():
        user = UserFactory(email=f"{local}@{WALK['slug']}.example", last_name=f"Обходова-{local}")
        if role not in BOUND_ROLES:
            role_grant(user=user, role=role, municipality=municipality, acting_user=None)
        people[local] = user
    for key, role in REGION_PEOPLE.items():
        # The operator must sign in with a code (issue 13, item 11): enrolled as allauth would.
        user = UserFactory(email=_region_email(key), last_name=f"Обходов-{key}", totp=role == Role.OPERATOR)
        role_grant(user=user, role=role, municipality=None, acting_user=None)
        people[key] = user
    return {key: User.objects.get(pk=user.pk) for key, user in people.items()}


def _agreements(municipality: Municipality, people: dict[str, User]) -> dict[str, int]:
    """One agreement in force (renew, terminate, its scan) and one draft (edit, send, delete)."""
    from agreements.models import Party
    from agreements.services import agreement_create, agreement_send, agreement_sign

    def fields(number: str, start: datetime.date) -> dict[str, Any]:
        return {
            "municipality": municipality,
            "number": number,
            "concluded_on": start - datetime.timedelta(days=10),
            "subject": "Сотрудничество в научно-методическом сопровождении педагогов",
            "term_from": start,
            "term_to": datetime.date(start.year + 2, 8, 31),
            "municipality_responsible": "руководитель ММС",
            "committee_responsible": "начальник отдела комитета",
            "institute_responsible": "проректор ЛОИРО",
            "obligations": "Годовой план работы ММС с учётом единого календаря.",
        }

    today = timezone.localdate()
    in_force = agreement_create(acting_user=people["institute"], **fields("ТС-обход-1", today.replace(month=1, day=1)))
    in_force = agreement_send(agreement=in_force, acting_user=people["institute"])
    signers = {Party.MUNICIPALITY: people["head"], Party.COMMITTEE: people["committee"]}
    signers[Party.INSTITUTE] = people["institute"]
    for party, user in signers.items():
        in_force = agreement_sign(agreement=in_force, party=party, acting_user=user, today=today)
    draft_start = datetime.date(today.year + 3, 9, 1)
    draft = agreement_create(acting_user=people["institute"], **fields("ТС-обход-2", draft_start))
    return {"agreement": in_force.pk, "agreement_draft": draft.pk}


def _calendar(municipality: Municipality, people: dict[str, User]) -> dict[str, int]:
    from tenants.events.models import Event
    from unified_calendar.models import RegionalEventProposal
    from unified_calendar.services import proposal_create, regional_event_create

    starts = timezone.localdate() + datetime.timedelta(days=30)
    event = regional_event_create(
        acting_user=people["institute"],
        title=f"Региональная конференция {NEWS_MARK}",
        kind="conference",
        audience="all",
        starts_on=starts,
        ends_on=starts,
        organiser="ЛОИРО",
    )
    proposal = RegionalEventProposal.objects.filter(municipality=municipality, status="pending").first()
    if proposal is None:
        with schema_context(municipality.schema_name):
            local = Event.objects.order_by("starts_at").last()
            assert local is not None, "the demo gave the municipality no event to propose"
        proposal = proposal_create(
            municipality=municipality,
            acting_user=people["head"],
            event_id=local.pk,
            title=local.title,
            kind="seminar",
            audience="all",
            starts_on=local.starts_at.date(),
            ends_on=local.starts_at.date(),
            organiser=municipality.short_name,
        )
    return {"regional_event": event.pk, "proposal": proposal.pk}


def _institute(municipality: Municipality, people: dict[str, User]) -> dict[str, int]:
    from institute.services import plan_comment_create, plan_comment_reply
    from region.models import RegionalNews
    from tenants.academic_years import AcademicYear

    comment = plan_comment_create(
        municipality=municipality,
        academic_year=AcademicYear.current().start,
        text="Добавьте в план семинар по итогам ВПР.",
        acting_user=people["institute"],
    )
    plan_comment_reply(comment=comment, text="Добавили в ноябрь.", acting_user=people["head"])
    news = RegionalNews.objects.create(
        title=f"Старт конкурса «Педагог года» {NEWS_MARK}",
        summary="Заявки до 1 декабря.",
        created_by=people["operator"],
    )
    return {"comment": comment.pk, "news": news.pk}


def _draft_programme(municipality: Municipality, people: dict[str, User]) -> None:
    """A programme not yet started (its «start» screen); the demo's are under way or done."""
    from tenants.academic_years import AcademicYear
    from tenants.organisations.models import Organisation
    from tenants.quality.models import SupportProgramme
    from tenants.quality.services.programmes import programme_create

    with schema_context(municipality.schema_name):
        if SupportProgramme.objects.filter(status="draft").exists():
            return
        today = timezone.localdate()
        programme_create(
            acting_user=people["head"],
            organisation=Organisation.objects.order_by("pk").first(),
            academic_year=AcademicYear.current().start,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=90),
            reasons=["low"],
        )


def scene_build() -> StaffScene:
    """Provision the walk's municipality, fill it with the demo's content and the region around it."""
    from tenants.municipalities.demo_region import _content_seed, _demo_pages
    from tenants.municipalities.services import municipality_provision

    scene_remove()
    municipality = municipality_provision(use_pool=False, **WALK).municipality
    people = _people(municipality)
    _demo_pages(municipality)
    _content_seed(municipality)
    _draft_programme(municipality, people)
    scene = StaffScene(municipality=municipality, people=people)
    scene.region.update(_agreements(municipality, people))
    scene.region.update(_calendar(municipality, people))
    scene.region.update(_institute(municipality, people))
    return scene
