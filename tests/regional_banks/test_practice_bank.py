"""The region's bank of best practices (004 §3.3.2): a municipality nominates a practice recommended
for the regional level, the institute's expert council decides (date, protocol, comment), accepted
ones are on the portal with Russian full-text search; edits, withdrawal and deletion; who may do
what, municipality A against B."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from regional_banks.models import NominationStatus, PracticeNomination
from regional_banks.selectors import practice_bank
from regional_banks.services import practice_nomination_decide
from tenants.practices.models import PracticeLevel, PracticeStatus
from tenants.practices.regional import practice_nominate
from tenants.practices.services import practice_create, practice_status_change, practice_update
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

TODAY = datetime.date.today()


def recommended(title: str, *, level: str = PracticeLevel.REGIONAL, description: str = "Описание практики"):
    practice = practice_create(
        acting_user=None, title=title, organisation=OrganisationFactory(), description=description, level=level,
        authors=[TeacherFactory(last_name="Авторова")],
    )  # fmt: skip
    for status in (PracticeStatus.REVIEWED, PracticeStatus.RECOMMENDED):
        practice_status_change(practice=practice, status=status, acting_user=None, skip_permission_checks=True,
                               comment="Рекомендовать для регионального уровня")  # fmt: skip
    return practice


def decide(nomination, institute, *, accept=True, protocol="7", comment=""):
    return practice_nomination_decide(
        nomination=nomination, accept=accept, decided_on=TODAY, protocol_number=protocol, comment=comment,
        acting_user=institute,
    )  # fmt: skip


def test_nominate_review_and_the_public_bank_with_russian_word_forms(muni_a, muni_b, make_user, host_client):
    institute = make_user(Role.INSTITUTE)
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        practice = recommended("Сетевые проекты читательской грамотности", description="Читаем вместе с родителями")
        nomination = practice_nominate(practice=practice, acting_user=methodologist, note="Востребовано")
        with pytest.raises(ValidationError):  # one live nomination a practice
            practice_nominate(practice=practice, acting_user=methodologist)
    assert nomination.status == NominationStatus.PENDING and "Авторова" in nomination.authors
    assert "Рекомендовать" in nomination.municipal_decision
    assert not practice_bank().exists()  # waiting: not in the bank
    assert "Сетевые проекты" not in host_client(None).get("/practices/").content.decode()
    with pytest.raises(PermissionDenied):  # a municipal methodologist does not decide for the region
        decide(nomination, methodologist)
    with pytest.raises(ValidationError) as error:  # the protocol number is part of the decision
        decide(nomination, institute, protocol="")
    assert "protocol_number" in error.value.error_dict
    decide(nomination, institute, protocol="ЭС-3")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decided_on, nomination.protocol_number) == (
        NominationStatus.ACCEPTED,
        TODAY,
        "ЭС-3",
    )
    with pytest.raises(ValidationError):  # decided once
        decide(nomination, institute, accept=False, comment="передумали")
    # Other word forms find it: «сетевой проект», «родитель».
    assert list(practice_bank(text="сетевой проект")) == [nomination]
    assert list(practice_bank(text="родитель")) == [nomination]
    assert not practice_bank(text="физика").exists()
    assert list(practice_bank(municipality_id=muni_b.pk)) == []
    html = host_client(None).get("/practices/", {"q": "сетевой проект"}).content.decode()
    assert "Сетевые проекты читательской грамотности" in html and "ЭС-3" in html
    assert "Сетевые проекты" not in host_client(None).get("/practices/", {"q": "физика"}).content.decode()
    assert (
        AuditEntry.objects.filter(action__in=["practice_nomination.create", "practice_nomination.accept"]).count() == 2
    )


def test_only_a_practice_recommended_for_the_region_is_nominated(muni_a):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError):
            practice_nominate(practice=recommended("Школьная", level=PracticeLevel.SCHOOL), acting_user=None)
        proposed = practice_create(acting_user=None, title="Только предложена", organisation=OrganisationFactory(),
                                   description="…", level=PracticeLevel.REGIONAL)  # fmt: skip
        with pytest.raises(ValidationError):
            practice_nominate(practice=proposed, acting_user=None)


def test_another_municipalitys_staff_cannot_nominate_for_a(muni_a, muni_b, make_user):
    head_b = make_user(Role.HEAD, muni_b)
    with tenant_context(muni_a):
        practice = recommended("Практика А")
        with pytest.raises(PermissionDenied):
            practice_nominate(practice=practice, acting_user=head_b)
        with pytest.raises(PermissionDenied):
            practice_nominate(practice=practice, acting_user=make_user(Role.TEACHER, muni_a))
    assert not PracticeNomination.objects.exists()


def test_a_decline_needs_a_comment_and_the_practice_may_come_again(muni_a, make_user):
    institute = make_user(Role.INSTITUTE)
    with tenant_context(muni_a):
        practice = recommended("Практика на доработку")
        nomination = practice_nominate(practice=practice, acting_user=None)
    with pytest.raises(ValidationError):
        decide(nomination, institute, accept=False)
    decide(nomination, institute, accept=False, comment="Нет описания результатов")
    with tenant_context(muni_a):
        again = practice_nominate(practice=practice, acting_user=None)
    assert again.pk != nomination.pk and again.status == NominationStatus.PENDING


def test_edits_reach_a_waiting_nomination_and_deletion_withdraws(muni_a, make_user):
    from tenants.audited_actions import audited_delete

    institute = make_user(Role.INSTITUTE)
    with tenant_context(muni_a):
        waiting = recommended("Старое название")
        nomination = practice_nominate(practice=waiting, acting_user=None)
        practice_update(practice=waiting, acting_user=None, data={"title": "Новое название"})
        nomination.refresh_from_db()
        assert nomination.title == "Новое название"
        accepted = recommended("Принятая практика")
        accepted_nomination = practice_nominate(practice=accepted, acting_user=None)
    decide(accepted_nomination, institute)
    with tenant_context(muni_a):
        practice_update(practice=accepted, acting_user=None, data={"title": "Правка после решения"})
        accepted_nomination.refresh_from_db()
        assert accepted_nomination.title == "Принятая практика"  # the bank keeps what the council accepted
        assert list(practice_bank()) == [accepted_nomination]
        audited_delete(accepted, acting_user=None)
    accepted_nomination.refresh_from_db()
    assert accepted_nomination.status == NominationStatus.WITHDRAWN
    assert not practice_bank().exists()


def test_the_practice_screen_nominates_in_the_admin(muni_a, muni_b, methodologist_a, make_user, host_client):
    with tenant_context(muni_a):
        practice = recommended("Практика из админки")
    url = f"/admin/practices/regional/{practice.pk}/"
    client = host_client(muni_a, methodologist_a)
    assert "не выдвигалась" in client.get(url).content.decode()
    client.post(url, {"action": "nominate", "note": "Обоснование"})
    assert PracticeNomination.objects.get().note == "Обоснование"
    assert "На рассмотрении" in client.get(url).content.decode()
    assert host_client(muni_b, make_user(Role.HEAD, muni_b)).get(url).status_code == 404
    chair = host_client(muni_a, make_user(Role.CHAIR, muni_a))
    assert chair.post(url, {"action": "withdraw"}).status_code in (302, 403)
    assert PracticeNomination.objects.get().status == NominationStatus.PENDING
    client.post(url, {"action": "withdraw"})
    assert PracticeNomination.objects.get().status == NominationStatus.WITHDRAWN
