"""Importing results: every bad row named with its reason, the whole file or nothing, re-import updates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import OlympiadRollup
from tenants.imports.engine import ImportRejected, import_plan
from tenants.olympiads.imports import ParticipantImportSpec
from tenants.olympiads.models import Participant, ParticipantStatus
from tenants.olympiads.services import participants_import
from tests.tenants.imports.files import xlsx_bytes
from tests.tenants.olympiads.factories import municipal_round
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

HEADER = [
    "Предмет",
    "Этап",
    "Фамилия",
    "Имя",
    "Отчество",
    "Класс",
    "Организация",
    "Учитель",
    "Баллы",
    "Статус",
    "Согласие на публикацию",
]


def _row(**overrides):
    values = {
        "subject": "Математика",
        "stage": "Муниципальный этап",
        "last": "Смирнов",
        "first": "Алексей",
        "middle": "Игоревич",
        "grade": 9,
        "organisation": "МБОУ «СОШ № 1»",
        "teacher": "Иванова Мария Петровна",
        "score": "72,5",
        "status": "Победитель",
        "consent": "да",
    }
    values.update(overrides)
    return list(values.values())


@pytest.fixture
def setting(muni_a):
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="МБОУ «СОШ № 1»", inn="4714012344")
        TeacherFactory(last_name="Иванова", first_name="Мария", middle_name="Петровна", organisation=school)
        return municipal_round(max_score=Decimal(100), passing={9: Decimal(60)}), school


def test_bad_rows_are_named_and_nothing_is_applied(muni_a, methodologist_a, setting):
    data = xlsx_bytes(
        [
            HEADER,
            _row(),
            _row(last="Кузнецова", grade=5),  # below the municipal stage's grades
            _row(last="Попов", score="50", status="Призёр"),  # an award at half the maximum
            _row(last="Орлов", organisation="Школа, которой нет"),
            _row(last="Волков", teacher="Неизвестный Учитель"),
            _row(last="Зайцев", subject="Химия"),  # the chemistry round is not set up
            _row(last="Смирнов"),  # the first row again
            _row(last="Белов", score="сто"),
        ]
    )
    with tenant_context(muni_a):
        plan = import_plan(ParticipantImportSpec(), data, filename="r.xlsx")
        errors = {e.row: str(e) for e in plan.errors}
        assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
        assert "с 7 класса" in errors[3]
        assert "половины максимального" in errors[4]
        assert "не найдена" in errors[5]
        assert "Неизвестный Учитель" in errors[6]
        assert "не заведён" in errors[7]
        assert "строке 2" in errors[8]
        assert "Баллы" in errors[9]
        with pytest.raises(ImportRejected):
            participants_import(data=data, filename="r.xlsx", acting_user=methodologist_a)
        assert not Participant.objects.exists()


def test_a_good_file_is_applied_with_who_goes_on_and_imported_again_updates(muni_a, methodologist_a, setting):
    _round, school = setting
    data = xlsx_bytes(
        [HEADER, _row(), _row(last="Кузнецова", first="Анна", middle="", score="59,5", status="", consent="")]
    )
    with tenant_context(muni_a):
        result = participants_import(data=data, filename="r.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated) == (2, 0)
        winner = Participant.objects.get(last_name="Смирнов")
        assert (winner.status, winner.score, winner.advances, winner.publication_consent) == (
            ParticipantStatus.WINNER,
            Decimal("72.5"),
            True,
            True,
        )
        assert winner.teacher is not None and winner.organisation == school
        other = Participant.objects.get(last_name="Кузнецова")
        assert (other.status, other.advances) == (ParticipantStatus.PARTICIPANT, False)
        again = xlsx_bytes([HEADER, _row(score="80")])
        result = participants_import(data=again, filename="r2.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated) == (0, 1)
        assert Participant.objects.get(pk=winner.pk).score == Decimal(80)
    assert AuditEntry.objects.filter(action="olympiad_participant.import").count() == 2
    row = OlympiadRollup.objects.get(municipality=muni_a, stage="municipal")
    assert (row.participants, row.winners, row.advanced) == (2, 1, 1)
