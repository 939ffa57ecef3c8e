"""``region_migrate`` at 2,500 municipalities: nothing to apply, and one new migration across many.

Runs against a database of its own (``metodika_bench_migrate``, dropped and recreated at the
start, dropped at the end unless ``--keep``; ``--reuse`` runs again on a kept one) and Redis
database 9; it refuses to run if the settings point anywhere else.

    .venv/bin/python bench/region_migrate.py --keep          # builds, measures, keeps the database
    .venv/bin/python bench/region_migrate.py --reuse         # measures again on the kept database

It runs ``region_migrate`` (public and template), then makes:

* ``--municipalities`` **synthetic** municipalities by SQL (``harness.synthetic_region``): each
  schema holds the template's ``django_migrations`` rows, an empty copy of the search index
  table (``region_migrate`` looks for stale entries there) and every other tenant table as a
  column-less stub ``CREATE TABLE x ()`` (the schema check looks for the tables' names only).
  Nothing else reads them, so nothing else is needed;
* ``--full`` **full** municipalities, real copies of the template (django-tenants' clone), for
  what must really migrate.

Then it times, in the same run:

* **nothing to apply** — ``manage.py region_migrate --no-refill`` over every schema (public,
  template, the synthetic and the full ones), ``--runs`` times; target under TARGET_SECONDS.
  Beside it, the vanilla way: django-tenants' ``migrate_schemas --tenant --schema_name=…`` for
  ``--vanilla-sample`` full schemas, per schema, times the number of schemas (an estimate);
* **one AddField** — a migration adding a column to ``events_event`` (a bench-only migration
  module, ``MIGRATION_MODULES``; the repository is not touched) applied to the template, then
  to the full schemas by Django's ``migrate`` with one process (sequential, the naive way) and
  with ``--processes`` (default the cores), and by its SQL replayed (what ``region_migrate``
  does) with ``--processes``; then to **every** municipality, synthetic and full, the way
  ``region_migrate`` does it (``municipalities_migrate``: digests, the SQL once, replayed in
  each schema); reverted in between and at the end. The synthetic schemas' ``events_event`` is
  a column-less stub: adding a column to it costs what it costs on an empty table.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import harness
from harness import say, timed
from harness.synthetic_region import SCHEMA_PREFIX, synthetic_stub_region

TARGET_SECONDS = 60.0
FULL_PREFIX = "m_bench_full_"
BENCH_FIELD = "bench_note"
BENCH_MIGRATION = "0900_bench_note"


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_migrate", redis_db=9)
    parser.add_argument("--municipalities", type=int, default=2500, help="synthetic municipalities (default 2,500)")
    parser.add_argument("--full", type=int, default=20, help="full copies of the template (default 20)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs with nothing to apply (default 3)")
    parser.add_argument("--vanilla-sample", type=int, default=5, help="full schemas migrated the vanilla way")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="processes for the AddField")
    return parser.parse_args()


def full_create(count: int) -> list[str]:
    """``count`` registry rows with real copies of the template (not timed)."""
    from django.db import connection

    from tenants.municipalities.models import Municipality
    from tenants.municipalities.provisioning import schema_clone

    schemas = [f"{FULL_PREFIX}{i:03d}" for i in range(1, count + 1)]
    with timed(f"{count} full copies of the template"):
        for i, schema in enumerate(schemas, start=1):
            schema_clone(source="template_municipality", target=schema)
            connection.set_schema_to_public()  # type: ignore[attr-defined]
            Municipality.objects.create(
                schema_name=schema,
                name=f"Полный муниципалитет № {i}",
                short_name=f"Полный № {i}",
                slug=f"bench-full-{i:03d}",
                contact_email="bench@example.test",
            )
    return schemas


def bench_migrations_module() -> tuple[Path, str]:
    """A copy of ``tenants.events.migrations`` plus one AddField, importable as a package."""
    import tenants.events.migrations as events_migrations

    root = Path(tempfile.mkdtemp(prefix="bench_migrations_"))
    package = root / "bench_events_migrations"
    shutil.copytree(Path(events_migrations.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    leaf = sorted(p.stem for p in package.glob("0*.py"))[-1]
    (package / f"{BENCH_MIGRATION}.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = [('events', '{leaf}')]\n"
        "    operations = [\n"
        f"        migrations.AddField('event', '{BENCH_FIELD}', models.CharField(max_length=20, blank=True, "
        "default='')),\n"
        "    ]\n"
    )
    sys.path.insert(0, str(root))
    return root, "bench_events_migrations"


def bench_field_revert(schemas: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'ALTER TABLE "{schema}".events_event DROP COLUMN IF EXISTS {BENCH_FIELD}')
            cursor.execute(
                f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', ["events", BENCH_MIGRATION]
            )


def bench(args: argparse.Namespace) -> dict[str, Any]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tenants.municipalities.models import Municipality
    from tenants.municipalities.region_migration import (
        municipalities_migrate,
        replay_plan,
        schemas_behind,
        schemas_migrate,
    )

    if args.reused:
        say("the kept database's municipalities are reused (--reuse)")
        full = list(
            Municipality.objects.filter(schema_name__startswith=FULL_PREFIX)
            .order_by("schema_name")
            .values_list("schema_name", flat=True)
        )
    else:
        with timed("region_migrate (public, template)"):
            call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        synthetic_stub_region(args.municipalities)
        full = full_create(args.full)
        with timed("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    synthetic = Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).count()
    total = Municipality.objects.exclude(schema_name="public").count()
    say(f"{total} municipalities: {synthetic} synthetic, {len(full)} full")
    results: dict[str, Any] = {"total": total, "synthetic": synthetic, "full": len(full)}

    # Nothing to apply.
    results["noop"] = []
    for run in range(args.runs):
        started = time.perf_counter()
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        results["noop"].append(time.perf_counter() - started)
        say(f"region_migrate, nothing to apply, run {run + 1}: {results['noop'][-1]:.1f} s")
    started = time.perf_counter()
    behind = schemas_behind(
        sorted(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True)),
        reference="template_municipality",
    )
    results["digests"] = time.perf_counter() - started
    assert behind == [], behind[:5]
    sample = full[: args.vanilla_sample]
    vanilla = []
    for schema in sample:
        started = time.perf_counter()
        call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0)
        vanilla.append(time.perf_counter() - started)
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    results["vanilla_per_schema"] = statistics.median(vanilla)
    say(f"vanilla migrate_schemas, nothing to apply: {results['vanilla_per_schema']:.2f} s per schema (median)")

    # One AddField across the full schemas, sequential then parallel.
    root, module = bench_migrations_module()
    settings.MIGRATION_MODULES = {**getattr(settings, "MIGRATION_MODULES", {}), "events": module}
    try:
        call_command(
            "migrate_schemas", tenant=True, schema_name="template_municipality", interactive=False, verbosity=0
        )
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        for label, processes, replay in (
            ("sequential", 1, False),
            ("parallel", args.processes, False),
            ("replayed", args.processes, True),
        ):
            assert schemas_behind(full, reference="template_municipality") == full
            started = time.perf_counter()
            scripts = replay_plan(full, reference="template_municipality") if replay else None
            outcomes = list(schemas_migrate(full, processes=processes, scripts=scripts))
            results[label] = time.perf_counter() - started
            assert all(o.ok and o.replayed == replay for o in outcomes), [o for o in outcomes if not o.ok][:2]
            assert schemas_behind(full, reference="template_municipality") == []
            say(f"AddField over {len(full)} schemas, {label}, {processes} process(es): {results[label]:.1f} s")
            bench_field_revert(full)
        results["processes"] = args.processes
        # Every municipality, the way region_migrate does it.
        everyone = sorted(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
        results["region"] = []
        for run in range(args.runs):
            assert len(schemas_behind(everyone, reference="template_municipality")) == len(everyone)
            started = time.perf_counter()
            report = municipalities_migrate(reference="template_municipality", processes=args.processes)
            results["region"].append(time.perf_counter() - started)
            assert not report.failed and report.replayed == len(everyone), report.failed[:2]
            assert schemas_behind(everyone, reference="template_municipality") == []
            say(f"AddField over all {len(everyone)} schemas, run {run + 1}: {results['region'][-1]:.1f} s")
            bench_field_revert(everyone)
    finally:
        bench_field_revert(
            [
                "template_municipality",
                *Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True),
            ]
        )
        sys.path.remove(str(root))
        shutil.rmtree(root, ignore_errors=True)
    return results


def report(results: dict[str, Any], load: tuple[float, float, float]) -> bool:
    noop = statistics.median(results["noop"])
    estimate = results["vanilla_per_schema"] * results["total"]
    print(
        f"{results['total']} municipalities ({results['synthetic']} synthetic, {results['full']} full); "
        f"load average at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    harness.seconds_table("nothing to apply", [("region_migrate", results["noop"])])
    print(
        f"  every schema's migrations read and compared: {results['digests']:.2f} s; vanilla migrate_schemas "
        f"{results['vanilla_per_schema']:.2f} s a schema × {results['total']} ≈ {estimate:.0f} s "
        f"({estimate / noop:.0f}× slower)"
    )
    full, total = results["full"], results["total"]
    per_schema = results["sequential"] / full
    print(
        f"one AddField over {full} full schemas: Django's migrate sequential {results['sequential']:.1f} s "
        f"({per_schema:.2f} s a schema), {results['processes']} processes {results['parallel']:.1f} s "
        f"({results['sequential'] / results['parallel']:.2f}× faster); its SQL replayed, {results['processes']} "
        f"processes {results['replayed']:.2f} s ({results['sequential'] / results['replayed']:.0f}× faster)"
    )
    harness.seconds_table(f"one AddField, all {total}", [("region_migrate's way", results["region"])])
    region = statistics.median(results["region"])
    print(
        f"  {1000 * region / total:.1f} ms a schema; Django's migrate sequential {per_schema:.2f} s × {total} "
        f"≈ {per_schema * total / 60:.0f} min ({per_schema * total / region:.0f}× slower)"
    )
    passed = noop < TARGET_SECONDS
    print(f"target: region_migrate with nothing to apply under {TARGET_SECONDS:.0f} s — {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    load = os.getloadavg()
    results = harness.run(args, lambda: bench(args))
    return 0 if report(results, load) else 1


if __name__ == "__main__":
    sys.exit(main())
