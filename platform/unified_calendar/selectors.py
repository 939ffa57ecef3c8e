"""Reads of the unified regional calendar (public schema), from any host.

The calendar is region-wide and public (004 §3.3.2: every municipality is informed of it), so
these reads need no municipality; proposals are read by the institute, or by the one
municipality that made them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.event_vocabulary import audiences_overlapping
from tenants.municipalities.models import Municipality
from unified_calendar.models import ProposalStatus, RegionalEvent, RegionalEventProposal


def user_is_institute(user: object) -> bool:
    """Institute staff (ЛОИРО) run the unified calendar (004 §3.3.2)."""
    return bool(getattr(user, "is_authenticated", False)) and user_roles(user).has(Role.INSTITUTE)  # type: ignore[arg-type]


def regional_event_list(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
    audience: str | None = None,
    include_withdrawn: bool = False,
) -> QuerySet[RegionalEvent]:
    """Regional events overlapping the days [start, end)."""
    queryset = RegionalEvent.objects.select_related("source_municipality")
    if not include_withdrawn:
        queryset = queryset.filter(is_withdrawn=False)
    if start is not None:
        queryset = queryset.filter(ends_on__gte=start)
    if end is not None:
        queryset = queryset.filter(starts_on__lt=end)
    if kind:
        queryset = queryset.filter(kind=kind)
    if audience:
        queryset = queryset.filter(audience=audience)
    return queryset.order_by("starts_on", "pk")


def regional_event_list_upcoming(
    *, competence_codes: Iterable[str] | None = None, limit: int = 20
) -> list[RegionalEvent]:
    """Regional events still to come, soonest first, optionally matching competence areas (004 §3.3.3)."""
    queryset = RegionalEvent.objects.select_related("source_municipality").filter(
        is_withdrawn=False, ends_on__gte=timezone.localdate()
    )
    codes = list(competence_codes or [])
    if codes:
        queryset = queryset.filter(competence_areas__overlap=codes)
    return list(queryset.order_by("starts_on", "pk")[:limit])


def regional_event_get(*, pk: int, include_withdrawn: bool = False) -> RegionalEvent | None:
    queryset = RegionalEvent.objects.select_related("source_municipality")
    if not include_withdrawn:
        queryset = queryset.filter(is_withdrawn=False)
    return queryset.filter(pk=pk).first()


def regional_events_conflicting(
    *, starts_on: datetime.date, ends_on: datetime.date, audience: str
) -> list[RegionalEvent]:
    """Significant regional events on any of these days for an overlapping audience (004 §4.6)."""
    return list(
        RegionalEvent.objects.filter(
            is_withdrawn=False,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
            audience__in=audiences_overlapping(audience),
        ).order_by("starts_on", "pk")
    )


def proposal_list(*, status: str | None = None) -> QuerySet[RegionalEventProposal]:
    """Every municipality's proposals, for the institute."""
    queryset = RegionalEventProposal.objects.select_related("municipality", "proposed_by", "decided_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-proposed_at", "-pk")


def proposal_get(*, pk: int) -> RegionalEventProposal | None:
    return RegionalEventProposal.objects.select_related("municipality").filter(pk=pk).first()


def proposal_list_of_municipality(*, municipality: Municipality) -> QuerySet[RegionalEventProposal]:
    return RegionalEventProposal.objects.filter(municipality=municipality).order_by("-proposed_at", "-pk")


def proposal_latest_for_event(*, municipality: Municipality, event_id: int) -> RegionalEventProposal | None:
    return (
        RegionalEventProposal.objects.filter(municipality=municipality, event_id=event_id)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def proposal_pending_count() -> int:
    return RegionalEventProposal.objects.filter(status=ProposalStatus.PENDING).count()


def regional_event_for_user(*, pk: int, user: User) -> RegionalEvent | None:
    """Institute staff may see withdrawn events too."""
    return regional_event_get(pk=pk, include_withdrawn=user_is_institute(user))
