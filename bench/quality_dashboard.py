"""The institute's «Качество образования» at 2,500 municipalities: roll-ups vs a loop over schemas (issue 14).

Runs against a database of its own (``metodika_bench_quality_dashboard``, dropped and recreated
at the start, dropped at the end unless ``--keep``) and Redis database 10; it refuses to run if
the settings point anywhere else.

    make bench                      # or: .venv/bin/python bench/quality_dashboard.py --municipalities 2500 --keep

It runs ``region_migrate`` (public and template), then makes ``--municipalities`` synthetic
municipalities by bulk SQL (``harness.synthetic_region``: schemas with the quality tables and
the organisations'; each has 8 organisations with ВПР results in grades 5–6 and ОГЭ results in
grade 9, in maths and Russian, 48 rows; one municipality in four has a school flagged low with
the head's confirmation and a programme, one in five a school flagged for a jump, one in ten a
dismissal), rebuilds the ``quality`` roll-ups with its UNION ALL queries, checks that the
screen's numbers equal the schemas', then times, in the same run:

* **screen** — what ``/institute/quality/`` asks: ``institute.quality.selectors.quality_overview``
  (one query joining municipalities and year roll-ups, one for the region per procedure, one for
  the procedures), sorted by organisations flagged, the totals, and the heat map's cells of the
  first page (one query), ``--runs`` times;
* **naive loop** — the same figures by switching to each municipality's schema and asking its
  own selector (``tenants.quality.selectors.monitoring.quality_monitoring``, the head's
  monitoring), ``--naive-runs`` times.

The target is on the screen's median: under TARGET_MS. Exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from typing import Any

import harness
from harness import say, timed
from harness.synthetic_region import region_bench_arguments, synthetic_region_create

TARGET_MS = 50.0
YEAR = 2025
YEAR_LABEL = "2025/2026"
TABLES = (
    "organisations_organisation",
    "people_methodologist",
    "quality_assessmentprocedure",
    "quality_assessmentresult",
    "quality_flag",
    "quality_supportdecision",
    "quality_supportprogramme",
)


def parse_args() -> argparse.Namespace:
    return region_bench_arguments(
        __doc__, database="metodika_bench_quality_dashboard", redis_db=10, what="the quality screen"
    )


def municipality_fill(schema: str, index: int) -> list[str]:
    """Eight schools with ВПР and ОГЭ results; flags, decisions and programmes for some."""
    kind = "(SELECT id FROM public.assessment_procedurekind WHERE code = '{}')"
    subject = "(SELECT id FROM public.assessment_assessmentsubject WHERE code = '{}')"
    statements = [
        f"""INSERT INTO {schema}.organisations_organisation (id, kind, full_name, short_name, inn, address, head_name,
               phone, email, website, is_active, created_at, updated_at)
            SELECT g, 'school', 'Школа № ' || g, 'СОШ № ' || g, lpad((4700000000 + g)::text, 10, '0'),
                   '', '', '', '', '', true, now(), now()
              FROM generate_series(1, 8) AS g""",
        f"""INSERT INTO {schema}.quality_assessmentprocedure (id, academic_year, title, starts_on, ends_on, grades,
               note, created_at, updated_at, kind_id)
            VALUES (1, {YEAR}, '', DATE '2026-04-10', DATE '2026-04-20', '{{5,6}}', '', now(), now(),
                    {kind.format("vpr")}),
                   (2, {YEAR}, '', DATE '2026-05-25', DATE '2026-06-10', '{{9}}', '', now(), now(),
                    {kind.format("oge")})""",
        # participants 20–27; «2» 0–5, «5» 2–6, «4» 6–9, «3» the rest
        f"""INSERT INTO {schema}.quality_assessmentresult (grade, class_letter, participants, marks_2, marks_3, marks_4,
               marks_5, journal_lowered, journal_confirmed, journal_raised, created_at, updated_at, organisation_id,
               procedure_id, subject_id)
            SELECT c.grade, '', 20 + (o + c.grade + {index}) % 8,
                   (o * 7 + {index}) % 6, 20 + (o + c.grade + {index}) % 8 - (o * 7 + {index}) % 6 - (6 + o % 4)
                     - (2 + (o + {index}) % 5),
                   6 + o % 4, 2 + (o + {index}) % 5,
                   CASE WHEN c.procedure = 1 THEN 2 END,
                   CASE WHEN c.procedure = 1 THEN 16 + (o + c.grade + {index}) % 8 END,
                   CASE WHEN c.procedure = 1 THEN 2 END,
                   now(), now(), o, c.procedure, c.subject
              FROM generate_series(1, 8) AS o
             CROSS JOIN (VALUES (1, 5, {subject.format("math")}), (1, 5, {subject.format("russian")}),
                                (1, 6, {subject.format("math")}), (1, 6, {subject.format("russian")}),
                                (2, 9, {subject.format("math")}), (2, 9, {subject.format("russian")}))
                   AS c (procedure, grade, subject)""",
    ]
    if index % 4 == 0:
        status = "finished" if index % 8 == 0 else "active"
        improved = "true" if index % 8 == 0 else "NULL"
        statements += [
            f"""INSERT INTO {schema}.quality_flag (academic_year, grade, reason, participants, value, threshold,
                   found_at, organisation_id, procedure_id, subject_id)
                VALUES ({YEAR}, 5, 'low_share_2', 25, 32.0, 25.0, now(), 1, 1, {subject.format("math")})""",
            f"""INSERT INTO {schema}.quality_supportdecision
                   (academic_year, status, reason, decided_at, organisation_id)
                VALUES ({YEAR}, 'confirmed', '', now(), 1)""",
            f"""INSERT INTO {schema}.quality_supportprogramme (academic_year, title, reasons, risk_factors, diagnosis,
                   goals, starts_on, ends_on, status, conclusion, cancel_reason, effect_improved, created_at,
                   updated_at, organisation_id)
                VALUES ({YEAR}, 'Программа', '{{low}}', '{{}}', '', '', DATE '2025-10-01', DATE '2026-06-30',
                        '{status}', '', '', {improved}, now(), now(), 1)""",
        ]
    if index % 5 == 0:
        statements.append(
            f"""INSERT INTO {schema}.quality_flag (academic_year, grade, reason, participants, value, threshold,
                   found_at, organisation_id, procedure_id, subject_id)
                VALUES ({YEAR}, 6, 'jump', 24, 30.0, 25.0, now(), 2, 1, {subject.format("russian")})"""
        )
    if index % 10 == 0:
        statements.append(
            f"""INSERT INTO {schema}.quality_supportdecision
                   (academic_year, status, reason, decided_at, organisation_id)
                VALUES ({YEAR}, 'dismissed', 'Проверено', now(), 2)"""
        )
    return statements


def screen() -> Any:
    from institute.quality.selectors import quality_cells_fill, quality_overview, quality_rows_filter, quality_totals
    from institute.views import PAGE_SIZE

    overview = quality_overview(academic_year=YEAR_LABEL)
    rows = quality_rows_filter(overview.rows, sort="flagged", descending=True)
    totals = quality_totals(rows)
    quality_cells_fill(rows[:PAGE_SIZE], academic_year=YEAR_LABEL)
    return overview, rows, totals


def naive_screen(municipalities: list[Any]) -> dict[int, tuple[Any, ...]]:
    """What a view would do without roll-ups: every schema in turn, through its own selector."""
    from django.db import connection

    from tenants.academic_years import AcademicYear
    from tenants.quality.selectors.monitoring import quality_monitoring

    year = AcademicYear(YEAR)
    result: dict[int, tuple[Any, ...]] = {}
    try:
        for municipality in municipalities:
            connection.set_tenant(municipality)
            seen = quality_monitoring(year=year)
            participants = {k.kind.code: sum(s.counts.participants for s in k.subjects) for k in seen.kinds}
            result[municipality.pk] = (
                seen.organisations_with_results,
                seen.flagged,
                seen.flagged_low,
                seen.flagged_nonobjective,
                seen.confirmed,
                seen.dismissed,
                seen.programmes.get("active", 0),
                seen.programmes.get("finished", 0),
                seen.improved,
                participants,
            )
    finally:
        connection.set_schema_to_public()
    return result


def bench(args: argparse.Namespace) -> dict[str, list[float]]:
    from django.core.management import call_command
    from django.db import connection

    from institute.quality.selectors import quality_cells_fill
    from rollups.rebuild import rollups_rebuild

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    municipalities = synthetic_region_create(args.municipalities, tables=TABLES, fill=municipality_fill)
    with timed("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    (quality,) = rollups_rebuild(names=["quality"])
    say(f"rollups_rebuild quality over {len(municipalities)} schemas: {quality.seconds:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE public.rollups_municipalityyearrollup, public.rollups_qualitykindrollup, "
            "public.rollups_qualityrollup"
        )

    # The screen must say what the schemas say before any timing means anything.
    overview, rows, _totals = screen()
    quality_cells_fill(rows, academic_year=YEAR_LABEL)
    naive = naive_screen(municipalities)
    shown = {row.municipality_id: row for row in rows}
    assert len(shown) == len(municipalities) == len(naive), (len(shown), len(municipalities), len(naive))
    for municipality_id, expected in naive.items():
        row = shown[municipality_id]
        figures = (
            row.with_results,
            row.flagged,
            row.flagged_low,
            row.flagged_nonobjective,
            row.supported,
            row.dismissed,
            row.programmes_active,
            row.programmes_finished,
            row.improved,
            {code: cell.counts.participants for code, cell in row.kinds.items()},
        )
        assert figures == expected, (municipality_id, figures, expected)
    say(f"the screen and the schemas agree for every municipality ({len(overview.kinds)} procedures)")

    timings: dict[str, list[float]] = {"screen": [], "naive loop": []}
    screen()  # warm-up
    for _ in range(args.runs):
        started = time.perf_counter()
        screen()
        timings["screen"].append(time.perf_counter() - started)
    for run in range(args.naive_runs):
        started = time.perf_counter()
        naive_screen(municipalities)
        timings["naive loop"].append(time.perf_counter() - started)
        say(f"naive loop run {run + 1}: {timings['naive loop'][-1]:.2f} s")
    return timings


def report(timings: dict[str, list[float]], municipalities: int) -> bool:
    harness.seconds_table(f"{municipalities} municipalities", timings.items())
    screen_ms = statistics.median(timings["screen"]) * 1000
    naive_ms = statistics.median(timings["naive loop"]) * 1000
    print(f"screen median {screen_ms:.1f} ms, naive loop median {naive_ms:.0f} ms: {naive_ms / screen_ms:.0f}× faster")
    passed = screen_ms < TARGET_MS
    print(f"target: quality screen median under {TARGET_MS:.0f} ms — {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, args.municipalities) else 1


if __name__ == "__main__":
    sys.exit(main())
