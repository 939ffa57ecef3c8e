"""Writes of the unified regional calendar (004 §3.3.2, §4.6), in the public schema.

Institute staff (ЛОИРО) publish, change and withdraw regional events and decide on the
municipalities' proposals; a municipality's methodologist or head proposes one of its own events.
Each write checks who acts, runs in one transaction and writes its audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role, User
from accounts.selectors import user_roles
from audit.services import audit_record
from tenants.municipalities.models import Municipality
from unified_calendar.models import ProposalStatus, RegionalEvent, RegionalEventProposal
from unified_calendar.selectors import user_is_institute

REGIONAL_EVENT_FIELDS = frozenset(
    {"title", "kind", "audience", "starts_on", "ends_on", "organiser", "url", "description", "competence_areas"}
)


def _municipal_pages_purge_on_commit() -> None:
    """Every municipality's public calendar shows the unified calendar: retire their cached pages."""
    from cms.base.page_cache import page_cache_purge_many

    def purge() -> None:
        page_cache_purge_many(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True))

    transaction.on_commit(purge)


def _institute_only(acting_user: ActingUser) -> User:
    if not user_is_institute(acting_user):
        raise PermissionDenied(_("Единый календарь ведут сотрудники ЛОИРО."))
    assert isinstance(acting_user, User)
    return acting_user


def _audit(
    action: str, *, acting_user: ActingUser, target: object, data: dict[str, Any], municipality: Any = None
) -> None:
    audit_record(action=action, acting_user=acting_user, municipality=municipality, target=target, data=data)


@transaction.atomic
def regional_event_create(*, acting_user: ActingUser, **fields: Any) -> RegionalEvent:
    """Publish a significant event of the region (004 §3.3.2)."""
    user = _institute_only(acting_user)
    unknown = set(fields) - REGIONAL_EVENT_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    event = RegionalEvent(**fields, created_by=user)
    event.full_clean()
    event.save()
    _audit(
        "regional_event.create", acting_user=user, target=f"regional_event#{event.pk}: {event}", data={"id": event.pk}
    )
    _municipal_pages_purge_on_commit()
    return event


@transaction.atomic
def regional_event_update(*, event: RegionalEvent, acting_user: ActingUser, data: Mapping[str, Any]) -> RegionalEvent:
    user = _institute_only(acting_user)
    unknown = set(data) - REGIONAL_EVENT_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = sorted(name for name, value in data.items() if getattr(event, name) != value)
    for name, value in data.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    _audit(
        "regional_event.update",
        acting_user=user,
        target=f"regional_event#{event.pk}: {event}",
        data={"id": event.pk, "fields": changed},
    )
    _municipal_pages_purge_on_commit()
    return event


@transaction.atomic
def regional_event_withdraw(*, event: RegionalEvent, acting_user: ActingUser, withdrawn: bool = True) -> RegionalEvent:
    """Take an event off the calendar (or put it back); it stays for the record."""
    user = _institute_only(acting_user)
    RegionalEvent.objects.filter(pk=event.pk).update(is_withdrawn=withdrawn, updated_at=timezone.now())
    event.is_withdrawn = withdrawn
    _audit(
        "regional_event.withdraw" if withdrawn else "regional_event.restore",
        acting_user=user,
        target=f"regional_event#{event.pk}: {event}",
        data={"id": event.pk},
    )
    _municipal_pages_purge_on_commit()
    return event


@transaction.atomic
def proposal_create(
    *,
    municipality: Municipality,
    acting_user: ActingUser,
    event_id: int,
    title: str,
    kind: str,
    audience: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    organiser: str,
    url: str = "",
    description: str = "",
    competence_areas: list[str] | None = None,
    note: str = "",
) -> RegionalEventProposal:
    """A municipality proposes one of its events as regionally significant (004 §4.6).

    Only the municipality's methodologists and head may; an event has at most one proposal
    waiting for a decision.
    """
    roles = user_roles(acting_user) if acting_user is not None else None
    if roles is None or not ({Role.METHODOLOGIST, Role.HEAD} & roles.in_municipality(municipality.schema_name)):
        raise PermissionDenied(_("Предложить мероприятие может методист или руководитель службы."))
    proposal = RegionalEventProposal(
        municipality=municipality,
        event_id=event_id,
        title=title,
        kind=kind,
        audience=audience,
        starts_on=starts_on,
        ends_on=ends_on,
        organiser=organiser,
        url=url,
        description=description,
        competence_areas=list(competence_areas or []),
        note=note.strip(),
        proposed_by=acting_user if isinstance(acting_user, User) else None,
    )
    proposal.full_clean(validate_constraints=False)
    if RegionalEvent.objects.filter(source_municipality=municipality, source_event_id=event_id).exists():
        raise ValidationError(_("Это мероприятие уже есть в едином календаре."), code="already_accepted")
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as error:
        raise ValidationError(_("Это мероприятие уже предложено и ждёт решения."), code="pending") from error
    _audit(
        "regional_proposal.create",
        acting_user=acting_user,
        municipality=municipality,
        target=f"proposal#{proposal.pk}: {proposal}",
        data={"event_id": event_id},
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, proposal: RegionalEventProposal, accept: bool, acting_user: ActingUser, comment: str = ""
) -> RegionalEventProposal:
    """The institute accepts a proposal — the event enters the calendar with the municipality
    named — or declines it with a comment."""
    user = _institute_only(acting_user)
    locked = RegionalEventProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(_("По этому предложению решение уже принято."), code="decided")
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Укажите, почему предложение отклонено.")}, code="comment_required")
    if accept:
        locked.regional_event = RegionalEvent.objects.create(
            title=locked.title,
            kind=locked.kind,
            audience=locked.audience,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
            organiser=locked.organiser,
            url=locked.url,
            description=locked.description,
            competence_areas=locked.competence_areas,
            source_municipality=locked.municipality,
            source_event_id=locked.event_id,
            created_by=user,
        )
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    locked.comment = comment
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save()
    _audit(
        "regional_proposal.accept" if accept else "regional_proposal.decline",
        acting_user=user,
        municipality=locked.municipality,
        target=f"proposal#{locked.pk}: {locked}",
        data={"comment": comment, "regional_event": locked.regional_event_id},
    )
    if accept:
        _municipal_pages_purge_on_commit()
    return locked
