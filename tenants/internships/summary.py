"""The region's bank of internship sites (``regional_banks.InternshipSiteEntry``): a row per site of
this municipality, written with every change in the change's transaction and rebuilt from the
schemas (``rollups_rebuild internships``, nightly: whether a status is in force and which
internships are still to come change with the date alone) with the same query."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from regional_banks.models import InternshipSiteEntry
from rollups.rebuild import schemas_union
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250
_SELECT = """(
SELECT {municipality_id} AS municipality_id, s.id, o.short_name, coalesce(st.topic, ''), s.description,
  st.valid_from, st.valid_to,
  coalesce(st.order_number || ' от ' || to_char(st.order_date, 'DD.MM.YYYY'), ''),
  (st.id IS NOT NULL AND st.valid_from <= @today AND (st.valid_to IS NULL OR st.valid_to >= @today)),
  s.is_public,
  coalesce((SELECT json_agg(json_build_object(
      'title', p.title, 'hours', p.hours, 'audience', p.audience, 'capacity', p.capacity, 'topics', p.topics
    ) ORDER BY p.title, p.id) FROM {schema}.internships_internshipprogramme p WHERE p.site_id = s.id), '[]'::json),
  coalesce((SELECT json_agg(json_build_object(
      'programme', p.title, 'starts_on', i.starts_on, 'ends_on', i.ends_on, 'with_institute', i.with_institute,
      'free', greatest(i.capacity - (SELECT count(*) FROM {schema}.internships_enrolment e
                                     WHERE e.internship_id = i.id AND e.status = 'enrolled'), 0)
    ) ORDER BY i.starts_on, i.id)
    FROM {schema}.internships_internship i JOIN {schema}.internships_internshipprogramme p ON p.id = i.programme_id
    WHERE p.site_id = s.id AND NOT i.cancelled AND i.finished_on IS NULL AND i.ends_on >= @today), '[]'::json),
  (SELECT count(*) FROM {schema}.internships_internship i JOIN {schema}.internships_internshipprogramme p
     ON p.id = i.programme_id WHERE p.site_id = s.id AND NOT i.cancelled),
  (SELECT count(*) FROM {schema}.internships_internship i JOIN {schema}.internships_internshipprogramme p
     ON p.id = i.programme_id WHERE p.site_id = s.id AND i.finished_on IS NOT NULL),
  (SELECT count(*) FROM {schema}.internships_enrolment e JOIN {schema}.internships_internship i
     ON i.id = e.internship_id JOIN {schema}.internships_internshipprogramme p ON p.id = i.programme_id
     WHERE p.site_id = s.id AND e.status = 'enrolled'),
  (SELECT count(*) FROM {schema}.internships_enrolment e JOIN {schema}.internships_internship i
     ON i.id = e.internship_id JOIN {schema}.internships_internshipprogramme p ON p.id = i.programme_id
     WHERE p.site_id = s.id AND e.outcome = 'completed')
FROM {schema}.internships_internshipsite s
JOIN {schema}.organisations_organisation o ON o.id = s.organisation_id
LEFT JOIN {schema}.organisations_organisationsitestatus st ON st.id = s.site_status_id
)"""
_FIELDS = (
    "municipality_id", "site_id", "organisation", "topic", "description", "valid_from", "valid_to", "order",
    "in_force", "is_public", "programmes", "upcoming", "internships_total", "internships_finished",
    "enrolled_total", "completed_total",
)  # fmt: skip


def _select(today: datetime.date) -> str:
    # The date is ours (an ISO literal), not a visitor's input.
    return _SELECT.replace("@today", f"DATE '{today.isoformat()}'")


def _write(municipalities: Sequence[Municipality], today: datetime.date) -> None:
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for first in range(0, len(municipalities), UNION_CHUNK):
            cursor.execute(schemas_union(_select(today), municipalities[first : first + UNION_CHUNK]))
            rows.extend(cursor.fetchall())
    InternshipSiteEntry.objects.filter(municipality_id__in=[m.pk for m in municipalities]).delete()
    InternshipSiteEntry.objects.bulk_create(
        [InternshipSiteEntry(**dict(zip(_FIELDS, row, strict=True))) for row in rows]
    )


def internships_summary_refresh() -> None:
    """Rewrite the municipality in use's rows, in the caller's transaction (changes take turns)."""
    municipality = current_municipality()
    if municipality is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"internships-summary:{schema_active()}"])
    _write([municipality], timezone.localdate())


def internships_summary_rebuild(municipalities: Sequence[Municipality]) -> None:
    if municipalities:
        _write(municipalities, timezone.localdate())
