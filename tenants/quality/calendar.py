"""Assessment procedures on the service's staff calendar (000 §2.2: the service supports them).

A source for ``tenants.events.calendar``'s staff calendar: every procedure touching the month,
for all its days, linked to its screen. Registered from ``QualityConfig.ready()``.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext

from tenants.events.calendar import CalendarEntry
from tenants.quality.models import AssessmentProcedure


def procedure_calendar_entries(first: datetime.date, last: datetime.date) -> list[CalendarEntry]:
    procedures = AssessmentProcedure.objects.filter(starts_on__lte=last, ends_on__gte=first).select_related("kind")
    prefix = reverse("quality_procedures:inspect", args=[0]).removesuffix("0/")
    badge = gettext("Оценочная процедура")
    return [
        CalendarEntry(
            pk=procedure.pk,
            title=str(procedure),
            kind="assessment",
            audience="",
            first_day=procedure.starts_on,
            last_day=procedure.ends_on,
            regional=False,
            url=f"{prefix}{procedure.pk}/",
            badge=badge,
        )
        for procedure in procedures.order_by("starts_on", "pk")
    ]
