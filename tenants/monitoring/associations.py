"""Associations' activity (002 §3.3: the effectiveness of methodological associations) and its roll-up columns.

An association is a body of one of ``bodies.ASSOCIATION_KINDS`` (ГМО, ШМО, creative group) that
works in the academic year; it is *active* when it met at least once in that year (a meeting
dated 1 September – 31 August). Columns ``associations_total``, ``associations_active`` and
``structure_updated_at`` of the year's roll-up; the rebuilder is «associations».

The bodies app owns the writes that change these numbers. Its bodies and meetings are saved
through the audited Wagtail actions (the admin and its services alike), which send
``audited_write`` inside each write's transaction; :func:`associations_write_receive` recounts
these columns there. The rebuilder repairs any drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Count, Q
from django.utils import timezone

from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.bodies.models import ASSOCIATION_KINDS, Body, BodyMeeting
from tenants.bodies.selectors import body_active_in_year_q
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality


@dataclass(frozen=True)
class AssociationActivity:
    body: Body
    meetings: int


def association_activity(*, year: AcademicYear) -> list[AssociationActivity]:
    """Every association working in ``year`` with the number of its meetings in that year."""
    bodies = (
        Body.objects.filter(body_active_in_year_q(year), kind__in=list(ASSOCIATION_KINDS))
        .annotate(
            meetings_in_year=Count(
                "meetings", filter=Q(meetings__date__gte=year.first_day, meetings__date__lte=year.last_day)
            )
        )
        .order_by("kind", "name")
    )
    return [AssociationActivity(body, body.meetings_in_year) for body in bodies]  # type: ignore[attr-defined]


def association_counts(*, year: AcademicYear) -> dict[str, int]:
    activity = association_activity(year=year)
    return {"associations_total": len(activity), "associations_active": sum(1 for a in activity if a.meetings)}


def associations_rollup_refresh(*, year: AcademicYear | None = None) -> None:
    """Recount ``year`` (the current one) for the municipality in use and write it, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    year = year or AcademicYear.current()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"associations-rollup:{municipality.schema_name}"]
        )
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=year.label,
        structure_updated_at=timezone.now(),
        **association_counts(year=year),
    )


_KINDS = ", ".join(f"'{kind}'" for kind in sorted(ASSOCIATION_KINDS))
_REBUILD_SELECT = f"""
SELECT {{municipality_id}} AS municipality_id,
       count(*) AS total,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM {{schema}}.{BodyMeeting._meta.db_table} m
           WHERE m.body_id = b.id AND m.date BETWEEN %(first_day)s AND %(last_day)s)) AS active
FROM {{schema}}.{Body._meta.db_table} b
WHERE b.kind IN ({_KINDS}) AND b.since_year <= %(start)s AND (b.until_year IS NULL OR b.until_year >= %(start)s)
"""  # noqa: S608 — only model table names, choice values and {schema} placeholders; values are parameters


def associations_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder «associations»: the current year of every municipality in one query over the schemas."""
    if not municipalities:
        return
    year, now = AcademicYear.current(), timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            schemas_union(_REBUILD_SELECT, municipalities),
            {"first_day": year.first_day, "last_day": year.last_day, "start": year.start},
        )
        rows = cursor.fetchall()
    for municipality_id, total, active in rows:
        rollup_write(
            municipality_id=municipality_id,
            academic_year=year.label,
            associations_total=total,
            associations_active=active,
            structure_updated_at=now,
        )


def associations_write_receive(sender: type[models.Model], **kwargs: Any) -> None:
    """``audited_write`` of a body or a meeting: recount in that write's transaction."""
    associations_rollup_refresh()
