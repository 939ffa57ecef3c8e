"""Teachers' professional contests in the contests' section of the plan's reports (issue 15 §4;
000 §2.3.3, 003 §1.3): a row per stage — participants, organisations, winners and prize-winners —
for the year's contests in the year's analysis, for the stages begun in the period in an
operational report; counts only."""

from __future__ import annotations

import datetime
import io

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.academic_years import AcademicYear
from tenants.contests.models import Level, Result
from tenants.contests.selectors import contest_stage_counts
from tenants.contests.services import contest_results_publish, stage_create, stage_result_set
from tenants.plans.models import ReportKind
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.plans.conftest import approved_plan
from tests.tenants.plans.test_year_analysis import _built, _docx_lines

pytestmark = pytest.mark.django_db

PLAN_YEAR = AcademicYear(2025)  # the plans' fixtures' year


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


def _contests() -> None:
    """«Педагог года» 2025/2026 through the municipal stage (published) and its winner at the
    regional one; a contest of the year before, which stays out."""
    made = contest(title="Педагог года", criteria=(10,), jurors=1, prize_places=1, year=PLAN_YEAR)
    stage_create(contest=made, level=Level.MUNICIPAL, starts_on=datetime.date(2026, 2, 10), acting_user=None)
    first, second, third = applicant(made, "Первова"), applicant(made, "Вторых"), applicant(made, "Третьякова")
    score_all(made, {first: [9], second: [7], third: [5]})
    contest_results_publish(contest=made, acting_user=None)
    stage_result_set(application=first, level=Level.REGIONAL, result=Result.WINNER, acting_user=None)
    before = contest(title="Воспитатель года", criteria=(10,), jurors=1, year=PLAN_YEAR.previous(), juror_suffix="п")
    applicant(before, "Прошлогодняя")


def test_the_year_analysis_counts_each_stage_of_the_years_contests(
    muni_a, make_user, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        plan = approved_plan()
        _contests()
        with django_capture_on_commit_callbacks(execute=False):
            report = _built(plan, ReportKind.ANNUAL, head)
        lines = _docx_lines(report.docx_file.read())
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf_file.read())).pages)
    assert "Конкурсное и олимпиадное движение" in lines
    # Three admitted from three schools; one winner, one prize-winner (one prize place).
    assert "Педагог года — муниципальный этап | 10.02.2026 | 3 | 3 | 1 | 1" in lines
    assert "Педагог года — региональный этап | — | 1 | 1 | 1 | 0" in lines
    assert not any(line.startswith("Воспитатель года") for line in lines)
    assert any(line.startswith("Конкурсы профессионального мастерства — по этапам") for line in lines)
    assert "Педагог года" in pdf
    text = "\n".join(lines)
    assert "Первова" not in text and "Вторых" not in text


def test_an_operational_report_takes_the_stages_begun_in_its_period(
    muni_a, make_user, django_capture_on_commit_callbacks
):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        plan = approved_plan()
        _contests()
        with django_capture_on_commit_callbacks(execute=False):
            february = _built(plan, ReportKind.MONTH, head, period_day=datetime.date(2026, 2, 15))
            october = _built(plan, ReportKind.MONTH, head, period_day=datetime.date(2025, 10, 15))
        february_lines = _docx_lines(february.docx_file.read())
        october_lines = _docx_lines(october.docx_file.read())
        # The selector's own answer: the undated regional stage belongs to no period.
        stages = contest_stage_counts(period=(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)))
    assert [(s.contest.title, s.level) for s in stages] == [("Педагог года", Level.MUNICIPAL)]
    assert "Педагог года — муниципальный этап | 10.02.2026 | 3 | 3 | 1 | 1" in february_lines
    assert not any(line.startswith("Педагог года — региональный") for line in february_lines)
    assert not any(line.startswith("Педагог года") for line in october_lines)


def test_a_municipal_stage_before_publication_counts_its_participants_only(muni_a):
    with tenant_context(muni_a):
        made = contest(title="Педагог года", criteria=(10,), jurors=1, year=PLAN_YEAR)
        applicant(made, "Первова")
        applicant(made, "Вторых")
        [stage] = contest_stage_counts(academic_year=PLAN_YEAR.start)
    assert (len(stage.participants), stage.winners, stage.prize_winners) == (2, 0, 0)
