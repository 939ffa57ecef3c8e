"""Building events for tests through the services (so roll-ups and audit rows are real)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import Event
from tenants.events.services import event_create


def in_days(days: float, *, hour: int = 10) -> datetime.datetime:
    """A moment ``days`` from now at ``hour`` o'clock Moscow time."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_event(*, acting_user: Any = None, **overrides: Any) -> Event:
    starts = overrides.pop("starts_at", in_days(5))
    fields: dict[str, Any] = {
        "title": "Семинар по функциональной грамотности",
        "kind": EventKind.SEMINAR,
        "starts_at": starts,
        "ends_at": overrides.pop("ends_at", starts + datetime.timedelta(hours=2)),
        "address": "г. Сосновый Бор, ул. Ленинградская, 46",
        "audience": EventAudience.TEACHERS,
    }
    fields.update(overrides)
    return event_create(acting_user=acting_user, **fields)
