"""The contest's writes: applications, the jury's sheets, publication, later stages, the teacher's record, roll-ups."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import ContestRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.contests.models import (
    Application,
    ApplicationStatus,
    Criterion,
    JuryMember,
    Level,
    Result,
    Score,
    StageResult,
    TeacherContestRecord,
)
from tenants.contests.services import (
    application_decide,
    application_submit,
    application_withdraw,
    contest_results_problems,
    contest_results_publish,
    contest_results_unpublish,
    juror_add,
    score_sheet_save,
    stage_result_set,
    teacher_record_sync,
)
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.people.factories import TeacherFactory

D = Decimal


def test_a_teacher_applies_while_applications_are_open(muni_a, make_user):
    with tenant_context(muni_a):
        today = timezone.localdate()
        open_ = contest(applications_until=today)
        teacher = TeacherFactory()
        application = application_submit(contest=open_, teacher=teacher, acting_user=None, today=today)
        assert application.status == ApplicationStatus.SUBMITTED and application.from_cabinet
        assert application.organisation == teacher.organisation  # the nominating organisation by default
        with pytest.raises(ValidationError):  # one application per teacher and contest
            application_submit(contest=open_, teacher=teacher, acting_user=None, today=today)
        with pytest.raises(ValidationError):  # the day after the deadline
            application_submit(contest=open_, teacher=TeacherFactory(), acting_user=None,
                               today=today + datetime.timedelta(days=1))  # fmt: skip
        closed = contest(title="Сердце отдаю детям")
        with pytest.raises(ValidationError):  # no deadline set: not taking applications
            application_submit(contest=closed, teacher=TeacherFactory(), acting_user=None)
        nominated = contest(title="Воспитатель года", applications_until=today, nominations=("Дебют",))
        with pytest.raises(ValidationError) as error:
            application_submit(contest=nominated, teacher=teacher, acting_user=None)
        assert "nomination" in error.value.message_dict
        # No record until the methodologist admits the application; then the municipal stage lands on it.
        assert not TeacherContestRecord.objects.filter(teacher=teacher).exists()
        application_decide(application=application, status=ApplicationStatus.ACCEPTED, acting_user=None)
        record = TeacherContestRecord.objects.get(teacher=teacher)
        assert (record.level, record.result, record.contest_title) == (Level.MUNICIPAL, "", "Педагог года")
        application_withdraw(application=application, acting_user=None)
        assert not TeacherContestRecord.objects.filter(teacher=teacher).exists()


def test_a_mark_stays_within_its_criterions_maximum(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(20,), jurors=1)
        application = applicant(made)
        juror = JuryMember.objects.get(contest=made)
        criterion = Criterion.objects.get(contest=made)
        assert score_sheet_save(juror=juror, application=application, marks={criterion.pk: D("20")}, acting_user=None)
        for bad in (D("20.01"), D("-1"), None):
            with pytest.raises(ValidationError) as error:
                score_sheet_save(juror=juror, application=application, marks={criterion.pk: bad}, acting_user=None)
            assert f"criterion_{criterion.pk}" in error.value.message_dict
        assert Score.objects.get().value == D("20")
        other = contest(title="Другой конкурс", criteria=(10,), jurors=1)
        with pytest.raises(ValidationError):  # a juror of another contest
            score_sheet_save(juror=JuryMember.objects.get(contest=other), application=application,
                             marks={criterion.pk: D(1)}, acting_user=None)  # fmt: skip
        sheets = AuditEntry.objects.filter(
            action="contest_score.sheet", target__startswith=f"application#{application.pk}:"
        )
        assert sheets.count() == 1


def test_a_juror_never_scores_their_own_work_nor_a_rejected_application(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        juror = JuryMember.objects.get(contest=made)
        criterion = Criterion.objects.get(contest=made)
        with pytest.raises(ValidationError) as error:  # a juror does not compete in the contest they judge
            applicant(made, teacher=juror.teacher)
        assert "teacher" in error.value.message_dict
        competitor = applicant(made, "Участвующая")
        with pytest.raises(ValidationError):  # nor joins the jury of a contest they compete in
            juror_add(contest=made, teacher=competitor.teacher, acting_user=None)
        # Written past the rules (an import, a bulk write): the sheet still refuses one's own work.
        own = Application.objects.create(contest=made, teacher=juror.teacher, organisation=juror.teacher.organisation,
                                         status=ApplicationStatus.ACCEPTED)  # fmt: skip
        with pytest.raises(ValidationError):
            score_sheet_save(juror=juror, application=own, marks={criterion.pk: D(5)}, acting_user=None)
        rejected = applicant(made, status=ApplicationStatus.REJECTED)
        with pytest.raises(ValidationError):
            score_sheet_save(juror=juror, application=rejected, marks={criterion.pk: D(5)}, acting_user=None)


def test_results_wait_for_every_sheet_then_rank_title_and_advance(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(20, 30), jurors=2, prize_places=1)
        first, second, third = applicant(made, "Первова"), applicant(made, "Вторых"), applicant(made, "Третьякова")
        juror = JuryMember.objects.filter(contest=made).first()
        criteria = list(Criterion.objects.filter(contest=made))
        score_sheet_save(juror=juror, application=first, marks={c.pk: D(10) for c in criteria}, acting_user=None)
        problems = contest_results_problems(made)
        assert any("Жюриева0" in p and "не хватает оценок: 4" in p for p in problems)
        assert any("Жюриева1" in p for p in problems)
        with pytest.raises(ValidationError):
            contest_results_publish(contest=made, acting_user=None)
        score_all(made, {first: [20, 30], second: [15, 25], third: [10, 20]})
        assert contest_results_problems(made) == []
        contest_results_publish(contest=made, acting_user=None)
        results = {r.application_id: r for r in StageResult.objects.filter(level=Level.MUNICIPAL)}
        # Totals are the sum of both jurors' sheets.
        assert [results[a.pk].total for a in (first, second, third)] == [D(100), D(80), D(60)]
        assert [results[a.pk].rank for a in (first, second, third)] == [1, 2, 3]
        assert [results[a.pk].result for a in (first, second, third)] == [
            Result.WINNER, Result.PRIZE_WINNER, Result.PARTICIPANT,
        ]  # fmt: skip
        assert [results[a.pk].advances for a in (first, second, third)] == [True, False, False]
        # Sheets are closed once published.
        with pytest.raises(ValidationError):
            score_sheet_save(juror=juror, application=first, marks={criteria[0].pk: D(1)}, acting_user=None)
        assert (
            AuditEntry.objects.filter(action="contest.publish", target__startswith=f"contest#{made.pk}:").count() == 1
        )


def test_a_shared_first_place_blocks_publication_until_the_jury_decides(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1, nominations=("Учитель года", "Дебют"))
        nominations = {n.title: n for n in made.nominations.all()}
        one = applicant(made, "Равнова", nomination=nominations["Учитель года"])
        two = applicant(made, "Ровнова", nomination=nominations["Учитель года"])
        debut = applicant(made, "Дебютова", nomination=nominations["Дебют"])
        score_all(made, {one: [8], two: [8], debut: [8]})  # a tie across nominations is no tie
        problems = contest_results_problems(made)
        assert len(problems) == 1 and "Учитель года" in problems[0]
        two.tie_break = 1
        two.save(update_fields=["tie_break"])
        contest_results_publish(contest=made, acting_user=None)
        results = dict(StageResult.objects.values_list("application_id", "result"))
        assert (results[two.pk], results[one.pk], results[debut.pk]) == (
            Result.WINNER, Result.PRIZE_WINNER, Result.WINNER,
        )  # fmt: skip


def test_later_stages_only_for_those_who_went_on_and_they_land_on_the_record(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        winner, other = applicant(made, "Победина"), applicant(made, "Другова")
        score_all(made, {winner: [9], other: [5]})
        with pytest.raises(ValidationError):  # before the municipal results, nobody went on
            stage_result_set(application=winner, level=Level.REGIONAL, result=Result.WINNER, acting_user=None)
        contest_results_publish(contest=made, acting_user=None)
        with pytest.raises(ValidationError):  # the prize-winner did not go on
            stage_result_set(application=other, level=Level.REGIONAL, result=Result.PARTICIPANT, acting_user=None)
        with pytest.raises(ValidationError):  # municipal results come from the sheets only
            stage_result_set(application=other, level=Level.MUNICIPAL, result=Result.WINNER, acting_user=None)
        stage_result_set(application=winner, level=Level.REGIONAL, result=Result.WINNER, advances=True,
                         acting_user=None)  # fmt: skip
        with pytest.raises(ValidationError):  # nowhere to go after the federal stage
            stage_result_set(application=winner, level=Level.FEDERAL, result=Result.PRIZE_WINNER, advances=True,
                             acting_user=None)  # fmt: skip
        stage_result_set(application=winner, level=Level.FEDERAL, result=Result.PRIZE_WINNER, acting_user=None)
        records = dict(TeacherContestRecord.objects.filter(teacher=winner.teacher).values_list("level", "result"))
        assert records == {Level.MUNICIPAL: Result.WINNER, Level.REGIONAL: Result.WINNER,
                           Level.FEDERAL: Result.PRIZE_WINNER}  # fmt: skip
        assert dict(TeacherContestRecord.objects.filter(teacher=other.teacher).values_list("level", "result")) == {
            Level.MUNICIPAL: Result.PRIZE_WINNER
        }
        with pytest.raises(ValidationError):  # a regional result builds on the municipal one
            contest_results_unpublish(contest=made, acting_user=None)


def test_the_record_sync_is_idempotent(muni_a):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        application = applicant(made)
        score_all(made, {application: [7]})
        contest_results_publish(contest=made, acting_user=None)
        before = list(TeacherContestRecord.objects.values_list("pk", "level", "result"))
        syncs = AuditEntry.objects.filter(action="contest_record.sync").count()
        assert teacher_record_sync(application=application, acting_user=None) is False
        assert teacher_record_sync(application=application, acting_user=None) is False
        assert list(TeacherContestRecord.objects.values_list("pk", "level", "result")) == before
        assert AuditEntry.objects.filter(action="contest_record.sync").count() == syncs
        # The record follows a withdrawal of the results: participation stays, the result goes.
        contest_results_unpublish(contest=made, acting_user=None)
        assert list(TeacherContestRecord.objects.values_list("level", "result")) == [(Level.MUNICIPAL, "")]


def test_rollups_equal_a_rebuild(muni_a, muni_b):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        winner, prize, third = applicant(made, "Раз"), applicant(made, "Два"), applicant(made, "Три")
        applicant(made, "Ждущая", status=ApplicationStatus.SUBMITTED)
        score_all(made, {winner: [9], prize: [8], third: [3]})
        contest_results_publish(contest=made, acting_user=None)
        stage_result_set(application=winner, level=Level.REGIONAL, result=Result.PRIZE_WINNER, acting_user=None)
    with tenant_context(muni_b):
        applicant(contest(criteria=(10,), jurors=1), "Бэшкина")

    def rows():
        return sorted(
            ContestRollup.objects.filter(municipality__in=[muni_a, muni_b]).values_list(
                "municipality_id", "academic_year", "level", "participants", "winners", "prize_winners", "advanced"
            )
        )

    incremental = rows()
    assert (muni_a.pk, year.label, "municipal", 3, 1, 2, 1) in incremental
    assert (muni_a.pk, year.label, "regional", 1, 0, 1, 0) in incremental
    assert (muni_b.pk, year.label, "municipal", 1, 0, 0, 0) in incremental
    ContestRollup.objects.all().delete()
    rollups_rebuild(names=["contests"])
    assert rows() == incremental
