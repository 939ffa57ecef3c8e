"""The regional institute's workspace (000 §3.3, 004 §4.4): its own objects in the public schema.

The institute reads every municipality through aggregated roll-ups; what it writes is its own —
comments on the municipalities' plans, the access log of its reads, snapshots of the indicators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField


class AccessLogEntry(models.Model):
    """One cross-municipality read by a region user of a page of the workspace's drill-down.

    Written for every drill-down section; ``personal_data`` marks the reads that showed names
    (the plan's responsible persons), which is what the log is for.
    """

    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("кто")
    )
    user_email = models.CharField(_("e-mail"), max_length=254)  # kept when the account goes
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("муниципалитет")
    )
    section = models.CharField(_("раздел"), max_length=32)
    path = models.CharField(_("адрес"), max_length=500)
    personal_data = models.BooleanField(_("персональные данные"), default=False)

    class Meta:
        verbose_name = _("запись журнала доступа")
        verbose_name_plural = _("журнал доступа к данным муниципалитетов")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_email} {self.section}"


class CommentSide(models.TextChoices):
    INSTITUTE = "institute", _("ЛОИРО")
    MUNICIPALITY = "municipality", _("Муниципалитет")


class PlanComment(models.Model):
    """A comment of the institute on a municipality's annual plan or one of its items, and the
    replies in the thread (the institute's scientific-methodological support, 000 §3.3, 004 §4.4)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("муниципалитет")
    )
    academic_year = AcademicYearField(_("учебный год"))
    # The plan item lives in the municipality's schema: its id, and its title when commented on.
    plan_item_id = models.PositiveIntegerField(_("мероприятие плана"), null=True, blank=True)
    plan_item_title = models.CharField(_("мероприятие"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("ответ на")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("автор"), max_length=255)
    side = models.CharField(_("сторона"), max_length=20, choices=CommentSide.choices)
    text = models.TextField(_("текст"))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий к плану")
        verbose_name_plural = _("комментарии к планам")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["municipality", "academic_year"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"

    @property
    def academic_year_label(self) -> str:
        return AcademicYear(self.academic_year).label


class IndicatorSnapshot(models.Model):
    """A municipality's roll-up as it stood on one day: the drill-down's indicators over time."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("муниципалитет")
    )
    academic_year = models.CharField(_("учебный год"), max_length=9)
    taken_on = models.DateField(_("дата"))
    plan_status = models.CharField(max_length=20)
    plan_items_total = models.PositiveIntegerField(default=0)
    plan_items_done = models.PositiveIntegerField(default=0)
    plan_items_moved = models.PositiveIntegerField(default=0)
    plan_items_cancelled = models.PositiveIntegerField(default=0)
    events_held = models.PositiveIntegerField(default=0)
    events_participants = models.PositiveIntegerField(default=0)
    teachers_total = models.PositiveIntegerField(default=0)
    pd_up_to_date = models.PositiveIntegerField(default=0)
    pd_overdue = models.PositiveIntegerField(default=0)
    documents_required = models.PositiveIntegerField(default=0)
    documents_in_force = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("снимок показателей")
        verbose_name_plural = _("снимки показателей")
        ordering = ["municipality", "taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "taken_on"], name="indicator_snapshot_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.taken_on}"


class RegionalDiagnostic(models.Model):
    """A regional diagnostic of teachers' competences held by the institute (004 §3.3.1).

    Its results are loaded centrally, per municipality and competence area, as counts: how many
    teachers took part and how many showed a deficit. No teacher is named.
    """

    title = models.CharField(_("название"), max_length=200)
    academic_year = models.CharField(_("учебный год"), max_length=9)
    held_on = models.DateField(_("дата проведения"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("загрузил")
    )
    loaded_at = models.DateTimeField(_("загружено"), auto_now_add=True)

    class Meta:
        verbose_name = _("региональная диагностика")
        verbose_name_plural = _("региональные диагностики")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class RegionalDiagnosticResult(models.Model):
    """One municipality's counts in one competence area of a regional diagnostic."""

    diagnostic = models.ForeignKey(RegionalDiagnostic, on_delete=models.CASCADE, related_name="results")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("муниципалитет")
    )
    area_code = models.CharField(max_length=64)
    area_name = models.CharField(max_length=255)
    participants = models.PositiveIntegerField(_("участников"))
    with_deficit = models.PositiveIntegerField(_("с дефицитом"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "municipality", "area_code"], name="regional_diagnostic_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(with_deficit__lte=models.F("participants")),
                name="regional_diagnostic_deficit_within_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diagnostic_id} {self.municipality_id} {self.area_code}"


class MunicipalityDashboardRow(models.Model):
    """The region dashboard's row of one municipality in one academic year, kept by the database.

    A copy of what the dashboard shows and sorts by — the year's roll-up numbers, the
    municipality's name and state, its agreements' best status, the shares — so that the page is
    read from one narrow table (issue 18 §7). A year any municipality has a roll-up in holds a row
    for every municipality (zeros where it has none, migration 0004); ``academic_year`` "" is every
    municipality's row for a year nobody has a roll-up in yet.

    Kept current by triggers in the transaction of every write that feeds it, whoever makes it: a
    roll-up row's (``rollup_write``, the rebuilders' bulk upserts), an agreement's, a
    municipality's (created, renamed, archived). Each trigger copies from one view,
    ``institute_dashboardrow_source``, which computes every row from those tables (migrations
    0003, 0004); ``institute.dashboard_rows`` rebuilds the table from it (``rollups_rebuild dashboard``).
    """

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    academic_year = models.CharField(max_length=9, blank=True)  # "2025/2026"; "" for no roll-up row
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=40)
    active = models.BooleanField()  # the municipality's status is active
    plan_status = models.CharField(max_length=20)
    items_total = models.IntegerField()
    items_planned = models.IntegerField()
    items_done = models.IntegerField()
    items_moved = models.IntegerField()
    items_cancelled = models.IntegerField()
    events_held = models.IntegerField()
    events_participants = models.IntegerField()
    teachers_total = models.IntegerField()
    pd_up_to_date = models.IntegerField()
    pd_overdue = models.IntegerField()
    documents_required = models.IntegerField()
    documents_in_force = models.IntegerField()
    agreement_status = models.CharField(max_length=20)  # the best of its agreements', or "none"
    last_activity_at = models.DateTimeField(null=True)
    # The shares the dashboard sorts by; -1 when there is nothing to divide (sorted below 0 %).
    share_done = models.FloatField()
    pd_coverage = models.FloatField()
    documents_share = models.FloatField()

    class Meta:
        # The year first: the page reads one year's rows; the foreign key's index serves the
        # triggers' "every row of this municipality".
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "municipality"], name="dashboard_row_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year or '—'}"
