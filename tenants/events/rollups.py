"""The events' columns of the region's roll-up (``MunicipalityYearRollup``), by academic year.

``events_total`` counts the year's events that were not cancelled, ``events_held`` those held,
``events_participants`` the participants marked present at held events. The services recount
the year of each event they change, in their own transaction; the rebuilder "events" recounts
every municipality with one query over all schemas.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from psycopg import sql

from rollups.models import MunicipalityYearRollup
from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.events.models import Event, EventStatus, Registration
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality


def _year_bounds(year: AcademicYear) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(year.first_day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(year.next().first_day, datetime.time.min, tzinfo=tz)
    return start, end


def events_year_counts(year: AcademicYear) -> dict[str, int]:
    """The year's numbers in the schema in use."""
    start, end = _year_bounds(year)
    in_year = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
    counts = in_year.aggregate(
        total=Count("pk", filter=~Q(status=EventStatus.CANCELLED)),
        held=Count("pk", filter=Q(status=EventStatus.HELD)),
    )
    participants = Registration.objects.filter(
        attended=True, event__status=EventStatus.HELD, event__starts_at__gte=start, event__starts_at__lt=end
    ).count()
    return {"events_total": counts["total"], "events_held": counts["held"], "events_participants": participants}


def events_rollup_refresh(*, days: Iterable[datetime.datetime]) -> None:
    """Recount the academic years these moments fall in, for the municipality in use."""
    municipality = current_municipality()
    if municipality is None:
        return
    years = {AcademicYear.of(timezone.localdate(day)) for day in days if day is not None}
    for year in sorted(years):
        rollup_write(
            municipality_id=municipality.pk,
            academic_year=year.label,
            events_updated_at=timezone.now(),
            **events_year_counts(year),
        )


# The academic year an event belongs to, by its start in Moscow time: September opens a year.
# A constant template: only schema names and ids are put in, quoted, by ``schemas_union``.
_REBUILD_SELECT = """
SELECT {municipality_id} AS municipality_id,
       CASE WHEN extract(month FROM e.starts_at AT TIME ZONE 'Europe/Moscow') >= 9
            THEN extract(year FROM e.starts_at AT TIME ZONE 'Europe/Moscow')::int
            ELSE extract(year FROM e.starts_at AT TIME ZONE 'Europe/Moscow')::int - 1 END AS year_start,
       count(*) FILTER (WHERE e.status <> 'cancelled') AS total,
       count(*) FILTER (WHERE e.status = 'held') AS held,
       coalesce(sum((SELECT count(*) FROM {schema}.events_registration r WHERE r.event_id = e.id AND r.attended))
                FILTER (WHERE e.status = 'held'), 0) AS participants
FROM {schema}.events_event e
GROUP BY 1, 2
"""


def events_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """Rebuilder "events": every municipality's years, recounted with one query."""
    if not municipalities:
        return
    ids = [m.pk for m in municipalities]
    MunicipalityYearRollup.objects.filter(municipality_id__in=ids).update(
        events_total=0, events_held=0, events_participants=0
    )
    query = schemas_union(_REBUILD_SELECT, municipalities)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT * FROM ({}) AS per_schema").format(query))
        rows = cursor.fetchall()
    now = timezone.now()
    for municipality_id, year_start, total, held, participants in rows:
        rollup_write(
            municipality_id=municipality_id,
            academic_year=AcademicYear(int(year_start)).label,
            events_total=total,
            events_held=held,
            events_participants=int(participants),
            events_updated_at=now,
        )
