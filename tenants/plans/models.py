"""The annual plan of work of the municipal methodological service, in the municipality's schema.

The service works by an annual plan and a cyclogram approved by the chair of the education
committee (000 §3.2, 001 §3.2), along its directions (000 §2.3, 004 §3.3). Once approved the
plan is not edited in place: operational corrections are recorded as month, quarter or
half-year plans (001 §3.3), each adding, moving or cancelling items, so the approved version
and every correction stay visible. The yearly analysis of execution (000 §3.6, 001 §3.4) is
built from the items' statuses, actual results and participants.

Every write goes through ``tenants.plans.services``; reads through ``tenants.plans.selectors``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rollups.models import PlanStatus
from tenants.academic_years import ACADEMIC_MONTHS, AcademicYear, AcademicYearField, Month

# The plan's own states: the region's PlanStatus without "no plan".
PLAN_STATUSES = [(value, label) for value, label in PlanStatus.choices if value != PlanStatus.NONE]


def month_day(year: AcademicYear, month: int) -> datetime.date:
    """The first day of ``month`` within the academic year ``year``."""
    return datetime.date(year.start if month >= 9 else year.start + 1, month, 1)


class Direction(models.Model):
    """A direction of the service's work (000 §2.3, 003 §4, 004 §3.3).

    The four of the regulations are seeded in every municipality with stable codes; a
    municipality adds its own (001: coordination of innovation). The code is what the region's
    roll-ups group by.
    """

    code = models.SlugField(
        _("код"),
        max_length=64,
        unique=True,
        help_text=_("Латиницей, без пробелов: по нему сводятся данные региона."),
    )
    name = models.CharField(_("название"), max_length=255, unique=True)
    clause = models.CharField(_("основание"), max_length=255, blank=True)
    order = models.PositiveIntegerField(_("порядок"), default=100)
    is_seeded = models.BooleanField(_("из положения"), default=False, editable=False)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("направление деятельности")
        verbose_name_plural = _("направления деятельности")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ItemForm(models.TextChoices):
    SEMINAR = "seminar", _("семинар")
    CONFERENCE = "conference", _("конференция")
    ROUND_TABLE = "round_table", _("круглый стол")
    MASTER_CLASS = "master_class", _("мастер-класс")
    CONTEST = "contest", _("конкурс")
    OLYMPIAD = "olympiad", _("олимпиада")
    CONSULTATION = "consultation", _("консультация")
    MONITORING = "monitoring", _("мониторинг")
    MEETING = "meeting", _("совещание, заседание")
    COURSE = "course", _("курсы")
    OTHER = "other", _("другое")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("запланировано")
    DONE = "done", _("выполнено")
    MOVED = "moved", _("перенесено")
    CANCELLED = "cancelled", _("отменено")


class AnnualPlan(models.Model):
    """The service's plan for one academic year (000 §3.2, 004 §4.6): one per year."""

    academic_year = AcademicYearField(_("учебный год"), unique=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=PLAN_STATUSES, default=PlanStatus.DRAFT, editable=False
    )
    note = models.TextField(_("пояснение"), blank=True)
    conclusion = models.TextField(
        _("выводы руководителя"),
        blank=True,
        help_text=_("Итоговые выводы для анализа выполнения плана (000 п. 3.6, 001 п. 3.4)."),
    )
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The approved plan as the register keeps it (kind «annual-plan»), stored with the approval.
    approved_version = models.ForeignKey(
        "registry.DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("утверждённый план в реестре документов"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("годовой план")
        verbose_name_plural = _("годовые планы")
        ordering = ["-academic_year"]
        permissions = [
            ("submit_annualplan", _("Может направлять годовой план на утверждение")),
            ("approve_annualplan", _("Может утверждать годовой план и возвращать его на доработку")),
        ]

    def __str__(self) -> str:
        return str(_("План работы на %(year)s учебный год") % {"year": self.year.label})

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_editable_in_place(self) -> bool:
        """Before approval items change in place; after it, only by corrections (001 §3.3)."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)

    @property
    def takes_corrections(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.IN_EXECUTION)


class EffectiveItemQuerySet(models.QuerySet["PlanItem"]):
    def in_effect(self) -> EffectiveItemQuerySet:
        """Items that are part of the plan: not waiting in a correction not yet applied."""
        return self.filter(Q(correction__isnull=True) | Q(correction__applied_at__isnull=False))


class CyclogramDuty(models.Model):
    """A recurring duty of the cyclogram (001 §3.2): the same work in the given months every year."""

    title = models.CharField(_("содержание"), max_length=500)
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="+", verbose_name=_("направление"))
    form = models.CharField(_("форма"), max_length=20, choices=ItemForm.choices, default=ItemForm.MEETING)
    months = ArrayField(
        models.PositiveSmallIntegerField(choices=Month.choices),
        verbose_name=_("месяцы"),
        help_text=_("Месяцы учебного года, в которые выполняется работа."),
    )
    audience = models.CharField(_("участники"), max_length=300, blank=True)
    expected_result = models.CharField(_("ожидаемый результат"), max_length=500, blank=True)
    responsible = models.ForeignKey(
        "people.Methodologist",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ответственный"),
    )
    is_active = models.BooleanField(_("действует"), default=True)
    order = models.PositiveIntegerField(_("порядок"), default=100)

    class Meta:
        verbose_name = _("пункт циклограммы")
        verbose_name_plural = _("циклограмма деятельности")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def months_label(self) -> str:
        return ", ".join(str(Month(m).label) for m in self.months or [])

    def clean(self) -> None:
        bad = [m for m in self.months or [] if m not in ACADEMIC_MONTHS]
        if bad or not self.months:
            raise ValidationError({"months": _("Укажите хотя бы один месяц (числа от 1 до 12).")})
        self.months = sorted(set(self.months), key=ACADEMIC_MONTHS.index)


class PlanCorrectionKind(models.TextChoices):
    MONTH = "month", _("на месяц")
    QUARTER = "quarter", _("на квартал")
    HALF_YEAR = "half_year", _("на полугодие")


class PlanCorrection(models.Model):
    """An operational correction of an approved plan (001 §3.3), with its reason.

    Its entries add, move or cancel items; nothing changes until it is applied, and after that
    it stays as it was: the plan as of any date is rebuilt from the applied corrections.
    """

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("вид коррекции"), max_length=20, choices=PlanCorrectionKind.choices)
    period_start = models.DateField(_("начало периода"))
    reason = models.TextField(_("основание коррекции"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("создана"), default=timezone.now, editable=False)
    applied_at = models.DateTimeField(_("применена"), null=True, blank=True, editable=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("коррекция плана")
        verbose_name_plural = _("коррекции плана")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(
            _("Коррекция %(kind)s с %(start)s")
            % {"kind": self.get_kind_display(), "start": self.period_start.strftime("%d.%m.%Y")}
        )

    @property
    def period_end(self) -> datetime.date:
        months = {PlanCorrectionKind.MONTH: 1, PlanCorrectionKind.QUARTER: 3, PlanCorrectionKind.HALF_YEAR: 6}[
            PlanCorrectionKind(self.kind)
        ]
        index = self.period_start.year * 12 + self.period_start.month - 1 + months
        return datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


class PlanItem(models.Model):
    """An item (мероприятие) of the plan: what, how, for whom, when, who answers for it."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("план"))
    number = models.PositiveIntegerField(_("№"), default=0)
    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, related_name="items", verbose_name=_("направление")
    )
    form = models.CharField(_("форма"), max_length=20, choices=ItemForm.choices)
    topic = models.CharField(_("содержание (тема)"), max_length=500)
    audience = models.CharField(_("участники (целевая аудитория)"), max_length=300, blank=True)
    month = models.PositiveSmallIntegerField(_("месяц"), choices=Month.choices, null=True, blank=True)
    date_start = models.DateField(_("дата начала"), null=True, blank=True)
    date_end = models.DateField(_("дата окончания"), null=True, blank=True)
    responsible = models.ForeignKey(
        "people.Methodologist",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
        verbose_name=_("ответственный (методист)"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ответственный (сотрудник)"),
    )
    responsible_text = models.CharField(
        _("ответственные (текстом)"), max_length=300, blank=True, help_text=_("Если ответственный не из службы.")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
        verbose_name=_("организация (площадка)"),
    )
    body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
        verbose_name=_("объединение, совет"),
    )
    expected_result = models.CharField(_("ожидаемый результат"), max_length=500, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED, editable=False
    )
    actual_result = models.TextField(_("фактический результат"), blank=True)
    participants = models.PositiveIntegerField(_("участников"), null=True, blank=True)
    done_at = models.DateTimeField(_("отмечено выполненным"), null=True, blank=True, editable=False)
    # Set when the item is taken from the regional unified calendar (004 §4.6).
    unified_calendar_event_id = models.BigIntegerField(null=True, blank=True, editable=False, db_index=True)
    cyclogram_duty = models.ForeignKey(
        CyclogramDuty, null=True, blank=True, on_delete=models.SET_NULL, related_name="items", editable=False
    )
    # The correction that added the item; None for items of the approved version (or the draft).
    correction = models.ForeignKey(
        PlanCorrection, null=True, blank=True, on_delete=models.CASCADE, related_name="added_items", editable=False
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = EffectiveItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("мероприятие плана")
        verbose_name_plural = _("мероприятия плана")
        ordering = ["plan", "number", "pk"]
        indexes = [models.Index(fields=["plan", "status"], name="plan_item_plan_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=False) | Q(date_start__isnull=False),
                name="plan_item_month_or_dates",
                violation_error_message=_("Укажите месяц или даты проведения."),
            ),
            models.CheckConstraint(
                condition=Q(date_end__isnull=True)
                | Q(date_start__isnull=False) & Q(date_end__gte=models.F("date_start")),
                name="plan_item_dates_order",
                violation_error_message=_("Дата окончания не может быть раньше даты начала."),
            ),
            models.UniqueConstraint(
                fields=["plan", "cyclogram_duty", "month"],
                condition=Q(cyclogram_duty__isnull=False),
                name="plan_item_one_per_duty_month",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def when_label(self) -> str:
        if self.date_start:
            if self.date_end and self.date_end != self.date_start:
                return f"{self.date_start:%d.%m.%Y} – {self.date_end:%d.%m.%Y}"
            return f"{self.date_start:%d.%m.%Y}"
        return str(Month(self.month).label) if self.month else ""

    @property
    def responsible_label(self) -> str:
        if self.responsible_id and self.responsible is not None:
            return self.responsible.user.get_full_name() or self.responsible.user.email
        if self.responsible_user_id and self.responsible_user is not None:
            return self.responsible_user.get_full_name() or self.responsible_user.email
        return self.responsible_text

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.date_start and not self.month:
            self.month = self.date_start.month
        if not self.month and not self.date_start:
            errors.setdefault("month", []).append(str(_("Укажите месяц или даты проведения.")))
        if self.date_end and not self.date_start:
            errors.setdefault("date_start", []).append(str(_("Укажите дату начала.")))
        if self.date_start and self.date_end and self.date_end < self.date_start:
            errors.setdefault("date_end", []).append(str(_("Дата окончания не может быть раньше даты начала.")))
        if self.date_start and self.month and self.date_start.month != self.month:
            errors.setdefault("month", []).append(str(_("Месяц не совпадает с датой начала.")))
        year = AcademicYear(self.plan.academic_year) if self.plan_id else None
        for name in ("date_start", "date_end"):
            value = getattr(self, name)
            if year and value and not year.contains(value):
                errors.setdefault(name, []).append(
                    str(_("Дата %(date)s вне учебного года %(year)s.") % {"date": f"{value:%d.%m.%Y}", "year": year})
                )
        if errors:
            raise ValidationError(errors)


class PlanCorrectionAction(models.TextChoices):
    ADD = "add", _("добавить")
    MOVE = "move", _("перенести")
    CANCEL = "cancel", _("отменить")


class PlanCorrectionEntry(models.Model):
    """One change a correction makes: an item added, moved to new dates, or cancelled, and why."""

    correction = models.ForeignKey(PlanCorrection, on_delete=models.CASCADE, related_name="entries")
    action = models.CharField(_("действие"), max_length=10, choices=PlanCorrectionAction.choices)
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="correction_entries")
    reason = models.TextField(_("причина"), blank=True)
    new_month = models.PositiveSmallIntegerField(_("новый месяц"), choices=Month.choices, null=True, blank=True)
    new_date_start = models.DateField(_("новая дата начала"), null=True, blank=True)
    new_date_end = models.DateField(_("новая дата окончания"), null=True, blank=True)
    # Filled when applied: where the item was before the move.
    old_month = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    old_date_start = models.DateField(null=True, blank=True, editable=False)
    old_date_end = models.DateField(null=True, blank=True, editable=False)
    old_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True, editable=False)

    class Meta:
        verbose_name = _("изменение в коррекции")
        verbose_name_plural = _("изменения в коррекции")
        ordering = ["correction", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "item"], name="plan_correction_entry_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.item}"


class PlanTransition(models.Model):
    """A step of the plan's workflow: who, when, from which status to which, with a comment."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("было"), max_length=20, choices=PLAN_STATUSES)
    to_status = models.CharField(_("стало"), max_length=20, choices=PLAN_STATUSES)
    comment = models.TextField(_("комментарий"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("смена статуса плана")
        verbose_name_plural = _("история статусов плана")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("анализ выполнения годового плана")
    MONTH = "month", _("оперативный отчёт за месяц")
    QUARTER = "quarter", _("оперативный отчёт за квартал")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("формируется")
    # The worker building it died; the task is back in the queue and runs again.
    INTERRUPTED = "interrupted", _("прервано, повторяем")
    DONE = "done", _("готов")
    FAILED = "failed", _("ошибка")


class ReportSubmission(models.TextChoices):
    """The year's analysis on its way to the committee chair (000 §3.6, 001 §3.4)."""

    SUBMITTED = "submitted", _("направлен председателю комитета")
    ACCEPTED = "accepted", _("принят")
    RETURNED = "returned", _("возвращён на доработку")


def report_upload_to(instance: PlanReport, filename: str) -> str:
    # Under MEDIA_ROOT/<schema>/ (the tenant storage); served only by the staff view.
    return f"plans/reports/{timezone.now():%Y/%m}/{filename}"


class PlanReport(models.Model):
    """The analysis of the plan's execution (000 §3.6, 001 §3.4) or an operational report.

    Built by a Celery task; ``state`` and ``progress`` are what the admin polls. The PDF goes
    to the document register as a version of its kind. Each report keeps its own conclusion
    («Выводы»): an operational report's is about its month or quarter, not the year's.
    """

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("вид"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("конец периода"))
    conclusion = models.TextField(
        _("выводы"),
        blank=True,
        help_text=_(
            "Выводы этого отчёта. Для анализа за год, если не заполнено, берутся выводы руководителя по плану."
        ),
    )
    state = models.CharField(_("состояние"), max_length=20, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    error = models.TextField(_("ошибка"), blank=True)
    docx_file = models.FileField(_("DOCX"), upload_to=report_upload_to, max_length=255, blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to=report_upload_to, max_length=255, blank=True)
    document_version = models.ForeignKey(
        "registry.DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("заказан"), default=timezone.now)
    finished_at = models.DateTimeField(_("готов"), null=True, blank=True)
    submission = models.CharField(
        _("сдача отчёта"), max_length=20, choices=ReportSubmission.choices, blank=True, default=""
    )
    submitted_at = models.DateTimeField(_("направлен"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(_("комментарий председателя"), blank=True)

    class Meta:
        verbose_name = _("отчёт по плану")
        verbose_name_plural = _("отчёты по плану")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.period_start:%d.%m.%Y} – {self.period_end:%d.%m.%Y}"


class PlanSectionText(models.Model):
    """The methodologist's own analysis of one section of the year's report (000 §3.6, 001 §3.4).

    Written on the plan's screen for the plan's year; taken into the year's analysis when it is
    built, beside the section's numbers. A stored report keeps the text it was built with.
    """

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="section_texts")
    section = models.CharField(_("раздел"), max_length=64)
    text = models.TextField(_("текст раздела"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("текст раздела анализа")
        verbose_name_plural = _("тексты разделов анализа")
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="plan_section_text_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.section}"


# Django finds the cyclogram's reviews here; they live in their own module.
from tenants.plans.cyclogram_review import CyclogramReview as CyclogramReview  # noqa: E402
from tenants.plans.cyclogram_review import CyclogramStatus as CyclogramStatus  # noqa: E402
