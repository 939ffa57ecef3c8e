"""Support programmes (адресная методическая помощь) for organisations with low or non-objective results.

Built the way the federal «500+» project works with schools with low results: a curator
methodologist, the risk factors a diagnosis of the school found, and a roadmap of measures with
dates and status (000 §2.2; 003 §1.3; 002 §2.2: help «на основе анализа результатов
федеральных и региональных оценок качества образования»). Each measure points at what it
produced in the platform where there is one: an event, a consultation, a course record, a
mentorship, a visit with lesson observations, an association's work.

Lifecycle (``tenants.quality.services.programmes`` enforces who may do what):
draft → active (the head, once the organisation is confirmed as needing support) →
finished (the curator or the head, with a conclusion) or cancelled (the head, with a reason).

The effect is the next procedures' indicators against those of the programme's first year
(``tenants.quality.selectors.effect``); ``effect_improved`` keeps its last verdict for the roll-ups.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Teacher
from tenants.quality.models.flags import FlagKind


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    ACTIVE = "active", _("Выполняется")
    FINISHED = "finished", _("Завершена")
    CANCELLED = "cancelled", _("Отменена")


OPEN_PROGRAMME_STATUSES = (ProgrammeStatus.DRAFT, ProgrammeStatus.ACTIVE)


class RiskFactor(models.TextChoices):
    """Risk factors of a school's results, as the «500+» project's risk profile names them."""

    EQUIPMENT = "equipment", _("Низкий уровень оснащения школы")
    STAFF_SHORTAGE = "staff_shortage", _("Дефицит педагогических кадров")
    TEACHER_COMPETENCE = "teacher_competence", _("Недостаточная предметная и методическая компетентность педагогов")
    ADAPTIVITY = "adaptivity", _("Низкая адаптивность учебного процесса")
    INTERNAL_PD = "internal_pd", _("Несформированность внутришкольной системы повышения квалификации")
    AT_RISK_PUPILS = "at_risk_pupils", _("Высокая доля обучающихся с рисками учебной неуспешности")
    LANGUAGE_BARRIERS = "language_barriers", _("Низкое качество преодоления языковых и культурных барьеров")
    ENVIRONMENT = "environment", _("Пониженный уровень качества образовательной и воспитательной среды")
    SPECIAL_NEEDS = "special_needs", _("Высокая доля обучающихся с ОВЗ")
    PARENTS = "parents", _("Низкая вовлечённость родителей")
    ASSESSMENT = "assessment", _("Необъективное оценивание, несформированная внутренняя система оценки")


class SupportProgramme(models.Model):
    """A programme of targeted methodological help for one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="support_programmes", verbose_name=_("организация")
    )
    academic_year = AcademicYearField(
        _("базовый учебный год"),
        help_text=_(
            "Год результатов, по которым организации нужна поддержка; с ними сравниваются результаты следующих лет."
        ),
    )
    title = models.CharField(_("название"), max_length=300, default=_("Программа адресной методической помощи"))
    curator = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("куратор (методист)"),
    )
    reasons = ArrayField(
        models.CharField(max_length=20, choices=FlagKind.choices),
        verbose_name=_("причины"),
        default=list,
        blank=True,
        help_text=_("Низкие результаты, признаки необъективности или то и другое."),
    )
    subjects = models.ManyToManyField(
        "assessment.AssessmentSubject",
        related_name="+",
        blank=True,
        verbose_name=_("предметы"),
        help_text=_("По ним оценивается эффект; пусто — все предметы."),
    )
    risk_factors = ArrayField(
        models.CharField(max_length=32, choices=RiskFactor.choices),
        verbose_name=_("факторы риска"),
        default=list,
        blank=True,
    )
    diagnosis = models.TextField(_("результаты диагностики школы"), blank=True)
    goals = models.TextField(_("цели и ожидаемые результаты"), blank=True)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    status = models.CharField(
        _("статус"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT, editable=False
    )
    status_changed_at = models.DateTimeField(_("статус изменён"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("итоги программы"), blank=True, editable=False)
    cancel_reason = models.TextField(_("причина отмены"), blank=True, editable=False)
    effect_improved = models.BooleanField(_("результаты улучшились"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("программа поддержки организации")
        verbose_name_plural = _("программы поддержки организаций")
        ordering = ["-academic_year", "organisation__short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="support_programme_dates_in_order",
                violation_error_message=_("Программа не может закончиться раньше, чем начнётся."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["draft", "active"]),
                name="support_programme_one_open_per_organisation",
                violation_error_message=_("У организации уже есть действующая программа или её черновик."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.organisation}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROGRAMME_STATUSES

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Программа не может закончиться раньше, чем начнётся.")})


class MeasureKind(models.TextChoices):
    VISIT = "visit", _("Выезд в ОО, посещение уроков")
    CONSULTATION = "consultation", _("Консультация")
    EVENT = "event", _("Семинар, мероприятие")
    COURSE = "course", _("Курсы повышения квалификации педагогов")
    MENTORING = "mentoring", _("Наставничество")
    ASSOCIATION = "association", _("Работа в методическом объединении")
    OTHER = "other", _("Другое")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    DONE = "done", _("Выполнено")
    CANCELLED = "cancelled", _("Отменено")


# Which link a measure of each kind may hold (the object it produced in the platform).
KIND_LINKS: dict[str, str] = {
    MeasureKind.VISIT: "visit",
    MeasureKind.CONSULTATION: "consultation",
    MeasureKind.EVENT: "event",
    MeasureKind.COURSE: "course_record",
    MeasureKind.MENTORING: "mentorship",
    MeasureKind.ASSOCIATION: "association",
}
LINK_FIELDS = tuple(KIND_LINKS.values())


class SupportMeasure(models.Model):
    """One measure of a programme's roadmap, linked to what it produced where that exists."""

    programme = models.ForeignKey(
        SupportProgramme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("программа")
    )
    kind = models.CharField(_("вид"), max_length=20, choices=MeasureKind.choices)
    title = models.CharField(_("содержание"), max_length=500)
    due_on = models.DateField(_("срок"))
    status = models.CharField(_("статус"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    responsible = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ответственный"),
    )
    teachers = models.ManyToManyField(
        Teacher,
        blank=True,
        related_name="+",
        verbose_name=_("педагоги"),
        help_text=_("Например, кого направляют на курсы."),
    )
    visit = models.ForeignKey(
        "quality.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("посещение")
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("консультация"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("мероприятие"),
    )
    course_record = models.ForeignKey(
        "development.CourseRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("пройденные курсы"),
    )
    mentorship = models.ForeignKey(
        "mentoring.Mentorship",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("наставничество"),
    )
    association = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("методическое объединение"),
    )
    note = models.TextField(_("примечание"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("мероприятие программы поддержки")
        verbose_name_plural = _("мероприятия программы поддержки")
        ordering = ["programme", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def linked(self) -> object | None:
        field = KIND_LINKS.get(self.kind)
        return getattr(self, field) if field else None

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        allowed = KIND_LINKS.get(self.kind)
        for field in LINK_FIELDS:
            if field != allowed and getattr(self, f"{field}_id") is not None:
                errors.setdefault(field, []).append(
                    str(
                        _("Для мероприятия вида «%(kind)s» эта связь не указывается.")
                        % {"kind": self.get_kind_display()}
                    )
                )
        if self.status == MeasureStatus.DONE and self.done_on is None:
            errors.setdefault("done_on", []).append(str(_("Укажите дату выполнения.")))
        if self.status != MeasureStatus.DONE and self.done_on is not None:
            self.done_on = None
        if errors:
            raise ValidationError(errors)
