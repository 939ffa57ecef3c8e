"""The consultation columns of the region's roll-up (000 §2.3.4: the consulting direction).

Per municipality and academic year (the year the request came in): requests, answered, answered
by their due day, and still unanswered after it. «Overdue» is counted as of the last change or
rebuild: a request that passes its due day with nobody touching it shows up after the next
``manage.py rollups_rebuild consultations``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from rollups.models import MunicipalityYearRollup
from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.consultations.models import OPEN_STATUSES, Consultation
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality

COLUMNS = ("consultations_total", "consultations_answered", "consultations_answered_in_time", "consultations_overdue")


def consultation_counts(year: AcademicYear, *, today: datetime.date | None = None) -> dict[str, int]:
    """The four numbers for requests that came in during ``year``, in the schema in use (overdue as of ``today``)."""
    today = today or timezone.localdate()
    return Consultation.objects.filter(
        submitted_at__date__gte=year.first_day, submitted_at__date__lte=year.last_day
    ).aggregate(
        consultations_total=Count("pk"),
        consultations_answered=Count("pk", filter=Q(answered_at__isnull=False)),
        consultations_answered_in_time=Count(
            "pk", filter=Q(answered_at__isnull=False, answered_at__date__lte=F("due_on"))
        ),
        consultations_overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    )


def consultations_rollup_refresh(*, year: AcademicYear) -> None:
    """Recount ``year`` for the municipality in use and write it, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    # Changes of one municipality take turns here (a lock held to the end of the transaction): the
    # second counts with the first committed, so two concurrent changes never lose one of them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"consultations-rollup:{municipality.schema_name}"]
        )
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=year.label,
        consultations_updated_at=timezone.now(),
        **consultation_counts(year),
    )


_REBUILD_SELECT = f"""
SELECT {{municipality_id}} AS municipality_id, y.start_year,
       count(*) AS total,
       count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE c.answered_at IS NOT NULL
                        AND (c.answered_at AT TIME ZONE %(tz)s)::date <= c.due_on) AS answered_in_time,
       count(*) FILTER (WHERE c.status IN ({", ".join(f"'{s}'" for s in OPEN_STATUSES)})
                        AND c.due_on < %(today)s) AS overdue
FROM {{schema}}.{Consultation._meta.db_table} AS c
CROSS JOIN LATERAL (
    SELECT CASE WHEN extract(month FROM c.submitted_at AT TIME ZONE %(tz)s) >= 9
                THEN extract(year FROM c.submitted_at AT TIME ZONE %(tz)s)
                ELSE extract(year FROM c.submitted_at AT TIME ZONE %(tz)s) - 1 END::int AS start_year
) AS y
GROUP BY y.start_year
"""  # noqa: S608 — only model table names, choice values and {schema} placeholders; values are parameters


def consultations_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder «consultations»: every municipality and year in one query over the schemas."""
    if not municipalities:
        return
    ids = [m.pk for m in municipalities]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            schemas_union(_REBUILD_SELECT, municipalities),
            {"tz": settings.TIME_ZONE, "today": timezone.localdate()},
        )
        rows = cursor.fetchall()
    # Years that no longer have requests go back to zero; the current year always has a row.
    MunicipalityYearRollup.objects.filter(municipality_id__in=ids).update(**dict.fromkeys(COLUMNS, 0))
    found: dict[tuple[int, int], tuple[int, int, int, int]] = {
        (municipality_id, start): (total, answered, in_time, overdue)
        for municipality_id, start, total, answered, in_time, overdue in rows
    }
    current = AcademicYear.current().start
    for municipality_id in ids:
        found.setdefault((municipality_id, current), (0, 0, 0, 0))
    for (municipality_id, start), values in found.items():
        rollup_write(
            municipality_id=municipality_id,
            academic_year=AcademicYear(start).label,
            consultations_updated_at=now,
            **dict(zip(COLUMNS, values, strict=True)),
        )
