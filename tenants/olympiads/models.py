"""The all-Russian school olympiad (ВсОШ) of an academic year, stage by stage (003 §1.3).

An :class:`Olympiad` per academic year holds the organising committee; a :class:`Round` is one
subject at one stage (school, municipal; the regional and final stages as the region reports
them) with its date, place, jury, maximum score and the share of winners and prize-winners the
organiser allows. The next stage's organiser sets passing scores per grade
(:class:`PassingScore`): a participant who scored at least that much goes on.

The school stage is counted, not named (:class:`SchoolStageCount`: organisation, grade,
participants, winners, prize-winners). From the municipal stage on the participants are named
(:class:`Participant`): they are minors, so only the municipality's organisers see them (the
app is among the personal-data apps in ``accounts.role_permissions``); the public sees the
winners and prize-winners of a published protocol whose parents consented to publication, and
nothing else (``tenants.olympiads.pages``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.olympiads.rules import award_allowed
from tenants.organisations.models import Organisation
from tenants.people.models import Teacher


class Stage(models.TextChoices):
    SCHOOL = "school", _("Школьный этап")
    MUNICIPAL = "municipal", _("Муниципальный этап")
    REGIONAL = "regional", _("Региональный этап")
    FINAL = "final", _("Заключительный этап")


STAGE_ORDER = (Stage.SCHOOL, Stage.MUNICIPAL, Stage.REGIONAL, Stage.FINAL)
# The youngest grade that takes part in each stage (pupils may write a senior grade's tasks).
STAGE_FIRST_GRADE = {Stage.SCHOOL: 4, Stage.MUNICIPAL: 7, Stage.REGIONAL: 9, Stage.FINAL: 9}
LAST_GRADE = 11
NAMED_STAGES = (Stage.MUNICIPAL, Stage.REGIONAL, Stage.FINAL)


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


class Subject(models.TextChoices):
    """The olympiad's subjects; the codes are the region's roll-up keys."""

    ENGLISH = "english", _("Английский язык")
    ASTRONOMY = "astronomy", _("Астрономия")
    BIOLOGY = "biology", _("Биология")
    GEOGRAPHY = "geography", _("География")
    INFORMATICS = "informatics", _("Информатика")
    ART = "art", _("Искусство (МХК)")
    SPANISH = "spanish", _("Испанский язык")
    HISTORY = "history", _("История")
    ITALIAN = "italian", _("Итальянский язык")
    CHINESE = "chinese", _("Китайский язык")
    LITERATURE = "literature", _("Литература")
    MATHEMATICS = "mathematics", _("Математика")
    GERMAN = "german", _("Немецкий язык")
    SOCIAL_STUDIES = "social_studies", _("Обществознание")
    SAFETY = "safety", _("Основы безопасности и защиты Родины")
    LAW = "law", _("Право")
    RUSSIAN = "russian", _("Русский язык")
    TECHNOLOGY = "technology", _("Труд (технология)")
    PHYSICS = "physics", _("Физика")
    PHYSICAL_CULTURE = "physical_culture", _("Физическая культура")
    FRENCH = "french", _("Французский язык")
    CHEMISTRY = "chemistry", _("Химия")
    ECOLOGY = "ecology", _("Экология")
    ECONOMICS = "economics", _("Экономика")


class ParticipantStatus(models.TextChoices):
    WINNER = "winner", _("Победитель")
    PRIZE_WINNER = "prize_winner", _("Призёр")
    PARTICIPANT = "participant", _("Участник")


# Higher ranks first: a rank's scores may not fall below a lower rank's (the protocol's rule).
STATUS_RANK = {ParticipantStatus.WINNER: 2, ParticipantStatus.PRIZE_WINNER: 1, ParticipantStatus.PARTICIPANT: 0}
AWARDED = (ParticipantStatus.WINNER, ParticipantStatus.PRIZE_WINNER)


class Olympiad(models.Model):
    """The olympiad of one academic year in the municipality, with its organising committee."""

    academic_year = AcademicYearField(_("учебный год"), unique=True)
    title = models.CharField(_("название"), max_length=300, default="Всероссийская олимпиада школьников")
    committee = models.TextField(
        _("оргкомитет"), blank=True, help_text=_("Председатель и члены оргкомитета, по одному в строке.")
    )
    notes = models.TextField(_("примечания"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("олимпиада")
        verbose_name_plural = _("олимпиады")
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.title}, {AcademicYear(self.academic_year).label}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)


class Round(models.Model):
    """One subject at one stage of the year's olympiad: when, where, who judges, how it is scored."""

    olympiad = models.ForeignKey(Olympiad, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("олимпиада"))
    subject = models.CharField(_("предмет"), max_length=32, choices=Subject.choices)
    stage = models.CharField(_("этап"), max_length=16, choices=Stage.choices)
    held_on = models.DateField(_("дата проведения"), null=True, blank=True)
    place = models.CharField(_("место проведения"), max_length=500, blank=True)
    jury = models.TextField(_("жюри"), blank=True, help_text=_("Председатель и члены жюри, по одному в строке."))
    max_score = models.DecimalField(
        _("максимальный балл"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    awarded_quota = models.PositiveSmallIntegerField(
        _("квота победителей и призёров, %"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Доля победителей и призёров от числа участников класса, установленная организатором."),
    )
    protocol_published_at = models.DateTimeField(_("протокол опубликован"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("этап по предмету")
        verbose_name_plural = _("этапы по предметам")
        ordering = ["olympiad", "subject", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["olympiad", "subject", "stage"],
                name="olympiad_round_unique",
                violation_error_message=_("Этот этап по этому предмету уже заведён в олимпиаде."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()}: {self.get_stage_display().lower()}, {self.olympiad.year.label}"

    @property
    def is_named(self) -> bool:
        return self.stage in NAMED_STAGES

    @property
    def next_stage(self) -> str | None:
        return next_stage(self.stage)

    @property
    def first_grade(self) -> int:
        return STAGE_FIRST_GRADE[Stage(self.stage)]


class PassingScore(models.Model):
    """The score a grade needs in a round to go on to the next stage, set by that stage's organiser."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="passing_scores", verbose_name=_("этап"))
    grade = models.PositiveSmallIntegerField(
        _("класс"), validators=[MinValueValidator(4), MaxValueValidator(LAST_GRADE)]
    )
    score = models.DecimalField(
        _("проходной балл"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = _("проходной балл")
        verbose_name_plural = _("проходные баллы")
        ordering = ["round", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "grade"],
                name="olympiad_passing_score_unique",
                violation_error_message=_("Для этого класса проходной балл уже установлен."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}, {self.grade} кл.: {self.score}"

    def clean(self) -> None:
        if self.round_id is None:
            return
        if self.round.next_stage is None:
            raise ValidationError(_("После заключительного этапа проходить некуда."))
        if self.round.max_score is not None and self.score is not None and self.score > self.round.max_score:
            raise ValidationError({"score": _("Проходной балл больше максимального балла этапа.")})


class SchoolStageCount(models.Model):
    """School stage, one organisation, one grade: how many took part, won and were placed (no names)."""

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="school_counts",
        verbose_name=_("этап"),
        limit_choices_to={"stage": Stage.SCHOOL},
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="olympiad_counts", verbose_name=_("организация")
    )
    grade = models.PositiveSmallIntegerField(_("класс"), validators=[MinValueValidator(4), MaxValueValidator(11)])
    participants = models.PositiveIntegerField(_("участников"))
    winners = models.PositiveIntegerField(_("победителей"), default=0)
    prize_winners = models.PositiveIntegerField(_("призёров"), default=0)

    class Meta:
        verbose_name = _("итоги школьного этапа")
        verbose_name_plural = _("итоги школьного этапа")
        ordering = ["round", "organisation__short_name", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "grade"],
                name="olympiad_school_count_unique",
                violation_error_message=_("Итоги этой организации по этому классу уже внесены."),
            ),
            models.CheckConstraint(
                condition=Q(winners__lte=F("participants") - F("prize_winners")),
                name="olympiad_school_count_awarded_within_participants",
                violation_error_message=_("Победителей и призёров больше, чем участников."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation}, {self.grade} кл."

    def clean(self) -> None:
        if self.round_id is not None and self.round.stage != Stage.SCHOOL:
            raise ValidationError({"round": _("Количественные итоги вносятся только для школьного этапа.")})


class Participant(models.Model):
    """A named participant of the municipal, regional or final stage: a minor's personal data."""

    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("этап"),
        limit_choices_to={"stage__in": NAMED_STAGES},
    )
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("класс"),
        validators=[MinValueValidator(4), MaxValueValidator(LAST_GRADE)],
        help_text=_("Класс, за который выполнялись задания."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="olympiad_participants", verbose_name=_("организация")
    )
    teacher = models.ForeignKey(
        Teacher,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="olympiad_pupils",
        verbose_name=_("учитель (наставник)"),
    )
    score = models.DecimalField(
        _("баллы"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=ParticipantStatus.choices, default=ParticipantStatus.PARTICIPANT
    )
    advances = models.BooleanField(_("проходит на следующий этап"), default=False, editable=False)
    publication_consent = models.BooleanField(
        _("согласие на публикацию"),
        default=False,
        help_text=_("Родитель (законный представитель) согласился на публикацию фамилии, имени, класса и результата."),
    )

    class Meta:
        verbose_name = _("участник олимпиады")
        verbose_name_plural = _("участники олимпиады")
        ordering = ["round", "grade", "-score", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "last_name", "first_name", "middle_name", "organisation", "grade"],
                name="olympiad_participant_unique",
                violation_error_message=_("Этот участник уже внесён в этап."),
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.grade} кл."

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def public_name(self) -> str:
        """What a published protocol shows: surname and first name, no patronymic."""
        return f"{self.last_name} {self.first_name}"

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        stage_round = self.round if self.round_id is not None else None
        if stage_round is not None:
            # Asked of the database, not of a round loaded earlier: publication is what counts now.
            if Round.objects.filter(pk=stage_round.pk, protocol_published_at__isnull=False).exists():
                errors.setdefault("round", []).append(
                    _("Протокол этапа опубликован: снимите публикацию, чтобы менять результаты.")
                )
            if not stage_round.is_named:
                errors.setdefault("round", []).append(
                    _("На школьном этапе участники не вносятся поимённо: внесите количественные итоги.")
                )
            if self.grade is not None and self.grade < stage_round.first_grade:
                errors.setdefault("grade", []).append(
                    _("На этом этапе участвуют учащиеся с %(grade)d класса.") % {"grade": stage_round.first_grade}
                )
            if self.score is not None and stage_round.max_score is not None and self.score > stage_round.max_score:
                errors.setdefault("score", []).append(_("Баллов больше, чем максимальный балл этапа."))
        if self.status in AWARDED:
            refusal = award_allowed(score=self.score, max_score=stage_round.max_score if stage_round else None)
            if refusal:
                errors.setdefault("status", []).append(refusal)
        if errors:
            raise ValidationError(errors)


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.olympiads.pages import OlympiadResultsPage  # noqa: E402, F401
