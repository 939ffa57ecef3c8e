"""Reads of the annual plan, in the schema in use (and the region's overview from the roll-ups).

For other apps: ``plan_for_year``, ``plan_items`` (filters), ``plan_items_as_of`` (the plan as
of a date, 001 §3.3), ``plan_transitions``, ``plan_corrections``, ``plan_summary`` (the
figures of the analysis, 000 §3.6), ``plan_grid`` (month × direction) and, in the region,
``plan_region_overview`` (one query over the roll-ups, never a loop over schemas). Who may move
a plan along its workflow (``user_may_transition``) is read here too, for the buttons and for
the services.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from rollups.models import DirectionYearRollup, MunicipalityYearRollup, PlanStatus
from tenants.academic_years import ACADEMIC_MONTHS, AcademicYear, Month
from tenants.municipalities.schemas import schema_active
from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    CyclogramReview,
    CyclogramStatus,
    Direction,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionAction,
    PlanCorrectionEntry,
    PlanItem,
    PlanReport,
    PlanSectionText,
    PlanTransition,
    month_day,
)
from tenants.plans.report_registry import report_section_titles

VIEW_PERMISSION = "plans.view_annualplan"
SUBMIT_PERMISSION = "plans.submit_annualplan"
APPROVE_PERMISSION = "plans.approve_annualplan"

# Which role makes each step of the workflow, and from where (000 §3.2, 001 §3.2).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # to: (from, role, permission)
    PlanStatus.SUBMITTED: ((PlanStatus.DRAFT, PlanStatus.RETURNED), Role.HEAD, SUBMIT_PERMISSION),
    PlanStatus.APPROVED: ((PlanStatus.SUBMITTED,), Role.CHAIR, APPROVE_PERMISSION),
    PlanStatus.RETURNED: ((PlanStatus.SUBMITTED,), Role.CHAIR, APPROVE_PERMISSION),
    PlanStatus.IN_EXECUTION: ((PlanStatus.APPROVED,), Role.HEAD, SUBMIT_PERMISSION),
    PlanStatus.CLOSED: ((PlanStatus.IN_EXECUTION,), Role.HEAD, SUBMIT_PERMISSION),
}


def user_holds_role(user: ActingUser, role: str) -> bool:
    """Whether ``user`` holds ``role`` in the municipality whose schema is in use."""
    return user is not None and user_roles(user).has(role, schema_active())


def user_may_transition(user: ActingUser, plan: AnnualPlan, to_status: str) -> bool:
    """Whether ``user`` may move ``plan`` to ``to_status`` now (for buttons and for the services).

    Both the role and its permission are asked: content editors hold every permission of the
    plans app, but only the chair approves and only the head submits.
    """
    sources, role, permission = TRANSITIONS[to_status]
    return plan.status in sources and user_holds_role(user, role) and bool(user and user.has_perm(permission))


def plan_list() -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.order_by("-academic_year")


def plan_get(*, pk: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(pk=pk).first()


def plan_for_year(*, academic_year: AcademicYear | int) -> AnnualPlan | None:
    """The plan of an academic year in the municipality in use, or None."""
    start = academic_year.start if isinstance(academic_year, AcademicYear) else academic_year
    return AnnualPlan.objects.filter(academic_year=start).first()


def direction_list(*, active_only: bool = True) -> QuerySet[Direction]:
    queryset = Direction.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def plan_items(
    *,
    plan: AnnualPlan,
    direction: int | None = None,
    form: str | None = None,
    responsible: int | None = None,
    status: str | None = None,
    month: int | None = None,
    include_pending: bool = False,
) -> QuerySet[PlanItem]:
    """The plan's items in effect (and, if asked, those waiting in open corrections), filtered."""
    queryset = PlanItem.objects.filter(plan=plan)
    if not include_pending:
        queryset = queryset.in_effect()
    if direction:
        queryset = queryset.filter(direction_id=direction)
    if form:
        queryset = queryset.filter(form=form)
    if responsible:
        queryset = queryset.filter(responsible_id=responsible)
    if status:
        queryset = queryset.filter(status=status)
    if month:
        queryset = queryset.filter(month=month)
    return queryset.select_related(
        "direction", "responsible__user", "responsible_user", "organisation", "body", "correction"
    ).order_by("number", "pk")


def plan_item_get(*, pk: int) -> PlanItem | None:
    return PlanItem.objects.select_related("plan", "direction", "correction").filter(pk=pk).first()


@dataclass(frozen=True)
class ItemAsOf:
    """An item as the plan stood on a date: where it was scheduled, its status, and why."""

    item: PlanItem
    month: int | None
    date_start: datetime.date | None
    date_end: datetime.date | None
    status: str
    reason: str = ""

    @property
    def status_label(self) -> str:
        return str(ItemStatus(self.status).label)

    @property
    def month_label(self) -> str:
        return str(Month(self.month).label) if self.month else ""


def plan_items_as_of(*, plan: AnnualPlan, on: datetime.date) -> list[ItemAsOf]:
    """The plan as it stood at the end of ``on`` (001 §3.3): the approved version plus the
    corrections applied by then, each move and cancellation in its place; an item done later
    shows as still planned. Before approval it is the draft as it is now.
    """
    end_of_day = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
    from django.utils import timezone

    moment = timezone.make_aware(end_of_day) if timezone.is_naive(end_of_day) else end_of_day
    entries = PlanCorrectionEntry.objects.filter(correction__applied_at__isnull=False).select_related("correction")
    items = (
        PlanItem.objects.filter(plan=plan)
        .filter(Q(correction__isnull=True) | Q(correction__applied_at__lt=moment))
        .select_related("direction", "responsible__user", "responsible_user", "organisation", "body")
        .prefetch_related(Prefetch("correction_entries", queryset=entries, to_attr="applied_entries"))
        .order_by("number", "pk")
    )
    result: list[ItemAsOf] = []
    for item in items:
        changes = sorted(
            (e for e in item.applied_entries if e.action != PlanCorrectionAction.ADD),  # type: ignore[attr-defined]
            key=lambda e: (e.correction.applied_at, e.pk),
        )
        before = [e for e in changes if e.correction.applied_at < moment]
        after = [e for e in changes if e.correction.applied_at >= moment]
        month, start, end = item.month, item.date_start, item.date_end
        status, reason = item.status, ""
        if after:  # what the first later change found is how the item stood then
            first = after[0]
            month, start, end, status = first.old_month, first.old_date_start, first.old_date_end, first.old_status
        if before:
            reason = before[-1].reason
        if status == ItemStatus.DONE and item.done_at is not None and item.done_at >= moment:
            status = (
                ItemStatus.MOVED if before and before[-1].action == PlanCorrectionAction.MOVE else ItemStatus.PLANNED
            )
        result.append(ItemAsOf(item=item, month=month, date_start=start, date_end=end, status=status, reason=reason))
    return result


def plan_transitions(*, plan: AnnualPlan) -> QuerySet[PlanTransition]:
    return plan.transitions.select_related("changed_by").order_by("changed_at", "pk")


def plan_corrections(*, plan: AnnualPlan) -> QuerySet[PlanCorrection]:
    """The plan's corrections, oldest first, each with its entries and their items."""
    entries = PlanCorrectionEntry.objects.select_related("item", "item__direction").order_by("pk")
    return (
        plan.corrections.select_related("created_by", "applied_by")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("created_at", "pk")
    )


def plan_correction_get(*, pk: int) -> PlanCorrection | None:
    return PlanCorrection.objects.select_related("plan").filter(pk=pk).first()


def plan_reports(*, plan: AnnualPlan) -> QuerySet[PlanReport]:
    return plan.reports.select_related("requested_by", "document_version").order_by("-requested_at", "-pk")


def plan_report_get(*, pk: int) -> PlanReport | None:
    return PlanReport.objects.select_related("plan").filter(pk=pk).first()


@dataclass
class DirectionSummary:
    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    participants: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return self.by_status.get(ItemStatus.DONE, 0)

    @property
    def done_share(self) -> float:
        due = self.total - self.by_status.get(ItemStatus.CANCELLED, 0)
        return self.done / due if due else 0.0


@dataclass
class PlanSummary:
    """The figures of the analysis of execution (000 §3.6, 001 §3.4) for a period of the plan."""

    plan: AnnualPlan
    start: datetime.date
    end: datetime.date
    directions: list[DirectionSummary]
    moved: list[ItemAsOf]
    cancelled: list[ItemAsOf]
    items: list[PlanItem]
    corrections: int

    def count(self, status: str | None = None) -> int:
        return sum(d.total if status is None else d.by_status.get(status, 0) for d in self.directions)

    @property
    def participants(self) -> int:
        return sum(d.participants for d in self.directions)

    @property
    def due(self) -> int:
        """Items the plan still counts on: all but the cancelled ones."""
        return self.count() - self.count(ItemStatus.CANCELLED)

    @property
    def done(self) -> int:
        return self.count(ItemStatus.DONE)

    @property
    def done_share(self) -> float:
        return self.done / self.due if self.due else 0.0

    @property
    def done_percent(self) -> int:
        return round(self.done_share * 100)


def _item_in_period(item: PlanItem, year: AcademicYear, start: datetime.date, end: datetime.date) -> bool:
    first = item.date_start or (month_day(year, item.month) if item.month else None)
    return first is not None and start <= first <= end


def plan_summary(
    *, plan: AnnualPlan, start: datetime.date | None = None, end: datetime.date | None = None
) -> PlanSummary:
    """Counts by direction and status, share done, participants, moves and cancellations with
    reasons, for the whole year or the items falling into ``start``–``end``."""
    start = start or plan.year.first_day
    end = end or plan.year.last_day
    items = [i for i in plan_items(plan=plan) if _item_in_period(i, plan.year, start, end)]
    by_direction: dict[int, DirectionSummary] = {}
    for direction in (
        Direction.objects.filter(Q(is_active=True) | Q(items__plan=plan)).distinct().order_by("order", "name")
    ):
        by_direction[direction.pk] = DirectionSummary(code=direction.code, name=direction.name)
    for item in items:
        summary = by_direction[item.direction_id]
        summary.by_status[item.status] = summary.by_status.get(item.status, 0) + 1
        if item.status == ItemStatus.DONE:
            summary.participants += item.participants or 0
    # Moved means moved by a correction, even if the item was held later at its new date.
    reasons: dict[int, tuple[str, str]] = {}
    for entry in PlanCorrectionEntry.objects.filter(
        item__in=[i.pk for i in items],
        correction__applied_at__isnull=False,
        action__in=[PlanCorrectionAction.MOVE, PlanCorrectionAction.CANCEL],
    ).order_by("correction__applied_at", "pk"):
        reasons[entry.item_id] = (entry.action, entry.reason)

    def as_of(item: PlanItem) -> ItemAsOf:
        return ItemAsOf(
            item=item,
            month=item.month,
            date_start=item.date_start,
            date_end=item.date_end,
            status=item.status,
            reason=reasons.get(item.pk, ("", ""))[1],
        )

    ordered = list(by_direction.values())  # in the directions' own order
    return PlanSummary(
        plan=plan,
        start=start,
        end=end,
        directions=ordered,
        moved=[as_of(i) for i in items if reasons.get(i.pk, ("", ""))[0] == PlanCorrectionAction.MOVE],
        cancelled=[as_of(i) for i in items if i.status == ItemStatus.CANCELLED],
        items=items,
        corrections=plan.corrections.filter(applied_at__isnull=False).count(),
    )


@dataclass(frozen=True)
class GridCell:
    items: list[PlanItem]

    @property
    def count(self) -> int:
        return len(self.items)


def plan_grid(
    *, plan: AnnualPlan, items: Sequence[PlanItem] | None = None
) -> tuple[list[Direction], list[tuple[int, str, list[GridCell]]]]:
    """The cyclogram grid: rows are months of the academic year, columns are directions."""
    items = list(items) if items is not None else list(plan_items(plan=plan))
    directions = list(
        Direction.objects.filter(Q(is_active=True) | Q(items__plan=plan)).distinct().order_by("order", "name")
    )
    cells: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
    for item in items:
        if item.month:
            cells[(item.month, item.direction_id)].append(item)
    rows = [
        (month, str(Month(month).label), [GridCell(items=cells[(month, d.pk)]) for d in directions])
        for month in ACADEMIC_MONTHS
    ]
    return directions, rows


# --- the region (public schema) -----------------------------------------------------------------


@dataclass(frozen=True)
class RegionPlanRow:
    municipality_id: int
    municipality_name: str
    plan_status: str
    items_total: int
    items_done: int
    items_moved: int
    items_cancelled: int
    participants: int
    corrections: int


def plan_region_overview(*, academic_year: AcademicYear) -> list[RegionPlanRow]:
    """Every municipality's plan for a year, from the roll-ups: one query whatever their number."""
    rows = (
        MunicipalityYearRollup.objects.filter(academic_year=academic_year.label)
        .order_by("municipality__name")
        .values_list(
            "municipality_id",
            "municipality__name",
            "plan_status",
            "plan_items_total",
            "plan_items_done",
            "plan_items_moved",
            "plan_items_cancelled",
            "plan_participants",
            "plan_corrections",
        )
    )
    return [RegionPlanRow(*row) for row in rows]


def plan_region_directions(*, academic_year: AcademicYear) -> dict[str, dict[str, int]]:
    """The region's items by direction for a year (sums over municipalities), from the roll-ups."""
    from django.db.models import Sum

    totals = (
        DirectionYearRollup.objects.filter(academic_year=academic_year.label)
        .values("direction_code")
        .annotate(planned=Sum("planned"), done=Sum("done"), moved=Sum("moved"), cancelled=Sum("cancelled"))
        .order_by("direction_code")
    )
    return {row["direction_code"]: {k: row[k] for k in ("planned", "done", "moved", "cancelled")} for row in totals}


def plan_section_texts(*, plan: AnnualPlan) -> list[tuple[str, str, str]]:
    """``(key, title, text)`` of every section of the year's analysis, in the report's order."""
    texts = dict(PlanSectionText.objects.filter(plan=plan).values_list("section", "text"))
    return [(key, title, texts.get(key, "")) for key, title in report_section_titles()]


def cyclogram_reviews(*, limit: int = 20) -> list[CyclogramReview]:
    return list(CyclogramReview.objects.select_related("acted_by").order_by("-acted_at", "-pk")[:limit])


def cyclogram_status(*, current_duties: list[dict[str, object]], reviews: list[CyclogramReview]) -> str:
    """The cyclogram's state: its last review's, or «изменена после утверждения» when the duties
    differ from the approved ones."""
    if not reviews:
        return CyclogramStatus.NOT_SUBMITTED
    latest = reviews[0]
    if latest.status == CyclogramStatus.APPROVED and latest.duties != current_duties:
        return CyclogramStatus.CHANGED
    return latest.status


def cyclogram_snapshot() -> list[dict[str, Any]]:
    """The active duties as they stand, in a form a review keeps and compares."""
    duties = CyclogramDuty.objects.filter(is_active=True).select_related("direction", "responsible__user")
    return [
        {
            "title": duty.title,
            "direction": duty.direction.name,
            "form": duty.get_form_display(),
            "months": list(duty.months),
            "audience": duty.audience,
            "expected_result": duty.expected_result,
            "responsible": str(duty.responsible) if duty.responsible else "",
        }
        for duty in duties.order_by("order", "pk")
    ]
