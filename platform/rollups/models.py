"""Roll-ups: the numbers the region reads, one row per municipality per academic year.

They live in the public schema and are written by each municipal app's services in the same
transaction as the change they summarise (so the institute's view is never stale), and rebuilt
from the schemas by ``manage.py rollups_rebuild`` to repair drift. Each app owns its columns:
it writes only those (``rollups.services.rollup_write``) and registers a rebuilder for them
(``rollups.rebuild.rollup_rebuilder_register``). Requests never loop over schemas.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """The annual plan's workflow state as the region sees it (000 §3.2, 001 §3.2)."""

    NONE = "none", _("Нет плана")
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Направлен на утверждение")
    RETURNED = "returned", _("Возвращён на доработку")
    APPROVED = "approved", _("Утверждён")
    IN_EXECUTION = "in_execution", _("Исполняется")
    CLOSED = "closed", _("Закрыт")


class MunicipalityYearRollup(models.Model):
    """One municipality in one academic year: plan, events, teachers' growth, documents."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="year_rollups"
    )
    academic_year = models.CharField(_("учебный год"), max_length=9)  # "2025/2026"

    # The annual plan (tenants.plans).
    plan_status = models.CharField(
        max_length=20, choices=PlanStatus.choices, default=PlanStatus.NONE, db_default=PlanStatus.NONE
    )
    plan_items_total = models.PositiveIntegerField(default=0, db_default=0)
    plan_items_planned = models.PositiveIntegerField(default=0, db_default=0)
    plan_items_done = models.PositiveIntegerField(default=0, db_default=0)
    plan_items_moved = models.PositiveIntegerField(default=0, db_default=0)
    plan_items_cancelled = models.PositiveIntegerField(default=0, db_default=0)
    plan_participants = models.PositiveIntegerField(default=0, db_default=0)
    plan_corrections = models.PositiveIntegerField(default=0, db_default=0)
    plan_updated_at = models.DateTimeField(null=True, blank=True)

    # Events (tenants.events).
    events_total = models.PositiveIntegerField(default=0, db_default=0)
    events_held = models.PositiveIntegerField(default=0, db_default=0)
    events_participants = models.PositiveIntegerField(default=0, db_default=0)  # attended, over held events
    events_updated_at = models.DateTimeField(null=True, blank=True)

    # Professional development, diagnostics and routes (tenants.development).
    teachers_total = models.PositiveIntegerField(default=0, db_default=0)
    pd_up_to_date = models.PositiveIntegerField(default=0, db_default=0)  # a course within the last three years
    pd_overdue = models.PositiveIntegerField(default=0, db_default=0)
    pd_due_soon = models.PositiveIntegerField(default=0, db_default=0)  # falls due within the next 12 months
    teachers_diagnosed = models.PositiveIntegerField(default=0, db_default=0)
    deficits_open = models.PositiveIntegerField(default=0, db_default=0)
    routes_total = models.PositiveIntegerField(default=0, db_default=0)
    routes_completed = models.PositiveIntegerField(default=0, db_default=0)
    route_steps_total = models.PositiveIntegerField(default=0, db_default=0)
    route_steps_done = models.PositiveIntegerField(default=0, db_default=0)
    development_updated_at = models.DateTimeField(null=True, blank=True)

    # Mentoring, the young teacher school (tenants.mentoring).
    young_teachers = models.PositiveIntegerField(default=0, db_default=0)
    young_teachers_with_mentor = models.PositiveIntegerField(default=0, db_default=0)
    mentorships_active = models.PositiveIntegerField(default=0, db_default=0)
    mentoring_updated_at = models.DateTimeField(null=True, blank=True)

    # Consultations (tenants.consultations).
    consultations_total = models.PositiveIntegerField(default=0, db_default=0)
    consultations_answered = models.PositiveIntegerField(default=0, db_default=0)
    consultations_answered_in_time = models.PositiveIntegerField(default=0, db_default=0)
    consultations_overdue = models.PositiveIntegerField(default=0, db_default=0)
    consultations_updated_at = models.DateTimeField(null=True, blank=True)

    # Associations' activity (tenants.bodies) and the document register (tenants.registry).
    associations_total = models.PositiveIntegerField(default=0, db_default=0)
    associations_active = models.PositiveIntegerField(default=0, db_default=0)  # met at least once this year
    documents_required = models.PositiveIntegerField(default=0, db_default=0)
    documents_in_force = models.PositiveIntegerField(default=0, db_default=0)
    structure_updated_at = models.DateTimeField(null=True, blank=True)

    # Quality of education (tenants.quality): organisations by the year's results and the help
    # given to them (000 §2.2, 003 §1.3).
    quality_organisations_with_results = models.PositiveIntegerField(default=0, db_default=0)
    quality_organisations_flagged = models.PositiveIntegerField(default=0, db_default=0)
    quality_organisations_flagged_low = models.PositiveIntegerField(default=0, db_default=0)
    quality_organisations_flagged_nonobjective = models.PositiveIntegerField(default=0, db_default=0)
    quality_organisations_supported = models.PositiveIntegerField(default=0, db_default=0)  # the head confirmed
    quality_organisations_dismissed = models.PositiveIntegerField(default=0, db_default=0)
    quality_programmes_draft = models.PositiveIntegerField(default=0, db_default=0)
    quality_programmes_active = models.PositiveIntegerField(default=0, db_default=0)
    quality_programmes_finished = models.PositiveIntegerField(default=0, db_default=0)
    quality_programmes_cancelled = models.PositiveIntegerField(default=0, db_default=0)
    quality_organisations_improved = models.PositiveIntegerField(default=0, db_default=0)
    quality_updated_at = models.DateTimeField(null=True, blank=True)

    # The year's analysis submitted to the committee chair (tenants.plans.submission): its state
    # and its id in the municipality's schema, so the institute opens the accepted one.
    annual_report_status = models.CharField(max_length=20, blank=True, default="", db_default="")
    annual_report_id = models.BigIntegerField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("сводка муниципалитета за год")
        verbose_name_plural = _("сводки муниципалитетов за год")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "academic_year"], name="rollup_one_per_year"),
        ]
        indexes = [models.Index(fields=["academic_year"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year}"


class DirectionYearRollup(models.Model):
    """Plan items of one direction in one municipality's plan for a year (the heat map's cell)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="direction_rollups"
    )
    academic_year = models.CharField(max_length=9)
    direction_code = models.CharField(max_length=64)
    direction_name = models.CharField(max_length=255)
    planned = models.PositiveIntegerField(default=0, db_default=0)
    done = models.PositiveIntegerField(default=0, db_default=0)
    moved = models.PositiveIntegerField(default=0, db_default=0)
    cancelled = models.PositiveIntegerField(default=0, db_default=0)
    participants = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "direction_code"], name="direction_rollup_unique"
            ),
        ]
        # With the name: the region's list of directions is read by skipping through this index
        # (a few probes), not by reading every municipality's cells.
        indexes = [
            models.Index(fields=["academic_year", "direction_code", "direction_name"], name="direction_rollup_names")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.direction_code}"


class CompetenceAreaRollup(models.Model):
    """Teachers with an open deficit in one competence area of one municipality (aggregated, no names)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="competence_rollups"
    )
    area_code = models.CharField(max_length=64)
    area_name = models.CharField(max_length=255)
    teachers_with_deficit = models.PositiveIntegerField(default=0, db_default=0)
    deficits_open = models.PositiveIntegerField(default=0, db_default=0)
    deficits_closed = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "area_code"], name="competence_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.area_code}"


class QualityRollup(models.Model):
    """Assessment results of one municipality for one year, kind of procedure, subject and grade.

    Counts only (participants and marks, never pupils), so the region adds municipalities and
    computes shares with ``assessment.indicators.ResultCounts``; plus the number of the
    municipality's organisations with results here and of those flagged.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="quality_rollups"
    )
    academic_year = models.CharField(max_length=9)
    kind_code = models.CharField(max_length=32)
    subject_code = models.CharField(max_length=32)
    grade = models.PositiveSmallIntegerField()
    participants = models.PositiveIntegerField(default=0)
    marks_participants = models.PositiveIntegerField(default=0)
    marks_2 = models.PositiveIntegerField(default=0)
    marks_3 = models.PositiveIntegerField(default=0)
    marks_4 = models.PositiveIntegerField(default=0)
    marks_5 = models.PositiveIntegerField(default=0)
    score_participants = models.PositiveIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    below_minimum = models.PositiveIntegerField(default=0)
    journal_participants = models.PositiveIntegerField(default=0)
    journal_lowered = models.PositiveIntegerField(default=0)
    journal_confirmed = models.PositiveIntegerField(default=0)
    journal_raised = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    organisations_flagged_low = models.PositiveIntegerField(default=0)
    organisations_flagged_nonobjective = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "kind_code", "subject_code", "grade"],
                name="quality_rollup_unique",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "kind_code", "subject_code"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.kind_code} {self.subject_code} {self.grade}"


class QualityKindRollup(models.Model):
    """The same counts summed over subjects and grades: one row per municipality, year and kind.

    The region's heat map (municipalities × procedures) reads these rows, not the finer ones.
    ``organisations_flagged`` counts organisations with any flag from this kind's results.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="quality_kind_rollups"
    )
    academic_year = models.CharField(max_length=9)
    kind_code = models.CharField(max_length=32)
    participants = models.PositiveIntegerField(default=0)
    marks_participants = models.PositiveIntegerField(default=0)
    marks_2 = models.PositiveIntegerField(default=0)
    marks_3 = models.PositiveIntegerField(default=0)
    marks_4 = models.PositiveIntegerField(default=0)
    marks_5 = models.PositiveIntegerField(default=0)
    score_participants = models.PositiveIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    below_minimum = models.PositiveIntegerField(default=0)
    journal_participants = models.PositiveIntegerField(default=0)
    journal_lowered = models.PositiveIntegerField(default=0)
    journal_confirmed = models.PositiveIntegerField(default=0)
    journal_raised = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    organisations_flagged = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "kind_code"], name="quality_kind_rollup_unique"
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "kind_code"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.kind_code}"


class SupportStatus(models.TextChoices):
    """Where an organisation stands in the year's list of those that need methodological help."""

    NONE = "none", _("Не рассматривалась")
    SUGGESTED = "suggested", _("Предложена по результатам")
    CONFIRMED = "confirmed", _("Нуждается в поддержке")
    DISMISSED = "dismissed", _("Поддержка не требуется")


class QualityOrganisationRollup(models.Model):
    """An organisation of a municipality that was flagged, decided on or supported in a year.

    The region's list of flagged organisations (an organisation's name is not personal data):
    its reasons by code, the head's decision, its support programme's status and curator. The
    curator is a person: only the account's id is kept here, and whoever shows the name logs it.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="quality_organisation_rollups"
    )
    academic_year = models.CharField(max_length=9)
    organisation_id = models.BigIntegerField()  # the organisation's id in the municipality's schema
    organisation_name = models.CharField(max_length=200)
    organisation_inn = models.CharField(max_length=10, blank=True)
    flags_low = models.PositiveIntegerField(default=0)
    flags_nonobjective = models.PositiveIntegerField(default=0)
    reasons = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    support_status = models.CharField(max_length=20, choices=SupportStatus.choices, default=SupportStatus.NONE)
    programme_status = models.CharField(max_length=20, blank=True)  # "" when there is no programme
    curator_user_id = models.BigIntegerField(null=True, blank=True)
    improved = models.BooleanField(null=True)  # the programme's effect, None while unknown

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "organisation_id"], name="quality_organisation_rollup_unique"
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "support_status"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.organisation_name}"


class OlympiadRollup(models.Model):
    """The olympiad of one municipality, year, subject and stage: counts only, never a pupil (003 §1.3).

    The school stage sums the organisations' counts; from the municipal stage on the named
    participants are counted, with those who go on to the next stage (the delegation).
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="olympiad_rollups"
    )
    academic_year = models.CharField(max_length=9)
    subject_code = models.CharField(max_length=32)
    stage = models.CharField(max_length=16)
    participants = models.PositiveIntegerField(default=0)
    winners = models.PositiveIntegerField(default=0)
    prize_winners = models.PositiveIntegerField(default=0)
    advanced = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year", "subject_code", "stage"], name="olympiad_rollup_unique"
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "stage"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.subject_code} {self.stage}"


class InnovationRollup(models.Model):
    """Innovation projects of one municipality by level and status (001 §2.3): counts only."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="innovation_rollups"
    )
    level = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    projects = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "level", "status"], name="innovation_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.level} {self.status}"


class ContestRollup(models.Model):
    """Teachers' professional contests of one municipality, year and stage: counts only (000 §2.3.3).

    The municipal stage counts the admitted applications, its winners and prize-winners once the
    results are published, and the delegation to the regional stage; the regional and federal
    stages count the results the municipality entered as the region reported them.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="contest_rollups"
    )
    academic_year = models.CharField(max_length=9)
    level = models.CharField(max_length=16)
    participants = models.PositiveIntegerField(default=0)
    winners = models.PositiveIntegerField(default=0)
    prize_winners = models.PositiveIntegerField(default=0)
    advanced = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "academic_year", "level"], name="contest_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.academic_year} {self.level}"
