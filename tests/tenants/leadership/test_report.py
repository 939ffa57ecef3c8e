"""The associations' effectiveness in the year's analysis (issue 15 §4; 000 §2.3.1, §3.6): a section
after the associations and councils, one row per association or school assessed in the plan's year
with the self-assessment and the methodologist's as shares of the maximum; in the DOCX and the PDF
the worker builds; not in an operational report; names of bodies and schools only."""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.leadership.effectiveness import criteria_active, effectiveness_assess
from tenants.leadership.models import Assessor, EffectivenessSubject
from tenants.plans.models import ReportKind
from tenants.plans.report_registry import report_section_titles
from tests.tenants.plans.conftest import approved_plan
from tests.tenants.plans.test_year_analysis import _built, _docx_lines

pytestmark = pytest.mark.django_db

PLAN_YEAR = AcademicYear(2025)  # the plans' fixtures' year


def _scores(subject: str, value: int) -> dict[int, int]:
    return {c.pk: value for c in criteria_active(subject)}


def _assessed(world) -> None:
    association, school = EffectivenessSubject.ASSOCIATION, EffectivenessSubject.SCHOOL
    effectiveness_assess(
        obj=world["own"], academic_year=PLAN_YEAR, assessor=Assessor.SELF, scores=_scores(association, 2),
        acting_user=world["leader"],
    )  # fmt: skip
    effectiveness_assess(
        obj=world["own"], academic_year=PLAN_YEAR, assessor=Assessor.METHODOLOGIST, scores=_scores(association, 1),
        acting_user=world["methodologist"],
    )  # fmt: skip
    effectiveness_assess(
        obj=world["school"], academic_year=PLAN_YEAR, assessor=Assessor.SELF, scores=_scores(school, 0),
        acting_user=world["coordinator"],
    )  # fmt: skip
    # Another year's assessment stays out of this year's analysis.
    effectiveness_assess(
        obj=world["other"], academic_year=PLAN_YEAR.next(), assessor=Assessor.METHODOLOGIST,
        scores=_scores(association, 2), acting_user=world["methodologist"],
    )  # fmt: skip


def test_the_year_analysis_carries_the_effectiveness_of_associations_and_schools(
    muni_a, world, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    with tenant_context(muni_a):
        plan = approved_plan()
        _assessed(world)
        with django_capture_on_commit_callbacks(execute=False):
            report = _built(plan, ReportKind.ANNUAL, world["head"])
        lines = _docx_lines(report.docx_file.read())
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf_file.read())).pages)
    title = "Эффективность методических объединений и методических служб школ"
    assert lines.index("Методические объединения и советы") < lines.index(title)
    assert "ГМО учителей истории | Городское методическое объединение (ГМО) | 100% | 50%" in lines
    assert "Школа № 1 | Методическая служба школы | 0% | —" in lines
    # Who was not assessed in the plan's year is not listed, only counted.
    assert not any(line.startswith("Чужое-ГМО-секрет |") and line.endswith(("%", "—")) for line in lines)
    assert not any(line.startswith("Школа № 2 |") for line in lines)
    assert any("Оценено объединений: 1 из" in line and "методических служб школ: 1 из" in line for line in lines)
    assert "Эффективность методических объединений" in pdf and "100%" in pdf
    # No person's name.
    text = "\n".join(lines)
    assert "Своя" not in text and "leader@example.test" not in text


def test_an_operational_report_and_a_year_without_assessments_have_no_such_section(
    muni_a, world, django_capture_on_commit_callbacks
):
    import datetime

    title = "Эффективность методических объединений и методических служб школ"
    assert "associations_effectiveness" in dict(report_section_titles())
    with tenant_context(muni_a):
        plan = approved_plan()
        with django_capture_on_commit_callbacks(execute=False):
            empty = _built(plan, ReportKind.ANNUAL, world["head"])
        assert title not in _docx_lines(empty.docx_file.read())
        _assessed(world)
        with django_capture_on_commit_callbacks(execute=False):
            month = _built(plan, ReportKind.MONTH, world["head"], period_day=datetime.date(2025, 10, 20))
        assert title not in _docx_lines(month.docx_file.read())
