"""How long it takes to provision a municipality: by full migrations, by cloning, from the pool.

Runs against a database of its own (``metodika_bench`` next to the one in DATABASE_URL, dropped
and recreated at the start, dropped at the end unless ``--keep``) and a Redis database of its own,
so it never touches development or test data. See bench/README.md for what each path measures.

    make bench                      # or: .venv/bin/python bench/provision.py --runs 7 --keep
    .venv/bin/python bench/provision.py --schemas 2500 --runs 2   # clone, pool and refill at size

Exits non-zero when the target is missed: the pool median under POOL_TARGET_SECONDS and at least
POOL_TARGET_RATIO times faster than full migrations.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import harness
from harness import say, timed

POOL_TARGET_SECONDS = 0.2
POOL_TARGET_RATIO = 30.0

FULL, CLONE, POOL = "full migrations", "clone from template", "spare pool"
REFILL = "refill of one spare"


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench", redis_db=14)
    parser.add_argument("--runs", type=int, default=5, help="provisions per path (default 5)")
    parser.add_argument(
        "--schemas",
        type=int,
        default=0,
        help="synthetic municipalities made before the timings (e.g. 2500): clone, pool and refill are timed "
        "with them present (the full-migrations path is skipped)",
    )
    args = parser.parse_args()
    if args.runs < 1 or args.schemas < 0:
        parser.error("--runs must be at least 1, --schemas at least 0")
    return args


# --- the three paths --------------------------------------------------------------------------


@dataclass
class Timings:
    path: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def municipality_spec(path: str, run: int, tag: str = "") -> dict[str, str]:
    kind = {FULL: "full", CLONE: "clone", POOL: "pool"}[path] + tag
    return dict(
        name=f"Бенчмарк: {path}, прогон {run}{tag}",
        short_name=f"Бенч {kind} {run}",
        slug=f"bench-{kind}-{run}",
        contact_email=f"{kind}{run}@bench.example",
    )


def schema_by_migrations(name: str) -> None:
    """What django-tenants does without a template, plus the starter site the template carries.

    Each migration commits on its own, as in django-tenants' ``create_schema``: Wagtail's
    migrations cannot share one transaction (pending trigger events block its ALTER TABLEs).
    """
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from cms.home.starter import starter_site_seed

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(name)}")
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=0)
    with schema_context(name):
        starter_site_seed()


def full_provision(spec: dict[str, str]) -> Any:
    """The schema made by migrations, then the rest of municipality_provision.

    The migrated schema is made under a scratch name and renamed in where the service would clone
    the template, so everything else (checks, the municipality row, domains, site, role groups,
    audit) is the same code in the same transaction: the difference is the cost of the schema.
    """
    from tenants.municipalities import provisioning
    from tenants.municipalities.services import municipality_provision

    scratch = f"bench_migrated_{spec['slug'].replace('-', '_')}"
    schema_by_migrations(scratch)

    def rename_migrated(*, source: str, target: str) -> None:
        provisioning.schema_rename(old=scratch, new=target)

    with mock.patch.object(provisioning, "schema_clone", rename_migrated):
        return municipality_provision(use_pool=False, **spec)


def clone_provision(spec: dict[str, str]) -> Any:
    from tenants.municipalities.services import municipality_provision

    return municipality_provision(use_pool=False, **spec)


def pool_provision(spec: dict[str, str]) -> Any:
    # The provisioning sends spare_pool_refill_task to the bench Redis on commit. It is timed:
    # a real provisioning pays for that round trip too (about a millisecond). Nothing consumes
    # the bench Redis database, so the refill does not run behind the timing; the queue is purged
    # at the end.
    from tenants.municipalities.services import municipality_provision

    return municipality_provision(use_pool=True, **spec)


EXPECTED_SOURCE = {FULL: "clone", CLONE: "clone", POOL: "pool"}
PROVISIONERS: dict[str, Callable[[dict[str, str]], Any]] = {
    FULL: full_provision,
    CLONE: clone_provision,
    POOL: pool_provision,
}


def pool_refill() -> tuple[int, float]:
    """Top the pool up (as the worker's refill task does); how many spares were made, in how long."""
    from django.conf import settings

    from tenants.municipalities import provisioning

    started = time.perf_counter()
    made = provisioning.spare_pool_refill(size=max(1, settings.SPARE_POOL_SIZE))
    return made, time.perf_counter() - started


def provision_timed(path: str, spec: dict[str, str], refills: Timings | None = None) -> float:
    """Provision once and check the result is a usable municipality; returns the seconds taken.

    Before a pool provisioning the pool is topped up, outside its timing; a top-up that made
    exactly one spare is added to ``refills``."""
    from django.db import connection
    from django_tenants.utils import schema_context
    from wagtail.models import Site

    if path == POOL:
        made, seconds = pool_refill()
        if refills is not None and made == 1:
            refills.seconds.append(seconds)
            say(f"refill of one spare: {seconds:.3f} s")
    connection.set_schema_to_public()
    started = time.perf_counter()
    result = PROVISIONERS[path](spec)
    seconds = time.perf_counter() - started

    municipality = result.municipality
    if not result.created or result.source != EXPECTED_SOURCE[path]:
        raise SystemExit(f"[bench] {path}: expected a new {EXPECTED_SOURCE[path]!r} schema, got {result}")
    with schema_context(municipality.schema_name):
        site = Site.objects.select_related("root_page").get(is_default_site=True)
        if site.hostname != municipality.default_hostname or site.root_page.title != municipality.short_name:
            raise SystemExit(f"[bench] {path}: the site of {municipality.schema_name} was not configured")
    return seconds


def timed_runs(paths: tuple[str, ...], runs: int, tag: str = "") -> dict[str, Timings]:
    timings = {path: Timings(path) for path in paths}
    refills = Timings(REFILL)
    # Interleaved, so that drift (a growing catalogue, a busy neighbour) hits every path alike.
    for run in range(1, runs + 1):
        for path in paths:
            seconds = provision_timed(path, municipality_spec(path, run, tag), refills)
            timings[path].seconds.append(seconds)
            say(f"run {run}/{runs} {path}{tag}: {seconds:.3f} s")
    if refills.seconds:
        timings[REFILL] = refills
    return timings


def bench(runs: int, schemas: int, reused: bool) -> tuple[dict[str, Timings], bool]:
    """The timings; with ``schemas``, clone, pool and refill with that many synthetic
    municipalities present (made here, or found in a database kept with ``--keep``)."""
    from django.core.management import call_command
    from django.db import connection
    from harness.synthetic_region import SCHEMA_PREFIX, synthetic_stub_region

    from tenants.municipalities.models import Municipality

    if not reused:
        with timed("region_migrate (public, template)"):
            call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        with timed("warm-up (one clone, one pool provisioning, not counted)"):
            provision_timed(CLONE, {**municipality_spec(CLONE, 0), "slug": "bench-warmup-clone"})
            provision_timed(POOL, {**municipality_spec(POOL, 0), "slug": "bench-warmup-pool"})
    # New slugs on a kept database, which holds the municipalities of the run that kept it.
    tag = f"-{int(time.time())}" if reused else ""
    if not schemas:
        return timed_runs((FULL, CLONE, POOL), runs, tag), False
    present = Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).count()
    if present != schemas:
        if present:
            raise SystemExit(f"[bench] the kept database has {present} synthetic municipalities, not {schemas}")
        # The region at size: the catalog of 2,500 municipalities is what a clone reads through.
        synthetic_stub_region(schemas)
        with timed("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return timed_runs((CLONE, POOL), runs, tag), True


def report(timings: dict[str, Timings], *, schemas: int, load: tuple[float, float, float]) -> bool:
    print()
    if FULL not in timings:
        print(f"with {schemas} synthetic municipalities present; load average at the start {load[0]:.1f} / "
              f"{load[1]:.1f} / {load[2]:.1f}")  # fmt: skip
        harness.seconds_table("path", ((t.path, t.seconds) for t in timings.values()))
        clone, pool = timings[CLONE].median, timings[POOL].median
        passed = pool < POOL_TARGET_SECONDS
        print(f"\nclone/pool {clone / pool:.1f}x (medians)")
        print(f"target: pool median < {POOL_TARGET_SECONDS:.3f} s: {'PASS' if passed else 'FAIL'}")
        return passed
    harness.seconds_table("path", ((t.path, t.seconds) for t in timings.values()))
    full, clone, pool = (timings[p].median for p in (FULL, CLONE, POOL))
    print()
    print(f"full/clone {full / clone:.1f}x   full/pool {full / pool:.1f}x   clone/pool {clone / pool:.1f}x  (medians)")
    passed = pool < POOL_TARGET_SECONDS and full / pool >= POOL_TARGET_RATIO
    print(
        f"target: pool median < {POOL_TARGET_SECONDS:.3f} s and full/pool >= {POOL_TARGET_RATIO:.0f}x: "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return passed


def main() -> int:
    args = parse_args()
    load = os.getloadavg()
    timings, _at_size = harness.run(args, lambda: bench(args.runs, args.schemas, args.reused))
    return 0 if report(timings, schemas=args.schemas, load=load) else 1


if __name__ == "__main__":
    sys.exit(main())
