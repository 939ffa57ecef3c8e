"""A per-municipality Celery fan-out at 2,500 municipalities with two workers (issue 18 §2).

Runs against a database of its own (``metodika_bench_fan_out``, dropped and recreated at the
start, dropped at the end unless ``--keep``) and Redis database 7 (broker and cache); it refuses
to run if the settings point anywhere else.

    make bench                      # or: .venv/bin/python bench/fan_out.py --municipalities 2500 --keep
    .venv/bin/python bench/fan_out.py --reuse    # again on the kept database, without building it

It runs ``region_migrate`` (public and template), makes ``--municipalities`` **synthetic**
municipalities (``harness.synthetic_region.synthetic_stub_region``: column-less stub tables; the
task reads one of them), starts a real Celery worker on the bench's Redis with ``--workers``
processes (prefork, default 2) and times, interleaved, ``--runs`` times each:

* **chunked** — ``municipalities_fan_out``: one ``fan_out_chunk`` task per 100 municipalities,
  each running the small task in every municipality of its chunk inside that municipality's
  schema, the run recorded on its ``FanOutRun`` row (closed by the last chunk);
* **per municipality** — the naive way: one task per municipality, sent with its schema.

The small task (``harness.fan_out_task.fan_out_probe``) reads a table of its municipality's
schema and writes a row naming the schema it ran in. A run ends when every municipality has its
row; the bench then checks that each ran once, in its own schema, and that the chunked run's
record says so. Target: the chunked run's median under TARGET_SECONDS. Exits 1 on FAIL.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import harness
from harness import say, timed
from harness.fan_out_task import DONE_TABLE

TARGET_SECONDS = 30.0
CHUNKED, NAIVE = "chunked", "per municipality"


def parse_args() -> Any:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_fan_out", redis_db=7)
    parser.add_argument("--municipalities", type=int, default=2500, help="synthetic municipalities (default 2500)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="fan-outs per way (default 3)")
    args = parser.parse_args()
    if args.municipalities < 1 or args.workers < 1 or args.runs < 1:
        parser.error("--municipalities, --workers and --runs must be at least 1")
    return args


def worker_start(processes: int) -> subprocess.Popen[bytes]:
    """A Celery worker on the bench's database and Redis (the environment ``harness`` set), with
    the probe task imported; returns once it answers a ping."""
    from metodika.celery import app

    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            str(p) for p in (harness.ROOT, harness.ROOT / "platform", harness.ROOT / "bench")
        ),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "metodika", "worker", "-I", "harness.fan_out_task",
        "--pool", "prefork", "--concurrency", str(processes), "--prefetch-multiplier", "1",
        "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING",
    ]  # fmt: skip
    # Its log (a line per task) to a file of its own, named here: the bench's output stays readable.
    descriptor, log_path = tempfile.mkstemp(prefix="bench-fan-out-worker-", suffix=".log")
    say(f"the worker's log: {log_path}")
    worker = subprocess.Popen(command, cwd=harness.ROOT, env=environment, stdout=descriptor, stderr=descriptor)
    os.close(descriptor)
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise SystemExit("[bench] the Celery worker did not start")
    return worker


def worker_stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


def done_count(path: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DONE_TABLE} WHERE path = %s", [path])
        return int(cursor.fetchone()[0])


def fan_out_timed(path: str, municipalities: list[Any]) -> float:
    """Send the fan-out the ``path`` way and wait until every municipality has run the task."""
    from django.db import connection
    from harness.fan_out_task import fan_out_probe

    from tenants.municipalities.dispatch import task_send
    from tenants.municipalities.fan_out import municipalities_fan_out

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DONE_TABLE}")
    started = time.perf_counter()
    if path == CHUNKED:
        run = municipalities_fan_out(fan_out_probe, name="bench.fan_out_probe")
    else:
        for municipality in municipalities:
            task_send(fan_out_probe, schema_name=municipality.schema_name, municipality_id=municipality.pk, path=path)
    deadline = time.monotonic() + 900
    while done_count(path) < len(municipalities):
        if time.monotonic() > deadline:
            raise SystemExit(f"[bench] {path}: {done_count(path)} of {len(municipalities)} done after 15 minutes")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    fan_out_check(path, municipalities)
    if path == CHUNKED:
        run.refresh_from_db()
        deadline = time.monotonic() + 30
        while run.finished_at is None and time.monotonic() < deadline:  # the last chunk closes it
            time.sleep(0.05)
            run.refresh_from_db()
        assert (run.total, run.succeeded, run.failed, run.finished_at is not None) == (
            len(municipalities),
            len(municipalities),
            0,
            True,
        ), run
    return seconds


def fan_out_check(path: str, municipalities: list[Any]) -> None:
    """Each municipality ran the task once, in its own schema."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT municipality_id, schema_name FROM {DONE_TABLE} WHERE path = %s", [path])
        rows = cursor.fetchall()
    expected = sorted((m.pk, m.schema_name) for m in municipalities)
    assert sorted(rows) == expected, f"{path}: tasks ran elsewhere, twice or not at all"


def bench(args: Any) -> dict[str, list[float]]:
    from django.core.management import call_command
    from django.db import connection
    from harness.synthetic_region import SCHEMA_PREFIX, synthetic_stub_region

    from tenants.municipalities.models import Municipality

    if not args.reused:
        with timed("region_migrate (public, template)"):
            call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        synthetic_stub_region(args.municipalities)
        with timed("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    municipalities = list(Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).order_by("pk"))
    if len(municipalities) != args.municipalities:
        raise SystemExit(
            f"[bench] the database has {len(municipalities)} synthetic municipalities, not {args.municipalities}"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {DONE_TABLE} "
            "(path text NOT NULL, municipality_id bigint NOT NULL, schema_name text NOT NULL)"
        )
    from metodika.celery import app

    app.control.purge()
    timings: dict[str, list[float]] = {CHUNKED: [], NAIVE: []}
    worker = worker_start(args.workers)
    try:
        with timed("warm-up (one task per municipality over 50 of them, not counted)"):
            fan_out_timed(NAIVE, municipalities[:50])  # the worker's processes connect and import
        for run in range(1, args.runs + 1):
            for path in timings:  # interleaved: drift hits both ways alike
                timings[path].append(fan_out_timed(path, municipalities))
                say(f"run {run}/{args.runs} {path}: {timings[path][-1]:.1f} s")
    finally:
        worker_stop(worker)
    return timings


def report(timings: dict[str, list[float]], *, municipalities: int, workers: int, load: tuple[float, ...]) -> bool:
    print(f"\n{municipalities} municipalities, {workers} worker processes; load average at the start {load[0]:.1f}")
    harness.seconds_table("fan-out", timings.items())
    chunked, naive = statistics.median(timings[CHUNKED]), statistics.median(timings[NAIVE])
    print(f"chunked median {chunked:.1f} s, one task per municipality {naive:.1f} s: {naive / chunked:.1f}×")
    passed = chunked < TARGET_SECONDS
    print(f"target: chunked fan-out median under {TARGET_SECONDS:.0f} s — {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    load = os.getloadavg()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, municipalities=args.municipalities, workers=args.workers, load=load) else 1


if __name__ == "__main__":
    sys.exit(main())
