"""Typed results: validated against their procedure, audited, and followed by flags and roll-ups."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import QualityRollup
from tenants.quality.models import AssessmentProcedure, AssessmentResult, Flag
from tenants.quality.services.results import procedure_create, result_create, result_delete, result_update
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.quality.factories import YEAR, kind, procedure, subject


def _vpr_result(user, proc, org, **overrides):
    values = dict(
        grade=5,
        subject=subject("math"),
        participants=20,
        marks_2=5,
        marks_3=10,
        marks_4=4,
        marks_5=1,
        journal_lowered=2,
        journal_confirmed=16,
        journal_raised=2,
    )
    values.update(overrides)
    return result_create(acting_user=user, procedure=proc, organisation=org, **values)


def test_a_typed_result_is_audited_flagged_and_rolled_up(muni_a, methodologist_a):
    with tenant_context(muni_a):
        proc = procedure("vpr")
        org = OrganisationFactory()
        result = _vpr_result(methodologist_a, proc, org)
        flag = Flag.objects.get()
        assert (flag.organisation, flag.reason, flag.value, flag.grade) == (org, "low_share_2", Decimal("25.0"), 5)
        assert "отметку «2» получили 25,0 %" in flag.description()
    assert AuditEntry.objects.filter(action="assessment_result.create", data__id=result.pk).exists()
    row = QualityRollup.objects.get(municipality=muni_a, kind_code="vpr", subject_code="math", grade=5)
    assert (row.participants, row.marks_2, row.marks_5, row.journal_raised) == (20, 5, 1, 2)
    assert (row.organisations, row.organisations_flagged_low, row.organisations_flagged_nonobjective) == (1, 1, 0)

    with tenant_context(muni_a):
        result_update(result=result, acting_user=methodologist_a, data={"marks_2": 4, "marks_3": 11})
        assert not Flag.objects.exists()  # 20 % is under the threshold
        result_delete(result=AssessmentResult.objects.get(), acting_user=methodologist_a)
    assert not QualityRollup.objects.filter(municipality=muni_a).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"marks_2": 6}, "marks_2", "Отметок «2»–«5» 21, а участников 20"),
        ({"marks_5": None}, "marks_2", "Укажите число отметок"),
        ({"grade": 9}, "grade", "нет 9 класса"),
        ({"subject": "physics"}, "subject", "Предмет не входит в процедуру"),
        ({"journal_raised": 3}, "journal_raised", "Понизили, подтвердили и повысили — 21"),
        ({"journal_raised": None}, "journal_raised", "Укажите все три числа"),
        ({"participants": 0, "marks_2": 0, "marks_3": 0, "marks_4": 0, "marks_5": 0}, "participants", ""),
    ],
)
def test_bad_numbers_are_refused_with_a_russian_reason(muni_a, methodologist_a, overrides, field, message):
    with tenant_context(muni_a):
        proc = procedure("vpr")
        org = OrganisationFactory()
        if overrides.get("subject"):
            overrides["subject"] = subject(overrides["subject"])
        with pytest.raises(ValidationError) as error:
            _vpr_result(methodologist_a, proc, org, **overrides)
        assert field in error.value.message_dict
        assert message in " ".join(error.value.message_dict[field])
        assert not AssessmentResult.objects.exists()


def test_scores_for_ege_and_no_marks(muni_a, methodologist_a):
    with tenant_context(muni_a):
        proc = procedure("ege", grades=(11,), subjects=("russian",))
        org = OrganisationFactory()
        with pytest.raises(ValidationError) as error:
            result_create(
                acting_user=methodologist_a,
                procedure=proc,
                organisation=org,
                grade=11,
                subject=subject("russian"),
                participants=20,
                marks_2=0,
                marks_3=10,
                marks_4=5,
                marks_5=5,
            )
        assert set(error.value.message_dict) == {"marks_2", "mean_score", "below_minimum"}
        with pytest.raises(ValidationError, match="больше максимального"):
            result_create(
                acting_user=methodologist_a,
                procedure=proc,
                organisation=org,
                grade=11,
                subject=subject("russian"),
                participants=20,
                mean_score="101",
                below_minimum=1,
            )
        result = result_create(
            acting_user=methodologist_a,
            procedure=proc,
            organisation=org,
            grade=11,
            subject=subject("russian"),
            participants=20,
            mean_score="68.5",
            below_minimum=2,
        )
        assert result.counts().mean == Decimal("68.5") and Flag.objects.get().reason == "low_below_minimum"


def test_journal_comparison_only_for_vpr(muni_a, methodologist_a):
    with tenant_context(muni_a):
        proc = procedure("municipal", grades=(5,))
        with pytest.raises(ValidationError, match="только для ВПР"):
            _vpr_result(methodologist_a, proc, OrganisationFactory())


def test_procedure_checks_its_grades_and_dates(muni_a, methodologist_a):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError) as error:
            procedure_create(
                acting_user=methodologist_a,
                kind=kind("oge"),
                academic_year=YEAR,
                starts_on=datetime.date(YEAR + 1, 5, 20),
                ends_on=datetime.date(YEAR + 1, 5, 19),
                grades=[8, 9],
            )
        assert "ends_on" in error.value.message_dict
        assert "ОГЭ не проводится в классах: 8" in error.value.message_dict["grades"][0]
        made = procedure_create(
            acting_user=methodologist_a,
            kind=kind("oge"),
            academic_year=YEAR,
            starts_on=datetime.date(YEAR + 1, 5, 20),
            ends_on=datetime.date(YEAR + 1, 6, 20),
            grades=[9],
            subjects=[subject("math")],
        )
        assert str(made) == "ОГЭ 2025/2026" and AssessmentProcedure.objects.count() == 1


def test_a_teacher_may_not_write_results(muni_a, make_user):
    from accounts.models import Role

    teacher = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a), pytest.raises(PermissionDenied):
        _vpr_result(teacher, procedure("vpr"), OrganisationFactory())
