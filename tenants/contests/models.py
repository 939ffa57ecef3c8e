"""Professional contests of teachers («Педагог года», «Воспитатель года», …) stage by stage
(000 §2.3.3; 003 §1.3; 004 §3.3.3; 001 §3.7 — the database of the contest movement).

A :class:`Contest` of an academic year holds its stages (:class:`ContestStage`: municipal, and the
regional and federal stages as the region reports them), nominations and the criteria the jury
scores with their maximum. A teacher applies from their cabinet or the methodologist registers
them (:class:`Application`, with documents checked by content). Each member of the jury
(:class:`JuryMember`, a teacher or a methodologist of the service) fills their own scoring sheet
(:class:`Score`: one mark per criterion and participant); totals, ranks, results and who goes on
are worked out when the municipal stage's results are published (``tenants.contests.rules``) and
kept as :class:`StageResult` rows, as are the regional and federal stages' results the
methodologist enters. What a teacher took part in and won lands on their record
(:class:`TeacherContestRecord`, written by ``services.teacher_record_sync``), which their growth
page and card show.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Teacher


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("Муниципальный этап")
    REGIONAL = "regional", _("Региональный этап")
    FEDERAL = "federal", _("Федеральный этап")


LEVEL_ORDER = (Level.MUNICIPAL, Level.REGIONAL, Level.FEDERAL)
REPORTED_LEVELS = (Level.REGIONAL, Level.FEDERAL)  # entered as the region reports them


def previous_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(Level(level))
    return LEVEL_ORDER[index - 1] if index else None


class Result(models.TextChoices):
    WINNER = "winner", _("Победитель")
    PRIZE_WINNER = "prize_winner", _("Призёр")
    PARTICIPANT = "participant", _("Участник")


AWARDED = (Result.WINNER, Result.PRIZE_WINNER)


class Contest(models.Model):
    """A professional contest of one academic year in the municipality."""

    title = models.CharField(_("название"), max_length=300, help_text=_("Например, «Педагог года»."))
    academic_year = AcademicYearField(_("учебный год"))
    description = models.TextField(_("описание"), blank=True)
    applications_until = models.DateField(
        _("приём заявок до"), null=True, blank=True, help_text=_("Включительно; пусто — заявки не принимаются.")
    )
    prize_places = models.PositiveSmallIntegerField(
        _("мест призёров в номинации"),
        default=2,
        validators=[MaxValueValidator(10)],
        help_text=_("Сколько мест после победителя дают звание призёра."),
    )
    is_public = models.BooleanField(
        _("на сайте"), default=True, help_text=_("Конкурс, его этапы и опубликованные итоги видны на сайте.")
    )
    results_published_at = models.DateTimeField(
        _("итоги муниципального этапа опубликованы"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("конкурс профессионального мастерства")
        verbose_name_plural = _("конкурсы профессионального мастерства")
        ordering = ["-academic_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "academic_year"],
                name="contest_title_year_unique",
                violation_error_message=_("Конкурс с таким названием в этом учебном году уже заведён."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {AcademicYear(self.academic_year).label}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class ContestStage(models.Model):
    """A stage of the contest: when and where (the municipal one is ours, the others the region's)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages", verbose_name=_("конкурс"))
    level = models.CharField(_("этап"), max_length=16, choices=Level.choices)
    starts_on = models.DateField(_("начало"), null=True, blank=True)
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    place = models.CharField(_("место проведения"), max_length=500, blank=True)
    notes = models.TextField(_("примечания"), blank=True)

    class Meta:
        verbose_name = _("этап конкурса")
        verbose_name_plural = _("этапы конкурса")
        ordering = ["contest", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "level"],
                name="contest_stage_unique",
                violation_error_message=_("Этот этап у конкурса уже есть."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contest_stage_ends_after_start_date",
                violation_error_message=_("Этап заканчивается раньше, чем начинается."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest}: {self.get_level_display().lower()}"


class Nomination(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("конкурс")
    )
    title = models.CharField(_("номинация"), max_length=300)

    class Meta:
        verbose_name = _("номинация конкурса")
        verbose_name_plural = _("номинации конкурса")
        ordering = ["contest", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "title"],
                name="contest_nomination_unique",
                violation_error_message=_("Такая номинация у конкурса уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A criterion the jury scores, from 0 to its maximum."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("конкурс"))
    title = models.CharField(_("критерий"), max_length=300)
    description = models.TextField(_("что оценивается"), blank=True)
    max_score = models.DecimalField(
        _("максимальный балл"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий оценки")
        verbose_name_plural = _("критерии оценки")
        ordering = ["contest", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "title"],
                name="contest_criterion_unique",
                violation_error_message=_("Такой критерий у конкурса уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (0–{self.max_score:g})"


class JuryMember(models.Model):
    """A member of the municipal stage's jury: a teacher or a methodologist of the service."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury", verbose_name=_("конкурс"))
    teacher = models.ForeignKey(
        Teacher, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("педагог")
    )
    methodologist = models.ForeignKey(
        Methodologist, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("методист")
    )
    is_chair = models.BooleanField(_("председатель жюри"), default=False)

    class Meta:
        verbose_name = _("член жюри")
        verbose_name_plural = _("жюри конкурса")
        ordering = ["contest", "-is_chair", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(teacher__isnull=True, methodologist__isnull=False)
                | Q(teacher__isnull=False, methodologist__isnull=True),
                name="contest_juror_one_person",
                violation_error_message=_("Укажите либо педагога, либо методиста."),
            ),
            models.UniqueConstraint(
                fields=["contest", "teacher"],
                name="contest_juror_teacher_unique",
                violation_error_message=_("Этот педагог уже в жюри конкурса."),
            ),
            models.UniqueConstraint(
                fields=["contest", "methodologist"],
                name="contest_juror_methodologist_unique",
                violation_error_message=_("Этот методист уже в жюри конкурса."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.contest_id is not None and self.teacher_id is not None:
            competing = Application.objects.filter(contest_id=self.contest_id, teacher_id=self.teacher_id).exclude(
                status__in=(ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
            )
            if competing.exists():
                raise ValidationError({"teacher": _("Участник конкурса не входит в его жюри.")})

    @property
    def name(self) -> str:
        if self.teacher is not None:
            return self.teacher.full_name
        user = self.methodologist.user if self.methodologist is not None else None
        return (user.get_full_name() or user.email) if user is not None else "—"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Подана")
    ACCEPTED = "accepted", _("Допущена")
    REJECTED = "rejected", _("Отклонена")
    WITHDRAWN = "withdrawn", _("Отозвана")


class Application(models.Model):
    """A teacher's application to the contest (the municipal stage), with the organisation's nomination."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="applications", verbose_name=_("конкурс")
    )
    teacher = models.ForeignKey(
        Teacher, on_delete=models.PROTECT, related_name="contest_applications", verbose_name=_("педагог")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contest_applications",
        verbose_name=_("выдвигающая организация"),
        blank=True,
        help_text=_("Пусто — организация педагога."),
    )
    nomination = models.ForeignKey(
        Nomination,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("номинация"),
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decision_note = models.TextField(_("комментарий методиста"), blank=True)
    tie_break = models.PositiveSmallIntegerField(
        _("решение жюри при равенстве баллов"),
        default=0,
        help_text=_("При равной сумме баллов выше тот, у кого число больше (решение жюри по протоколу)."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("подал"),
    )
    from_cabinet = models.BooleanField(_("подана из личного кабинета"), default=False, editable=False)
    created_at = models.DateTimeField(_("подана"), auto_now_add=True)

    class Meta:
        verbose_name = _("заявка на конкурс")
        verbose_name_plural = _("заявки на конкурс")
        ordering = ["contest", "teacher__last_name", "teacher__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "teacher"],
                name="contest_application_unique",
                violation_error_message=_("Заявка этого педагога на конкурс уже есть."),
            ),
        ]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self) -> str:
        return f"{self.teacher.full_name} — {self.contest}"

    def clean(self) -> None:
        if self.organisation_id is None and self.teacher_id is not None:
            self.organisation = self.teacher.organisation
        nomination = self.nomination if self.nomination_id is not None else None
        if self.contest_id is not None and nomination is not None and nomination.contest_id != self.contest_id:
            raise ValidationError({"nomination": _("Эта номинация — другого конкурса.")})
        if (
            self.contest_id is not None
            and self.nomination_id is None
            and Nomination.objects.filter(contest_id=self.contest_id).exists()
        ):
            raise ValidationError({"nomination": _("Выберите номинацию.")})
        if (
            self.contest_id is not None
            and self.teacher_id is not None
            and JuryMember.objects.filter(contest_id=self.contest_id, teacher_id=self.teacher_id).exists()
        ):
            raise ValidationError({"teacher": _("Член жюри не участвует в конкурсе, который оценивает.")})
        published = Contest.objects.filter(pk=self.contest_id, results_published_at__isnull=False)
        if self.pk is not None and self.contest_id is not None and published.exists():
            raise ValidationError(_("Итоги конкурса опубликованы: снимите публикацию, чтобы менять заявки."))


def document_upload_to(instance: ApplicationDocument, filename: str) -> str:
    # Under MEDIA_ROOT/<schema>/, a folder /media/ never serves; the suffix is the content's format.
    suffix = f".{instance.file_format}" if instance.file_format else PurePosixPath(filename).suffix.lower()[:8]
    return f"contests/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    """A document of the application (the organisation's submission, an essay, a lesson's plan…)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("заявка")
    )
    title = models.CharField(_("документ"), max_length=300)
    file = models.FileField(_("файл"), upload_to=document_upload_to)
    file_format = models.CharField(max_length=8, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ заявки")
        verbose_name_plural = _("документы заявок")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    """One juror's mark for one participant on one criterion (the juror's own scoring sheet)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("оценка члена жюри")
        verbose_name_plural = _("оценки членов жюри")
        constraints = [
            models.UniqueConstraint(fields=["application", "juror", "criterion"], name="contest_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.juror_id}/{self.criterion_id}: {self.value}"


class StageResult(models.Model):
    """A participant's result at a stage: the municipal one from the jury's sheets, the others as reported."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="results", verbose_name=_("участник (заявка)")
    )
    level = models.CharField(_("этап"), max_length=16, choices=Level.choices)
    result = models.CharField(_("итог"), max_length=16, choices=Result.choices, default=Result.PARTICIPANT)
    total = models.DecimalField(_("сумма баллов"), max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("место"), null=True, blank=True)
    advances = models.BooleanField(_("проходит на следующий этап"), default=False)

    class Meta:
        verbose_name = _("итог этапа конкурса")
        verbose_name_plural = _("итоги этапов конкурса")
        ordering = ["application__contest", "level", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "level"],
                name="contest_stage_result_unique",
                violation_error_message=_("Итог этого участника на этом этапе уже внесён."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_level_display().lower()} — {self.get_result_display().lower()}"

    def clean(self) -> None:
        """The regional and federal results: only for those who went on from the stage before."""
        if self.application_id is None or self.level not in REPORTED_LEVELS:
            return
        if self.application.status != ApplicationStatus.ACCEPTED:
            raise ValidationError({"application": _("Заявка не допущена к конкурсу.")})
        before = previous_level(self.level)
        went_on = StageResult.objects.filter(application_id=self.application_id, level=before, advances=True)
        if not went_on.exists():
            raise ValidationError(
                {"level": _("Участник не проходил на этот этап: сначала отметьте, что он прошёл с предыдущего.")}
            )
        if self.level == Level.FEDERAL and self.advances:
            raise ValidationError({"advances": _("После федерального этапа проходить некуда.")})


class TeacherContestRecord(models.Model):
    """What lands on the teacher's record: a stage of a contest they took part in, and how it ended.

    Written only by ``services.teacher_record_sync`` from the application and its stage results
    (idempotent: the same state gives the same rows); shown on the teacher's growth page and card.
    """

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="contest_records", verbose_name=_("педагог")
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="records")
    level = models.CharField(_("этап"), max_length=16, choices=Level.choices)
    contest_title = models.CharField(_("конкурс"), max_length=300)
    academic_year = AcademicYearField(_("учебный год"))
    nomination = models.CharField(_("номинация"), max_length=300, blank=True)
    result = models.CharField(
        _("итог"), max_length=16, choices=Result.choices, blank=True, help_text=_("Пусто — итоги ещё не объявлены.")
    )

    class Meta:
        verbose_name = _("участие в конкурсе")
        verbose_name_plural = _("участие в конкурсах")
        ordering = ["teacher", "-academic_year", "contest_title", "level"]
        constraints = [
            models.UniqueConstraint(fields=["application", "level"], name="contest_record_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_title}, {self.get_level_display().lower()}"

    @property
    def year_label(self) -> str:
        return AcademicYear(self.academic_year).label


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.contests.pages import ContestsPage  # noqa: E402, F401
