"""When a teacher's professional development falls due (273-ФЗ art. 47 p. 5 item 2).

A teacher is entitled and expected to take additional professional education at least once every
three years. The rule the platform applies:

* the **base date** is the end date of the teacher's latest course record; a teacher with no
  course record yet is counted from the day they began teaching (``Teacher.teaching_since``):
  a newcomer has three years, like everyone else; a teacher with neither is **overdue** — the
  service has no evidence of any course, which is what it must look into;
* the **due date** is the base date plus three calendar years; a base date of 29 February
  falls due on 28 February (what PostgreSQL's ``date + interval '3 years'`` gives, so the
  Python and the SQL answers agree);
* on the due date itself the teacher is still in time (**due soon**); **overdue** begins the day
  after; **due soon** covers the due dates from today to twelve months ahead (same 29 February
  rule); later due dates are **up to date**.

``pd_overdue`` changes with the calendar alone, so the roll-up is refreshed by the nightly
rebuild as well as by every change (see ``tenants.development.rollups``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Case, F, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.people.models import Teacher

PD_PERIOD_YEARS = 3
DUE_SOON_YEARS = 1


class PdStatus(models.TextChoices):
    UP_TO_DATE = "up_to_date", _("Курсы пройдены в срок")
    DUE_SOON = "due_soon", _("Срок наступает в ближайшие 12 месяцев")
    OVERDUE = "overdue", _("Срок прошёл")


def years_after(day: datetime.date, years: int) -> datetime.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def pd_due_date(*, last_course_end: datetime.date | None, teaching_since: datetime.date | None) -> datetime.date | None:
    base = last_course_end or teaching_since
    return years_after(base, PD_PERIOD_YEARS) if base else None


def pd_status(*, due_date: datetime.date | None, on: datetime.date) -> PdStatus:
    if due_date is None or due_date < on:
        return PdStatus.OVERDUE
    if due_date <= years_after(on, DUE_SOON_YEARS):
        return PdStatus.DUE_SOON
    return PdStatus.UP_TO_DATE


class _YearsAfter(models.Func):
    """``(date + interval 'N years')::date`` in SQL."""

    output_field = models.DateField()

    def __init__(self, expression: object, *, years: int) -> None:
        super().__init__(expression, years=int(years))

    template = "(%(expressions)s + interval '%(years)s years')::date"


def pd_annotate(queryset: QuerySet[Teacher], *, on: datetime.date) -> QuerySet[Any]:
    """Teachers with ``last_course_end``, ``pd_due`` and ``pd_status`` as of ``on``."""
    soon = years_after(on, DUE_SOON_YEARS)
    return queryset.annotate(
        last_course_end=Max("course_records__end_date"),
        pd_due=_YearsAfter(Coalesce(F("last_course_end"), F("teaching_since")), years=PD_PERIOD_YEARS),
    ).annotate(
        pd_status=Case(
            When(Q(pd_due__isnull=True) | Q(pd_due__lt=on), then=Value(PdStatus.OVERDUE.value)),
            When(pd_due__lte=soon, then=Value(PdStatus.DUE_SOON.value)),
            default=Value(PdStatus.UP_TO_DATE.value),
            output_field=models.CharField(),
        )
    )


def pd_status_sql(*, on: datetime.date) -> dict[str, str]:
    """The same rule for raw SQL over ``people_teacher t`` with ``last_end`` (a max over its courses).

    Dates enter as ISO literals made here, never from input.
    """
    due = f"(COALESCE(last_end, teaching_since) + interval '{PD_PERIOD_YEARS} years')::date"
    today = f"DATE '{on.isoformat()}'"
    soon = f"DATE '{years_after(on, DUE_SOON_YEARS).isoformat()}'"
    return {
        "overdue": f"({due} IS NULL OR {due} < {today})",
        "due_soon": f"({due} >= {today} AND {due} <= {soon})",
        "up_to_date": f"({due} > {soon})",
    }
