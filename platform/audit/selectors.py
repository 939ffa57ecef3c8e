"""Reading the audit log: one municipality's entries, or the whole region's, through the same filters.

A municipality's entries are those written with that municipality, by its id: never by schema
name, which a deleted municipality leaves behind and a new one of the same code would inherit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.labels import audit_action_label
from audit.models import AuditEntry

if TYPE_CHECKING:
    from tenants.municipalities.models import Municipality

# The operator's filter «Регион» (entries written with no municipality): never a municipality's
# code, which starts with a letter.
REGION_ONLY = "_region"


@dataclass(frozen=True)
class AuditFilters:
    """What a reader narrowed the log to; empty values filter nothing. Dates are inclusive."""

    person: str = ""
    target: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    # The operator's screen only: a municipality's code (slug), or REGION_ONLY.
    municipality: str = ""

    def described(self) -> dict[str, str]:
        """The filters in use, for the audit row of the read itself."""
        values = {
            "person": self.person,
            "target": self.target,
            "action": self.action,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "municipality": self.municipality,
        }
        return {key: value for key, value in values.items() if value}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(entries: QuerySet[AuditEntry], filters: AuditFilters) -> QuerySet[AuditEntry]:
    for word in filters.person.split():
        entries = entries.filter(
            Q(actor__email__icontains=word)
            | Q(actor__last_name__icontains=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__middle_name__icontains=word)
        )
    if filters.target:
        entries = entries.filter(target__icontains=filters.target)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from:
        entries = entries.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(created_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    return entries.select_related("actor", "municipality").order_by("-created_at", "-pk")


def audit_entries_of_municipality(*, municipality: Municipality, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The entries of one municipality (the head's screen); the operator's filter is ignored."""
    return _filtered(AuditEntry.objects.filter(municipality_id=municipality.pk), filters)


def audit_entries_of_region(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Every entry of the region (the operator's screen), narrowed to one municipality if asked."""
    entries = AuditEntry.objects.all()
    if filters.municipality == REGION_ONLY:
        entries = entries.filter(municipality__isnull=True)
    elif filters.municipality:
        entries = entries.filter(municipality__slug=filters.municipality)
    return _filtered(entries, filters)


def audit_action_choices(*, municipality: Municipality | None) -> list[tuple[str, str]]:
    """The actions found in one municipality's entries (or the region's), by their Russian names."""
    entries = AuditEntry.objects.all() if municipality is None else AuditEntry.objects.filter(municipality=municipality)
    codes = entries.order_by().values_list("action", flat=True).distinct()
    return sorted(((code, audit_action_label(code)) for code in codes), key=lambda choice: choice[1].lower())


def audit_entry_details(entry: AuditEntry) -> str:
    """The entry's details as «key: value» pairs, for the screen and the export."""
    data: Any = entry.data
    if not isinstance(data, dict):
        return str(data)
    return "; ".join(f"{key}: {_detail_value(value)}" for key, value in data.items())


def _detail_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_detail_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return ", ".join(_detail_value(v) for v in value)
    return "—" if value is None else str(value)
