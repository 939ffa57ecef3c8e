"""The institute's region dashboard at 2,500 municipalities: roll-ups vs a loop over schemas.

Runs against a database of its own (``metodika_bench_dashboard``, dropped and recreated at the
start, dropped at the end unless ``--keep``) and Redis database 10; it refuses to run if the
settings point anywhere else.

    make bench                      # or: .venv/bin/python bench/region_dashboard.py --municipalities 2500 --keep
    .venv/bin/python bench/region_dashboard.py --reuse    # again on the kept database, without building it

It runs ``region_migrate`` (public and template), then makes ``--municipalities`` synthetic
municipalities by bulk SQL (``harness.synthetic_region``: schemas with the plan's and the
document register's tables; each has a 2025/2026 plan in execution with 20–49 items in mixed
statuses, the template's nomenclature and about two thirds of its documents in force), rebuilds
the ``plans`` and ``registry`` roll-ups with one UNION ALL query each, fills the events' and
PD columns and agreements for two municipalities in three by bulk SQL (their apps' tables are
not in the synthetic schemas), checks that the dashboard's numbers equal the schemas', then
times, in the same run:

* **dashboard** — what the dashboard's page asks, sorted by share done, pages 1–3 in turn:
  ``institute.dashboard.dashboard_page``, one statement over the dashboard's rows (one per
  municipality and year, kept by triggers as the roll-ups and agreements above are written)
  giving one row: the count and the region totals of the matching rows, the page's 100 rows
  (sorted and cut by the database) with their direction cells, and the directions, ``--runs``
  times;
* **rows in Python** — the same page built as before issue 18: every municipality's row (from
  the same table) as a Python object, sorted, summed and sliced in Python (for information);
* **naive loop** — the same plan and register figures by switching to each municipality's
  schema and asking the ORM and the register's own selector, ``--naive-runs`` times.

The target is on the dashboard's median: under TARGET_MS. Exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from typing import Any

import harness
from harness import say, timed
from harness.synthetic_region import (
    SCHEMA_PREFIX,
    region_bench_arguments,
    synthetic_plan_fill,
    synthetic_region_create,
)

TARGET_MS = 25.0
YEAR_LABEL = "2025/2026"
TODAY = datetime.date(2026, 3, 1)  # inside 2025/2026, whatever the machine's date
TABLES = (
    "plans_direction",
    "plans_annualplan",
    "plans_plancorrection",
    "plans_planitem",
    "registry_documentkind",
    "registry_documentversion",
)


def parse_args() -> argparse.Namespace:
    return region_bench_arguments(__doc__, database="metodika_bench_dashboard", redis_db=10, what="the dashboard")


def municipality_fill(schema: str, index: int) -> list[str]:
    """One municipality: the directions and a plan with items; the nomenclature and its documents."""
    template = "template_municipality"
    return [
        *synthetic_plan_fill(schema, index),
        f"INSERT INTO {schema}.registry_documentkind SELECT * FROM {template}.registry_documentkind",
        f"""INSERT INTO {schema}.registry_documentversion
              (kind_id, title, file, file_format, file_size, status, academic_year, approved_on, order_number,
               is_public, created_at, updated_at)
            SELECT id, '', 'registry/bench.pdf', 'pdf', 1000, 'in_force',
                   CASE renewal WHEN 'annual' THEN 2025 WHEN 'annual_report' THEN 2024 END,
                   DATE '2025-09-01', '', false, now(), now()
              FROM {schema}.registry_documentkind WHERE (id + {index}) % 3 <> 0""",
    ]


def other_apps_fill() -> None:
    """Events', PD and agreements' share, which the synthetic schemas have no tables for."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rollups_municipalityyearrollup SET events_held = municipality_id %% 17, "
            "events_participants = (municipality_id %% 17) * 23, teachers_total = 100 + municipality_id %% 300, "
            "pd_up_to_date = 80 + municipality_id %% 200, pd_overdue = 20 + municipality_id %% 100, "
            "last_activity_at = now() - (municipality_id %% 90) * interval '1 day' WHERE academic_year = %s",
            [YEAR_LABEL],
        )
        cursor.execute(
            "INSERT INTO agreements_agreement (municipality_id, number, concluded_on, subject, term_from, term_to, "
            "municipality_responsible, committee_responsible, institute_responsible, obligations, scan, status, "
            "termination_reason, status_changed_at, created_at, updated_at) "
            "SELECT id, 'ТС-' || id, DATE '2024-09-01', 'Сопровождение', DATE '2024-09-01', DATE '2027-08-31', "
            "'—', '—', '—', '—', '', CASE WHEN id %% 3 = 1 THEN 'in_force' ELSE 'sent' END, '', now(), now(), now() "
            "FROM municipalities_municipality WHERE schema_name LIKE %s AND id %% 3 <> 0",
            ["synthetic%"],
        )


def dashboard(page: int = 1) -> Any:
    """What the dashboard's page asks, sorted by share done: one statement for the count and the
    totals of the matching rows, the page's rows and their direction cells, and the directions."""
    from institute.dashboard import DashboardQuery, dashboard_page
    from institute.views import PAGE_SIZE

    query = DashboardQuery(sort="share_done", descending=True)
    shown = dashboard_page(academic_year=YEAR_LABEL, query=query, page=page, page_size=PAGE_SIZE)
    return shown.summary, shown.rows, shown.directions


def dashboard_in_python(page: int = 1) -> Any:
    """The same page the way it was built before (issue 18): every row as a Python object, filtered,
    sorted and summed in Python, then sliced. Kept side by side, for information."""
    from institute.dashboard import dashboard_data, dashboard_directions_fill, dashboard_totals
    from institute.views import PAGE_SIZE

    data = dashboard_data(academic_year=YEAR_LABEL)
    rows = sorted(data.rows, key=lambda r: -1.0 if r.share_done is None else r.share_done, reverse=True)
    totals = dashboard_totals(rows)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    dashboard_directions_fill(shown, academic_year=YEAR_LABEL)
    return totals, shown, data.directions


def naive_dashboard(municipalities: list[Any]) -> dict[int, tuple[str, int, int, int, int, int]]:
    """What a view would do without roll-ups: every schema in turn, through the ORM and selectors."""
    from django.db import connection
    from django.db.models import Count

    from agreements.models import Agreement
    from tenants.plans.models import AnnualPlan, PlanItem
    from tenants.registry.selectors import nomenclature_overview, register_summary_of

    result: dict[int, tuple[str, int, int, int, int, int]] = {}
    try:
        for municipality in municipalities:
            connection.set_tenant(municipality)
            plan = AnnualPlan.objects.filter(academic_year=2025).first()
            by_status: dict[str, int] = {}
            if plan is not None:
                for row in (
                    PlanItem.objects.filter(plan=plan).values("direction__code", "status").annotate(n=Count("id"))
                ):
                    by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
            summary = register_summary_of(nomenclature_overview(today=TODAY))
            agreements = Agreement.objects.filter(municipality=municipality).count()
            result[municipality.pk] = (
                plan.status if plan else "none",
                sum(by_status.values()),
                by_status.get("done", 0),
                summary.required_total,
                summary.in_force,
                agreements,
            )
    finally:
        connection.set_schema_to_public()
    return result


def bench(args: argparse.Namespace) -> dict[str, list[float]]:
    import io

    from django.core.management import call_command
    from django.db import connection

    from institute.dashboard import dashboard_data
    from rollups.rebuild import rollups_rebuild
    from tenants.municipalities.models import Municipality
    from tenants.registry.rollups import registry_rollup_rebuild

    if args.reused:
        say("the kept database's synthetic region is reused (--reuse)")
        municipalities = list(Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).order_by("pk"))
    else:
        with timed("region_migrate (public, template)"):
            call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        municipalities = synthetic_region_create(args.municipalities, tables=TABLES, fill=municipality_fill)
        with timed("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        (plans,) = rollups_rebuild(names=["plans"])
        say(f"rollups_rebuild plans over {len(municipalities)} schemas: {plans.seconds:.2f} s")
        started = time.perf_counter()
        registry_rollup_rebuild(municipalities, today=TODAY)
        say(f"registry roll-up rebuild over {len(municipalities)} schemas: {time.perf_counter() - started:.2f} s")
        other_apps_fill()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE public.rollups_municipalityyearrollup, public.agreements_agreement")
            # The dashboard's rows were rewritten by every roll-up write above (its triggers): what
            # autovacuum does to them after such a burst, before anyone reads them.
            cursor.execute("VACUUM ANALYZE public.institute_municipalitydashboardrow")

    # The dashboard must say what the schemas say before any timing means anything: every row
    # (dashboard_data), and the page the timings ask for equals the one built in Python.
    data = dashboard_data(academic_year=YEAR_LABEL)
    for page in (1, 2, 25):
        summary, rows, _directions = dashboard(page)
        totals, python_rows, _ = dashboard_in_python(page)
        assert [(r.municipality_id, r.directions) for r in rows] == [
            (r.municipality_id, r.directions) for r in python_rows
        ], page
        assert (summary.matched, summary.totals.items_done, summary.totals.pd_overdue) == (
            len(data.rows),
            totals.items_done,
            totals.pd_overdue,
        ), page
    naive = naive_dashboard(municipalities)
    shown = {row.municipality_id: row for row in data.rows}
    assert len(shown) == len(municipalities) == len(naive), (len(shown), len(municipalities), len(naive))
    for municipality_id, (status, total, done, required, in_force, agreements) in naive.items():
        row = shown[municipality_id]
        assert (row.plan_status, row.items_total, row.items_done, row.documents_required, row.documents_in_force) == (
            status,
            total,
            done,
            required,
            in_force,
        ), (municipality_id, row)
        assert (row.agreement_status != "none") == bool(agreements), municipality_id
    say("the dashboard and the schemas agree for every municipality")

    timings: dict[str, list[float]] = {"dashboard": [], "rows in Python": [], "naive loop": []}
    dashboard()  # warm-up
    dashboard_in_python()
    for run in range(args.runs):
        page = 1 + run % 3  # the first pages, as readers page
        for label, build in (("dashboard", dashboard), ("rows in Python", dashboard_in_python)):
            started = time.perf_counter()
            build(page)
            timings[label].append(time.perf_counter() - started)
    for run in range(args.naive_runs):
        started = time.perf_counter()
        naive_dashboard(municipalities)
        timings["naive loop"].append(time.perf_counter() - started)
        say(f"naive loop run {run + 1}: {timings['naive loop'][-1]:.2f} s")
    return timings


def report(timings: dict[str, list[float]], municipalities: int) -> bool:
    harness.seconds_table(f"{municipalities} municipalities", timings.items())
    dashboard_ms = statistics.median(timings["dashboard"]) * 1000
    naive_ms = statistics.median(timings["naive loop"]) * 1000
    python_ms = statistics.median(timings["rows in Python"]) * 1000
    print(
        f"dashboard median {dashboard_ms:.1f} ms, naive loop median {naive_ms:.0f} ms: "
        f"{naive_ms / dashboard_ms:.0f}× faster; every row in Python {python_ms:.1f} ms "
        f"({python_ms / dashboard_ms:.1f}×)"
    )
    passed = dashboard_ms < TARGET_MS
    print(f"target: dashboard median under {TARGET_MS:.0f} ms — {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, args.municipalities) else 1


if __name__ == "__main__":
    sys.exit(main())
