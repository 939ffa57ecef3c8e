"""Teachers' professional growth: course records, diagnostics, deficits and individual routes.

* :class:`CourseRecord` — a completed professional development course (курсовая подготовка,
  001 §3.7 "база данных курсовой подготовки"); 273-ФЗ art. 47 p. 5 entitles and obliges a
  teacher to take one at least once every three years (see ``tenants.development.periodicity``).
* :class:`CourseOffer` — an upcoming course the service suggests for a deficit.
* :class:`CompetenceArea` — the municipality's catalogue of professional competence areas
  (004 §2.1.9), seeded by a data migration from ``tenants.competence_areas``; codes are shared
  region-wide so that events and courses match deficits anywhere.
* :class:`Diagnostic` with :class:`DiagnosticResult` — a diagnostic of a teacher's professional
  competences (004 §2.1.9, §3.3.1); :class:`Deficit` — a professional deficit it found
  («точка роста», 003 §1.3).
* :class:`LearningRoute` with :class:`RouteStep` — the individual educational route (ИОМ,
  004 §2.1.10, §3.3.3) built from deficits and followed by a tutor (004 §3.3.4).

Personal data: the role permissions give the region's observers nothing in this app.
"""

from __future__ import annotations

import datetime
import posixpath
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from tenants.people.models import Methodologist, Teacher
from tenants.uploads import validate_document_upload

DOCUMENT_KINDS = ("pdf", "docx", "odt")
MAX_COURSE_HOURS = 3000


class CompetenceArea(models.Model):
    """A professional competence area (004 §2.1.9): the key deficits, courses and events meet on."""

    code = models.SlugField(
        _("код"),
        max_length=64,
        unique=True,
        help_text=_("Латиница, цифры и дефис; по коду курсы и мероприятия региона сопоставляются с дефицитами."),
    )
    name = models.CharField(_("название"), max_length=255)
    is_default = models.BooleanField(_("из регионального перечня"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("порядок"), default=100)

    class Meta:
        verbose_name = _("область компетенций")
        verbose_name_plural = _("области профессиональных компетенций")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CourseFormat(models.TextChoices):
    FULL_TIME = "full_time", _("Очно")
    DISTANCE = "distance", _("Дистанционно")
    MIXED = "mixed", _("Очно-заочно")


class CourseDocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Удостоверение о повышении квалификации")
    DIPLOMA = "diploma", _("Диплом о профессиональной переподготовке")
    ATTENDANCE = "attendance", _("Сертификат или справка об обучении")
    OTHER = "other", _("Другой документ")


def course_document_upload_to(instance: CourseRecord, filename: str) -> str:
    # The storage puts it under MEDIA_ROOT/<schema>/; /media/ never serves this folder. The
    # suffix is the format found in the content, whatever the uploaded name said.
    suffix = f".{instance.file_kind}" if instance.file_kind else posixpath.splitext(filename)[1].lower()[:8]
    return f"development/courses/{uuid.uuid4().hex}{suffix}"


class CourseProviderKind(models.TextChoices):
    INSTITUTE = "institute", _("ГАОУ ДПО «ЛОИРО»")
    OTHER = "other", _("Другая организация")


class CourseOffer(models.Model):
    """An upcoming course offered to the municipality's teachers, suggested for deficits.

    With a quota it takes applications (000 §2.2, §2.3.3; 003 §4.3; 004 §3.3.2: the service
    organises PD and keeps the offer on its site): teachers apply, their organisation confirms, the
    methodologist makes the list for the provider (``tenants.courses``). ``completed_at`` is set
    when the course record of every listed teacher has been written, once.
    """

    provider = models.CharField(_("организатор обучения"), max_length=500)
    provider_kind = models.CharField(
        _("кто проводит"), max_length=16, choices=CourseProviderKind.choices, default=CourseProviderKind.OTHER
    )
    programme = models.CharField(_("программа"), max_length=1000)
    hours = models.PositiveSmallIntegerField(
        _("объём, часов"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COURSE_HOURS)]
    )
    format = models.CharField(_("форма обучения"), max_length=20, choices=CourseFormat.choices)
    start_date = models.DateField(_("начало"))
    end_date = models.DateField(_("окончание"))
    competence_areas = models.ManyToManyField(
        CompetenceArea, related_name="course_offers", verbose_name=_("области компетенций")
    )
    link = models.URLField(_("ссылка на запись"), max_length=1000, blank=True)
    audience = models.CharField(
        _("для кого"), max_length=500, blank=True, help_text=_("Например: учителя математики 5–9 классов.")
    )
    description = models.TextField(_("о курсе"), blank=True)
    quota = models.PositiveSmallIntegerField(
        _("мест по квоте"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "Сколько педагогов муниципалитета может пройти курс. Пусто — заявки через платформу не принимаются."
        ),
    )
    applications_until = models.DateField(
        _("приём заявок до"), null=True, blank=True, help_text=_("Включительно. Пусто — до дня перед началом курса.")
    )
    is_public = models.BooleanField(_("на сайте"), default=True)
    completed_at = models.DateTimeField(_("курсовая подготовка записана"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("предлагаемый курс")
        verbose_name_plural = _("предлагаемые курсы")
        ordering = ["start_date", "programme"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_offer_dates_in_order",
                violation_error_message=_("Курс не может закончиться раньше, чем начнётся."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.provider}, {self.start_date:%d.%m.%Y})"

    def clean(self) -> None:
        if self.applications_until and self.start_date and self.applications_until >= self.start_date:
            raise ValidationError({"applications_until": _("Приём заявок заканчивается до начала курса.")})

    @property
    def takes_applications(self) -> bool:
        return self.quota is not None

    @property
    def applications_close_on(self) -> datetime.date:
        """The last day to apply: the date set, else the day before the course starts."""
        return self.applications_until or self.start_date - datetime.timedelta(days=1)

    def applications_open(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.takes_applications and self.completed_at is None and on <= self.applications_close_on


class CourseRecord(models.Model):
    """A teacher's completed professional development course (001 §3.7; 273-ФЗ art. 47)."""

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="course_records", verbose_name=_("педагог")
    )
    provider = models.CharField(_("организатор обучения"), max_length=500)
    programme = models.CharField(_("программа"), max_length=1000)
    hours = models.PositiveSmallIntegerField(
        _("объём, часов"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COURSE_HOURS)]
    )
    format = models.CharField(_("форма обучения"), max_length=20, choices=CourseFormat.choices)
    start_date = models.DateField(_("начало"))
    end_date = models.DateField(_("окончание"), db_index=True)
    document_kind = models.CharField(
        _("документ"), max_length=20, choices=CourseDocumentKind.choices, default=CourseDocumentKind.CERTIFICATE
    )
    document_number = models.CharField(_("номер документа"), max_length=100, blank=True)
    file = models.FileField(
        _("скан документа"),
        upload_to=course_document_upload_to,
        max_length=255,
        blank=True,
        help_text=_("PDF, DOCX или ODT до 20 МБ."),
    )
    file_kind = models.CharField(_("формат файла"), max_length=10, blank=True, editable=False)
    competence_areas = models.ManyToManyField(
        CompetenceArea, blank=True, related_name="course_records", verbose_name=_("области компетенций")
    )
    course_offer = models.ForeignKey(
        CourseOffer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_records",
        verbose_name=_("по предложенному курсу"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("курсовая подготовка")
        verbose_name_plural = _("курсовая подготовка")
        ordering = ["-end_date", "-pk"]
        indexes = [models.Index(fields=["teacher", "-end_date"], name="course_record_teacher_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_record_dates_in_order",
                violation_error_message=_("Курс не может закончиться раньше, чем начался."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.end_date:%d.%m.%Y})"

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.file.name) if self.file else ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Курс не может закончиться раньше, чем начался.")
        if self.end_date and self.end_date > timezone.localdate():
            errors["end_date"] = _("Здесь учитываются пройденные курсы: дата окончания ещё не наступила.")
        # A new upload (the admin form, a service) is checked by its content; a stored file was.
        if self.file and not self.file._committed:
            try:
                self.file_kind = validate_document_upload(self.file, allowed=DOCUMENT_KINDS)
            except ValidationError as error:
                errors["file"] = error.messages
        elif not self.file:
            self.file_kind = ""
        if errors:
            raise ValidationError(errors)


class DiagnosticInstrument(models.TextChoices):
    REGIONAL = "regional", _("Региональная диагностика")
    FEDERAL = "federal", _("Федеральная диагностика")
    MUNICIPAL = "municipal", _("Муниципальная диагностика")
    OTHER = "other", _("Другое")


class ResultLevel(models.TextChoices):
    INSUFFICIENT = "insufficient", _("Недостаточный")
    BASIC = "basic", _("Базовый")
    ADVANCED = "advanced", _("Повышенный")
    HIGH = "high", _("Высокий")


class Diagnostic(ClusterableModel):
    """A diagnostic of a teacher's professional competences (004 §2.1.9, §3.3.1)."""

    # modelcluster is untyped: field types are spelled out for the Django mypy plugin, and
    # relations from these models have no reverse accessor (the plugin cannot build one).
    teacher: models.ForeignKey[Teacher, Teacher] = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="+", verbose_name=_("педагог")
    )
    held_on: models.DateField[datetime.date, datetime.date] = models.DateField(_("дата"))
    instrument: models.CharField[str, str] = models.CharField(
        _("вид диагностики"), max_length=20, choices=DiagnosticInstrument.choices
    )
    instrument_name: models.CharField[str, str] = models.CharField(
        _("название инструмента"),
        max_length=500,
        help_text=_("Например: «Региональная диагностика предметных и методических компетенций»."),
    )
    notes: models.TextField[str, str] = models.TextField(_("примечание"), blank=True)
    created_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        _("создано"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("диагностика")
        verbose_name_plural = _("диагностики профессиональных компетенций")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument_name} — {self.held_on:%d.%m.%Y}"


class DiagnosticResult(Orderable):
    """The result in one competence area: a level or a score; a result may reveal a deficit."""

    diagnostic = ParentalKey(Diagnostic, on_delete=models.CASCADE, related_name="results")
    area: models.ForeignKey[CompetenceArea, CompetenceArea] = models.ForeignKey(
        CompetenceArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("область компетенций")
    )
    level: models.CharField[str, str] = models.CharField(
        _("уровень"), max_length=20, choices=ResultLevel.choices, blank=True
    )
    score: models.DecimalField[Any, Any] = models.DecimalField(
        _("балл"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    max_score: models.DecimalField[Any, Any] = models.DecimalField(
        _("из скольких"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    is_deficit: models.BooleanField[bool, bool] = models.BooleanField(
        _("выявлен дефицит"),
        default=False,
        help_text=_("Уровень «недостаточный» всегда означает дефицит."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("результат по области")
        verbose_name_plural = _("результаты по областям")

    def __str__(self) -> str:
        return str(self.area)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.level and self.score is None:
            errors["level"] = _("Укажите уровень или балл.")
        if self.score is not None and self.max_score is not None and self.score > self.max_score:
            errors["score"] = _("Балл больше максимального.")
        if errors:
            raise ValidationError(errors)
        if self.level == ResultLevel.INSUFFICIENT:
            self.is_deficit = True


class DeficitStatus(models.TextChoices):
    OPEN = "open", _("Открыт")
    CLOSED = "closed", _("Закрыт")


class Deficit(models.Model):
    """A professional deficit of a teacher in one competence area (003 §1.3, 004 §3.3.1).

    A teacher has at most one open deficit per area; a new diagnostic finding the same gap
    does not add a second one.
    """

    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="deficits", verbose_name=_("педагог"))
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.PROTECT, related_name="deficits", verbose_name=_("область компетенций")
    )
    diagnostic = models.ForeignKey(
        Diagnostic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deficits",
        verbose_name=_("выявлен диагностикой"),
    )
    status = models.CharField(_("статус"), max_length=10, choices=DeficitStatus.choices, default=DeficitStatus.OPEN)
    found_on = models.DateField(_("выявлен"))
    closed_on = models.DateField(_("закрыт"), null=True, blank=True)
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("профессиональный дефицит")
        verbose_name_plural = _("профессиональные дефициты")
        ordering = ["status", "-found_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "area"],
                condition=Q(status="open"),
                name="deficit_one_open_per_area",
                violation_error_message=_("У педагога уже есть открытый дефицит в этой области."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.area}"


class RouteStatus(models.TextChoices):
    ACTIVE = "active", _("Выполняется")
    COMPLETED = "completed", _("Выполнен")
    CANCELLED = "cancelled", _("Прекращён")


class LearningRoute(ClusterableModel):
    """An individual educational route (ИОМ, 004 §2.1.10, §3.3.3) with its tutor (004 §3.3.4)."""

    teacher: models.ForeignKey[Teacher, Teacher] = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="+", verbose_name=_("педагог")
    )
    tutor: models.ForeignKey[Methodologist | None, Methodologist | None] = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("тьютор (методист)"),
    )
    title: models.CharField[str, str] = models.CharField(
        _("название"), max_length=300, default=_("Индивидуальный образовательный маршрут")
    )
    period_start: models.DateField[datetime.date, datetime.date] = models.DateField(_("начало"))
    period_end: models.DateField[datetime.date, datetime.date] = models.DateField(_("окончание"))
    deficits: models.ManyToManyField[Deficit, Any] = models.ManyToManyField(
        Deficit, blank=True, related_name="routes", verbose_name=_("устраняемые дефициты")
    )
    status: models.CharField[str, str] = models.CharField(
        _("статус"), max_length=20, choices=RouteStatus.choices, default=RouteStatus.ACTIVE
    )
    completed_on: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        _("выполнен"), null=True, blank=True, editable=False
    )
    created_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        _("создано"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("индивидуальный образовательный маршрут")
        verbose_name_plural = _("индивидуальные образовательные маршруты")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="learning_route_period_in_order",
                violation_error_message=_("Маршрут не может закончиться раньше, чем начнётся."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.teacher}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Маршрут не может закончиться раньше, чем начнётся.")})


class StepKind(models.TextChoices):
    COURSE = "course", _("Курсы повышения квалификации")
    EVENT = "event", _("Методическое мероприятие")
    INTERNSHIP = "internship", _("Стажировка")
    MENTORING = "mentoring", _("Наставничество")
    SELF_STUDY = "self_study", _("Самообразование")


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Запланирован")
    DONE = "done", _("Выполнен")
    CANCELLED = "cancelled", _("Отменён")


class RouteStep(Orderable):
    """A step of a route: a course, an event, an internship, mentoring or self-study (004 §3.3.3)."""

    route = ParentalKey(LearningRoute, on_delete=models.CASCADE, related_name="steps")
    kind: models.CharField[str, str] = models.CharField(_("вид"), max_length=20, choices=StepKind.choices)
    title: models.CharField[str, str] = models.CharField(_("содержание"), max_length=500)
    area: models.ForeignKey[CompetenceArea | None, CompetenceArea | None] = models.ForeignKey(
        CompetenceArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("область компетенций"),
    )
    target_date: models.DateField[datetime.date, datetime.date] = models.DateField(_("срок"))
    status: models.CharField[str, str] = models.CharField(
        _("статус"), max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    done_on: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        _("выполнен"), null=True, blank=True, editable=False
    )
    course_offer: models.ForeignKey[CourseOffer | None, CourseOffer | None] = models.ForeignKey(
        CourseOffer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("предлагаемый курс"),
    )
    course_record: models.ForeignKey[CourseRecord | None, CourseRecord | None] = models.ForeignKey(
        CourseRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("пройденный курс"),
    )
    event: models.ForeignKey[Any, Any] = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="route_steps",
        verbose_name=_("мероприятие муниципалитета"),
        help_text=_("Отметка о присутствии на мероприятии выполнит шаг."),
    )
    regional_event_id: models.PositiveBigIntegerField[int | None, int | None] = models.PositiveBigIntegerField(
        _("событие единого календаря (номер)"), null=True, blank=True
    )
    note: models.TextField[str, str] = models.TextField(_("примечание"), blank=True)
    done_by: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("кто отметил"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("шаг маршрута")
        verbose_name_plural = _("шаги маршрута")
        indexes = [models.Index(fields=["status", "kind"], name="route_step_status_kind")]

    def __str__(self) -> str:
        return self.title
