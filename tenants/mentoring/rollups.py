"""The mentoring columns of the region's roll-up (002 §2.2, 004 §3.3.4), for the current academic year.

``young_teachers``: teachers under three years of teaching today; ``young_teachers_with_mentor``:
those of them with an active mentorship; ``mentorships_active``: active pairs. Written with every
mentorship change; teachers growing out of «young» with time, or a teacher's start date edited
in the people app, show after the next ``manage.py rollups_rebuild mentoring``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.mentoring.models import Mentorship, MentorshipStatus
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality
from tenants.people.models import Teacher, young_teacher_threshold


def mentoring_counts(*, on: datetime.date | None = None) -> dict[str, int]:
    """The three numbers for the schema in use, as of ``on`` (today)."""
    from tenants.mentoring.selectors import young_teacher_list

    return {
        "young_teachers": young_teacher_list(on=on).count(),
        "young_teachers_with_mentor": young_teacher_list(with_mentor=True, on=on).count(),
        "mentorships_active": Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).count(),
    }


def mentoring_rollup_refresh() -> None:
    """Recount and write the current year's row, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    # Changes of one municipality take turns here (a lock held to the end of the transaction): the
    # second counts with the first committed, so two concurrent changes never lose one of them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"mentoring-rollup:{municipality.schema_name}"])
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=AcademicYear.current().label,
        mentoring_updated_at=timezone.now(),
        **mentoring_counts(),
    )


def teacher_write_receive(sender: type, **kwargs: object) -> None:
    """``audited_write`` of a teacher (or a teachers' import): young teachers may have changed."""
    mentoring_rollup_refresh()


_TEACHER = Teacher._meta.db_table
_MENTORSHIP = Mentorship._meta.db_table
_REBUILD_SELECT = f"""
SELECT {{municipality_id}} AS municipality_id,
       (SELECT count(*) FROM {{schema}}.{_TEACHER} t WHERE t.teaching_since > %(threshold)s) AS young,
       (SELECT count(*) FROM {{schema}}.{_TEACHER} t WHERE t.teaching_since > %(threshold)s
          AND EXISTS (SELECT 1 FROM {{schema}}.{_MENTORSHIP} m
                      WHERE m.mentee_id = t.id AND m.status = '{MentorshipStatus.ACTIVE.value}')) AS with_mentor,
       (SELECT count(*) FROM {{schema}}.{_MENTORSHIP} m WHERE m.status = '{MentorshipStatus.ACTIVE.value}') AS active
"""  # noqa: S608 — only model table names, choice values and {schema} placeholders; values are parameters


def mentoring_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder «mentoring»: every municipality in one query over the schemas."""
    if not municipalities:
        return
    with connection.cursor() as cursor:
        cursor.execute(schemas_union(_REBUILD_SELECT, municipalities), {"threshold": young_teacher_threshold()})
        rows = cursor.fetchall()
    year, now = AcademicYear.current().label, timezone.now()
    for municipality_id, young, with_mentor, active in rows:
        rollup_write(
            municipality_id=municipality_id,
            academic_year=year,
            young_teachers=young,
            young_teachers_with_mentor=with_mentor,
            mentorships_active=active,
            mentoring_updated_at=now,
        )
