"""Writes of the teachers' professional contests (000 §2.3.3; 003 §1.3; 004 §3.3.3).

Plain creates, edits and deletes go through the audited actions (``tenants.contests.actions``:
the teacher's record and the roll-up follow in the same transaction). Applications from the
cabinet, the methodologist's decisions, documents, a juror's scoring sheet, publishing the
municipal stage's results and the regional and federal results are services of their own, each
with its audit row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, User
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.contests import rules
from tenants.contests.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Contest,
    ContestStage,
    Criterion,
    JuryMember,
    Level,
    Nomination,
    Score,
    StageResult,
    TeacherContestRecord,
)
from tenants.contests.rollup import contest_rollup_refresh
from tenants.contests.selectors import contest_missing_marks
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Teacher
from tenants.uploads import validate_document_upload

DOCUMENT_FORMATS = ("pdf", "docx", "odt")
DOCUMENT_MAX_SIZE = 20 * 1024 * 1024


def _account(acting_user: ActingUser) -> User | None:
    return acting_user if isinstance(acting_user, User) else None


# The contest and its parts --------------------------------------------------------------------


@transaction.atomic
def contest_create(
    *, title: str, academic_year: AcademicYear, acting_user: ActingUser, description: str = "",
    applications_until: datetime.date | None = None, prize_places: int = 2, is_public: bool = True,
) -> Contest:  # fmt: skip
    contest = Contest(
        title=title.strip(), academic_year=academic_year.start, description=description,
        applications_until=applications_until, prize_places=prize_places, is_public=is_public,
    )  # fmt: skip
    contest.full_clean()
    return audited_create(contest, acting_user=acting_user)


@transaction.atomic
def stage_create(
    *, contest: Contest, level: str, acting_user: ActingUser, starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None, place: str = "",
) -> ContestStage:  # fmt: skip
    stage = ContestStage(contest=contest, level=level, starts_on=starts_on, ends_on=ends_on, place=place)
    stage.full_clean()
    return audited_create(stage, acting_user=acting_user)


@transaction.atomic
def nomination_create(*, contest: Contest, title: str, acting_user: ActingUser) -> Nomination:
    nomination = Nomination(contest=contest, title=title.strip())
    nomination.full_clean()
    return audited_create(nomination, acting_user=acting_user)


@transaction.atomic
def criterion_create(
    *, contest: Contest, title: str, max_score: Decimal, acting_user: ActingUser, order: int = 0, description: str = ""
) -> Criterion:
    criterion = Criterion(
        contest=contest, title=title.strip(), max_score=max_score, order=order, description=description
    )
    criterion.full_clean()
    return audited_create(criterion, acting_user=acting_user)


@transaction.atomic
def juror_add(
    *, contest: Contest, acting_user: ActingUser, teacher: Teacher | None = None,
    methodologist: Methodologist | None = None, is_chair: bool = False,
) -> JuryMember:  # fmt: skip
    juror = JuryMember(contest=contest, teacher=teacher, methodologist=methodologist, is_chair=is_chair)
    juror.full_clean()
    return audited_create(juror, acting_user=acting_user)


# Applications -------------------------------------------------------------------------------


def contest_accepts_applications(contest: Contest, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return contest.applications_until is not None and today <= contest.applications_until and not contest.is_published


@transaction.atomic
def application_submit(
    *, contest: Contest, teacher: Teacher, acting_user: ActingUser, nomination: Nomination | None = None,
    today: datetime.date | None = None,
) -> Application:  # fmt: skip
    """A teacher applies from their cabinet (while the contest takes applications)."""
    if not contest_accepts_applications(contest, today=today):
        raise ValidationError(_("Приём заявок на этот конкурс закрыт."))
    application = Application(
        contest=contest, teacher=teacher, nomination=nomination, status=ApplicationStatus.SUBMITTED,
        submitted_by=_account(acting_user), from_cabinet=True,
    )  # fmt: skip
    application.full_clean()
    return audited_create(application, acting_user=acting_user)


@transaction.atomic
def application_register(
    *, contest: Contest, teacher: Teacher, acting_user: ActingUser, nomination: Nomination | None = None,
    organisation: Organisation | None = None, status: str = ApplicationStatus.ACCEPTED,
) -> Application:  # fmt: skip
    """The methodologist registers a teacher's application (admitted at once unless told otherwise)."""
    application = Application(
        contest=contest, teacher=teacher, nomination=nomination, status=status, submitted_by=_account(acting_user),
        organisation=organisation or teacher.organisation,
    )  # fmt: skip
    application.full_clean()
    return audited_create(application, acting_user=acting_user)


@transaction.atomic
def application_decide(
    *, application: Application, status: str, acting_user: ActingUser, note: str = ""
) -> Application:
    """Admit or reject an application (the methodologist)."""
    if status not in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED):
        raise ValidationError(_("Заявку можно допустить или отклонить."))
    application.status, application.decision_note = status, note
    application.full_clean()
    return audited_update(application, acting_user=acting_user)


@transaction.atomic
def application_withdraw(*, application: Application, acting_user: ActingUser) -> Application:
    """The teacher withdraws their own application (before the results)."""
    application.status = ApplicationStatus.WITHDRAWN
    application.full_clean()
    return audited_update(application, acting_user=acting_user)


def document_check(file: IO[bytes]) -> str:
    """The document's format if it is a PDF, DOCX or ODT by content, within the limits (the upload checks)."""
    try:
        return validate_document_upload(file, allowed=DOCUMENT_FORMATS, max_size=DOCUMENT_MAX_SIZE)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


@transaction.atomic
def application_document_add(
    *, application: Application, title: str, file: Any, acting_user: ActingUser
) -> ApplicationDocument:
    if application.contest.is_published or application.status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ):
        raise ValidationError(_("К этой заявке документы больше не добавляются."))
    document = ApplicationDocument(application=application, title=title.strip())
    document.file_format = document_check(file)
    document.file = file
    document.full_clean()
    return audited_create(document, acting_user=acting_user)


# The jury's sheets and the results ----------------------------------------------------------


@transaction.atomic
def score_sheet_save(
    *, juror: JuryMember, application: Application, marks: dict[int, Decimal | None], acting_user: ActingUser
) -> int:
    """A juror's marks for one participant, criterion by criterion; returns how many were saved.

    Only the juror's own sheet, only for an admitted participant of the juror's contest, only
    before the results are published; every mark from 0 to its criterion's maximum.
    """
    contest = Contest.objects.select_for_update().get(pk=juror.contest_id)
    if application.contest_id != contest.pk:
        raise ValidationError(_("Этот участник — другого конкурса."))
    if contest.is_published:
        raise ValidationError(_("Итоги опубликованы: оценки больше не меняются."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("Заявка не допущена к конкурсу."))
    if juror.teacher_id is not None and juror.teacher_id == application.teacher_id:
        raise ValidationError(_("Член жюри не оценивает собственную конкурсную работу."))
    criteria = {c.pk: c for c in Criterion.objects.filter(contest=contest)}
    errors: dict[str, list[str]] = {}
    for criterion_id, value in marks.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Такого критерия у конкурса нет."))
        problem = rules.mark_problem(value, criterion.max_score)
        if problem:
            errors[f"criterion_{criterion_id}"] = [problem]
    if errors:
        raise ValidationError(errors)
    for criterion_id, value in marks.items():
        Score.objects.update_or_create(
            application=application, juror=juror, criterion_id=criterion_id, defaults={"value": value}
        )
    audit_record_municipal(
        action="contest_score.sheet",
        acting_user=acting_user,
        target=f"application#{application.pk}: {application}",
        data={"juror": juror.pk, "criteria": sorted(marks)},
    )
    return len(marks)


def _entries(contest: Contest) -> tuple[list[rules.Entry], dict[int, Application]]:
    admitted = {
        a.pk: a
        for a in Application.objects.filter(contest=contest, status=ApplicationStatus.ACCEPTED).select_related(
            "teacher", "nomination"
        )
    }
    totals: dict[int, Decimal] = dict.fromkeys(admitted, Decimal(0))
    for application_id, value in Score.objects.filter(application_id__in=admitted).values_list(
        "application_id", "value"
    ):
        totals[application_id] += value
    entries = [
        rules.Entry(key=pk, group=a.nomination_id, total=totals[pk], tie_break=a.tie_break)
        for pk, a in admitted.items()
    ]
    return entries, admitted


def contest_results_problems(contest: Contest) -> list[str]:
    """Why the municipal stage's results may not be published yet (empty: they may)."""
    problems: list[str] = []
    entries, admitted = _entries(contest)
    if not admitted:
        return [_("В конкурсе нет допущенных участников.")]
    if not Criterion.objects.filter(contest=contest).exists():
        problems.append(_("У конкурса нет критериев оценки."))
    if not JuryMember.objects.filter(contest=contest).exists():
        problems.append(_("У конкурса нет жюри."))
    for juror, missing in contest_missing_marks(contest).items():
        problems.append(
            _("Лист оценки не заполнен: %(juror)s (не хватает оценок: %(n)d).") % {"juror": juror.name, "n": missing}
        )
    if not problems:
        nominations = {a.nomination_id: a.nomination for a in admitted.values()}
        for group in rules.shared_first_places(entries):
            label = nominations[group].title if group is not None else _("конкурс")  # type: ignore[index, union-attr]
            problems.append(
                _("Первое место в номинации «%(nomination)s» делят несколько участников: жюри решает, кто "
                  "победитель (поле «решение жюри при равенстве баллов»).") % {"nomination": label}
            )  # fmt: skip
    return problems


@transaction.atomic
def contest_results_publish(*, contest: Contest, acting_user: ActingUser) -> Contest:
    """Work out totals, places, titles and who goes on; publish them; land them on the teachers' records."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.is_published:
        raise ValidationError(_("Итоги уже опубликованы."))
    problems = contest_results_problems(contest)
    if problems:
        raise ValidationError(problems, code="results")
    entries, admitted = _entries(contest)
    found = rules.outcomes(entries, prize_places=contest.prize_places)
    totals = {e.key: e.total for e in entries}
    StageResult.objects.filter(application__contest=contest, level=Level.MUNICIPAL).delete()
    StageResult.objects.bulk_create(
        [
            StageResult(
                application_id=int(pk),  # type: ignore[call-overload]
                level=Level.MUNICIPAL, result=outcome.result, total=totals[pk], rank=outcome.rank,
                advances=outcome.advances,
            )
            for pk, outcome in found.items()
        ]
    )  # fmt: skip
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    audit_record_municipal(
        action="contest.publish", acting_user=acting_user, target=f"contest#{contest.pk}: {contest}",
        data={"id": contest.pk, "participants": len(found)},
    )  # fmt: skip
    for application in admitted.values():
        teacher_record_sync(application=application, acting_user=acting_user)
    contest_rollup_refresh()
    return contest


@transaction.atomic
def contest_results_unpublish(*, contest: Contest, acting_user: ActingUser) -> Contest:
    """Withdraw the municipal results (refused once a regional result builds on them)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if StageResult.objects.filter(application__contest=contest).exclude(level=Level.MUNICIPAL).exists():
        raise ValidationError(_("Внесены итоги регионального этапа: сначала удалите их."))
    StageResult.objects.filter(application__contest=contest, level=Level.MUNICIPAL).delete()
    contest.results_published_at = None
    contest.save(update_fields=["results_published_at"])
    audit_record_municipal(
        action="contest.unpublish", acting_user=acting_user, target=f"contest#{contest.pk}: {contest}",
        data={"id": contest.pk},
    )  # fmt: skip
    for application in Application.objects.filter(contest=contest).select_related("contest", "nomination"):
        teacher_record_sync(application=application, acting_user=acting_user)
    contest_rollup_refresh()
    return contest


@transaction.atomic
def stage_result_set(
    *, application: Application, level: str, result: str, acting_user: ActingUser, advances: bool = False
) -> StageResult:
    """The regional or federal result as the region reported it (entered by the methodologist)."""
    if level not in (Level.REGIONAL, Level.FEDERAL):
        raise ValidationError(_("Итоги муниципального этапа получаются из оценок жюри при публикации."))
    found = StageResult.objects.filter(application=application, level=level).first()
    stage_result = found or StageResult(application=application, level=level)
    stage_result.result, stage_result.advances = result, advances
    stage_result.full_clean()
    if found is None:
        return audited_create(stage_result, acting_user=acting_user)
    return audited_update(stage_result, acting_user=acting_user)


def stage_result_delete(*, stage_result: StageResult, acting_user: ActingUser) -> None:
    audited_delete(stage_result, acting_user=acting_user)


# The teacher's record -----------------------------------------------------------------------


def _record_rows(application: Application) -> dict[str, str]:
    """Level → result ("" while the results are not out) the application should leave on the record."""
    if application.status != ApplicationStatus.ACCEPTED:
        return {}
    published = Contest.objects.filter(pk=application.contest_id, results_published_at__isnull=False).exists()
    results = dict(StageResult.objects.filter(application=application).values_list("level", "result"))
    rows = {Level.MUNICIPAL.value: results.get(Level.MUNICIPAL, "") if published else ""}
    for level in (Level.REGIONAL, Level.FEDERAL):
        if level in results:
            rows[level.value] = results[level]
    return rows


@transaction.atomic
def teacher_record_sync(*, application: Application, acting_user: ActingUser) -> bool:
    """Make the teacher's record show this application's stages and results; True if anything changed.

    Idempotent: the rows follow the application's state (admitted → the municipal stage, with its
    result once published; each regional or federal result), so a second call changes nothing.
    """
    application = Application.objects.select_related("contest", "nomination").get(pk=application.pk)
    wanted = _record_rows(application)
    existing = {r.level: r for r in TeacherContestRecord.objects.filter(application=application)}
    facts = {
        "teacher_id": application.teacher_id,
        "contest_title": application.contest.title,
        "academic_year": application.contest.academic_year,
        "nomination": application.nomination.title if application.nomination else "",
    }
    changed: list[str] = []
    for level, record in existing.items():
        if level not in wanted:
            record.delete()
            changed.append(f"-{level}")
    for level, result in wanted.items():
        found = existing.get(level)
        values = {**facts, "result": result}
        if found is None:
            TeacherContestRecord.objects.create(application=application, level=level, **values)
            changed.append(f"+{level}")
        elif any(getattr(found, name) != value for name, value in values.items()):
            TeacherContestRecord.objects.filter(pk=found.pk).update(**values)
            changed.append(f"~{level}")
    if changed:
        audit_record_municipal(
            action="contest_record.sync", acting_user=acting_user,
            target=f"teacher#{application.teacher_id}: {application.teacher}",
            data={"application": application.pk, "changes": changed},
        )  # fmt: skip
    return bool(changed)
