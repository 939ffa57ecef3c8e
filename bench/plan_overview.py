"""The region's overview of the municipalities' annual plans: roll-up vs a loop over schemas.

Runs against a database of its own (``metodika_bench_plans``, dropped and recreated at the
start, dropped at the end unless ``--keep``) and Redis database 13; it refuses to run if the
settings point anywhere else.

    make bench                      # or: .venv/bin/python bench/plan_overview.py --municipalities 2500 --keep

It runs ``region_migrate`` (public and template), then makes ``--municipalities`` synthetic
municipalities by bulk SQL (``harness.synthetic_region``: registry rows, schemas with only the
plan's tables, each with the four directions, a 2025/2026 plan in execution and 20–49 items in
mixed statuses), rebuilds the plan roll-ups from the schemas (the ``plans`` rebuilder, one UNION
ALL query per 250 schemas, a transaction per 250, timed and reported), checks that the roll-up and the
schemas agree, then times, in the same run:

* **roll-up** — what the institute's screen asks: ``plan_region_overview`` (one row per
  municipality: status, items by status, participants, corrections) and
  ``plan_region_directions`` (the region's items per direction), ``--runs`` times;
* **naive loop** — the same figures by switching to each municipality's schema and asking the
  ORM (the plan, then items by direction and status), ``--naive-runs`` times.

The target is on the roll-up's median: under TARGET_MS. Exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

import harness
from harness import say, timed
from harness.synthetic_region import region_bench_arguments, synthetic_plan_fill, synthetic_region_create

TARGET_MS = 50.0
REBUILD_CHUNK = 250
TABLES = ("plans_direction", "plans_annualplan", "plans_plancorrection", "plans_planitem")


def parse_args() -> argparse.Namespace:
    return region_bench_arguments(__doc__, database="metodika_bench_plans", redis_db=13, what="the roll-up overview")


def naive_overview(municipalities: list[Any]) -> dict[int, tuple[str, dict[tuple[str, str], int], int]]:
    """What a view would do without roll-ups: every schema in turn, through the ORM."""
    from django.db import connection
    from django.db.models import Count, Sum

    from tenants.plans.models import AnnualPlan, PlanItem

    result: dict[int, tuple[str, dict[tuple[str, str], int], int]] = {}
    try:
        for municipality in municipalities:
            connection.set_tenant(municipality)  # type: ignore[attr-defined]
            plan = AnnualPlan.objects.filter(academic_year=2025).first()
            if plan is None:
                continue
            counts: dict[tuple[str, str], int] = {}
            participants = 0
            for row in (
                PlanItem.objects.filter(plan=plan)
                .values("direction__code", "status")
                .annotate(n=Count("id"), p=Sum("participants"))
            ):
                counts[(row["direction__code"], row["status"])] = row["n"]
                participants += row["p"] or 0
            result[municipality.pk] = (plan.status, counts, participants)
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    return result


def rollup_overview() -> tuple[list[Any], dict[str, dict[str, int]]]:
    from tenants.academic_years import AcademicYear
    from tenants.plans.selectors import plan_region_directions, plan_region_overview

    year = AcademicYear(2025)
    return plan_region_overview(academic_year=year), plan_region_directions(academic_year=year)


def bench(args: argparse.Namespace) -> dict[str, list[float]]:
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    from tenants.plans.rollups import plans_rollup_rebuild

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    municipalities = synthetic_region_create(args.municipalities, tables=TABLES, fill=synthetic_plan_fill)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # One transaction over 2,500 schemas holds an AccessShare lock per table read and can exhaust
    # PostgreSQL's lock table (max_locks_per_transaction) on a default server: rebuild in chunks,
    # each in its own transaction.
    started = time.perf_counter()
    for first in range(0, len(municipalities), REBUILD_CHUNK):
        with transaction.atomic():
            plans_rollup_rebuild(municipalities[first : first + REBUILD_CHUNK])
    say(
        f"plan roll-ups rebuilt over {len(municipalities)} schemas "
        f"(a transaction per {REBUILD_CHUNK}): {time.perf_counter() - started:.2f} s"
    )

    # The roll-up must say what the schemas say before any timing means anything.
    rows, _directions = rollup_overview()
    naive = naive_overview(municipalities)
    assert len(rows) == len(municipalities) == len(naive), (len(rows), len(municipalities), len(naive))
    for row in rows:
        status, counts, participants = naive[row.municipality_id]
        done = sum(n for (_code, s), n in counts.items() if s == "done")
        assert (row.plan_status, row.items_total, row.items_done, row.participants) == (
            status,
            sum(counts.values()),
            done,
            participants,
        ), row
    say("roll-up and schemas agree for every municipality")

    timings: dict[str, list[float]] = {"roll-up": [], "naive loop": []}
    rollup_overview()  # warm-up
    for _ in range(args.runs):
        started = time.perf_counter()
        rollup_overview()
        timings["roll-up"].append(time.perf_counter() - started)
    for run in range(args.naive_runs):
        started = time.perf_counter()
        naive_overview(municipalities)
        timings["naive loop"].append(time.perf_counter() - started)
        say(f"naive loop run {run + 1}: {timings['naive loop'][-1]:.2f} s")
    return timings


def report(timings: dict[str, list[float]], municipalities: int) -> bool:
    harness.seconds_table(f"{municipalities} municipalities", timings.items())
    rollup_ms = statistics.median(timings["roll-up"]) * 1000
    naive_ms = statistics.median(timings["naive loop"]) * 1000
    print(f"roll-up median {rollup_ms:.1f} ms, naive loop median {naive_ms:.0f} ms: {naive_ms / rollup_ms:.0f}× faster")
    passed = rollup_ms < TARGET_MS
    print(f"target: roll-up median under {TARGET_MS:.0f} ms — {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, args.municipalities) else 1


if __name__ == "__main__":
    sys.exit(main())
