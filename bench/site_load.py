"""Public sites under load: 50 municipalities served by gunicorn, hammered by wrk round-robin.

Runs against a database of its own (``metodika_bench_site``, dropped and recreated at the start,
dropped at the end unless ``--keep``) and Redis database 11. It provisions 50 municipalities by
cloning the template, collects the static files with the production storage (fingerprinted,
compressed), starts gunicorn with the production settings and runs ``wrk`` from another process
with a Lua script that sends each request to the next municipality's host:

* cached: anonymous visitors on the home, news and contacts pages of every municipality
  (the page cache answers; the target is ≥ 1,500 requests/s with p99 < 50 ms);
* uncached home: the same home pages with a cookie that makes the page cache step aside, so
  every request resolves the page and renders it (target ≥ 150 requests/s).

"Uncached" means the page cache does not answer: the request goes through Django's whole
middleware chain, Wagtail resolves the page and the template renders it. What a render reads
is itself cached per municipality and generation (the site's chrome: root page, menu, branding;
the home page's news and upcoming events), so a warm uncached render costs no query; those
entries are dropped with the page cache on publish. To show what the first visitor after a
publish pays, the home page is also rendered in-process with every cache emptied first
("cold"), and its statements and time are printed (informational, no target).

Queries per request are counted in-process beforehand (Django's test client, the same
middleware): a cached hit must cost none. Needs ``wrk`` (Debian: ``apt-get install wrk``).

    make bench            # or: .venv/bin/python bench/site_load.py --duration 15 --keep

Each gunicorn set-up in ``--servers`` is measured once (default: sync workers, cores + 1 and
2 x cores + 1 of them, and gthread); the one with the best cached throughput is measured
``--repeat`` times in all and its median runs are reported and judged (the machine is noisy).

Then the best set-up is measured once more behind Debian's nginx with ``deploy/nginx/``'s
configuration (its microcache answering anonymous pages for ``PROXY_MICROCACHE_SECONDS``), and
the same nginx serving the bytes of a home page from a file: the ratio of the two is printed
(target ≥ 25 %; the Python ceiling alone was about 6 %). Skipped when nginx is not installed.

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import harness
from harness import say, timed

MUNICIPALITIES = 50
CACHED_TARGET_RPS = 1500.0
CACHED_TARGET_P99_MS = 50.0
UNCACHED_TARGET_RPS = 150.0
NGINX_RATIO_TARGET = 0.25
CACHED_PATHS = ["/", "/novosti/", "/kontakty/"]
# A cookie the page cache treats as "this visitor may have messages": it steps aside, the page
# is rendered as for any anonymous visitor (the unsigned value is ignored by the messages code).
UNCACHED_COOKIE = "messages=bench"

WRK_SCRIPT = """
local hosts = {%(hosts)s}
local paths = {%(paths)s}
local cookie = "%(cookie)s"
local n = 0
request = function()
  n = n + 1
  local host = hosts[(n %% #hosts) + 1]
  local path = paths[(math.floor(n / #hosts) %% #paths) + 1]
  local headers = {["Host"] = host, ["X-Forwarded-Proto"] = "https"}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "errors": %%d, "non2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_site", redis_db=11)
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--servers",
        default=f"sync:{cores + 1}:1,sync:{2 * cores + 1}:1,gthread:{cores}:4",
        help="gunicorn set-ups to try, 'class:workers:threads' comma-separated; the best is reported "
        f"(default: sync with cores + 1 = {cores + 1} and 2 x cores + 1 = {2 * cores + 1} workers, "
        f"gthread with {cores} workers x 4 threads)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="measurements of the best set-up in all; the median run is reported (default 3)",
    )
    return parser.parse_args()


@dataclass(frozen=True)
class Server:
    worker_class: str
    workers: int
    threads: int

    @classmethod
    def parse(cls, text: str) -> Server:
        worker_class, workers, threads = text.split(":")
        return cls(worker_class, int(workers), int(threads))

    def __str__(self) -> str:
        return f"{self.worker_class} {self.workers} workers x {self.threads} threads"


@dataclass
class LoadResult:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    non2xx: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def municipalities_provision(count: int) -> list[str]:
    """``count`` municipalities cloned from the template (the same path the operator's screen takes)."""
    from django.core.management import call_command

    from tenants.municipalities.services import municipality_provision

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0)
    hosts = []
    with timed(f"provisioning {count} municipalities by cloning"):
        for index in range(1, count + 1):
            result = municipality_provision(
                name=f"Бенчмарк сайтов: муниципалитет {index}",
                short_name=f"Сайт {index}",
                slug=f"site-bench-{index:02d}",
                contact_email=f"site{index}@bench.example",
                use_pool=False,
            )
            hosts.append(result.municipality.default_hostname)
    return hosts


@dataclass
class InProcess:
    """Figures taken in-process through the full middleware (Django's test client)."""

    queries: dict[str, float]
    cold_render_ms: float


def in_process_figures(hosts: list[str]) -> InProcess:
    """Statements (django-tenants' ``SET search_path`` included) of an uncached home render with
    the caches warm, of a cached hit, and of a cold render (every cache emptied first), with the
    cold render's median time."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def uncached_client(host: str) -> Client:
        client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
        client.cookies["messages"] = "bench"
        return client

    # Provisioning has just purged every new site; let those purges settle (the bench Redis
    # database is its own) rather than wait out the minute in which nothing is stored.
    cache.clear()
    uncached_client(hosts[-1]).get("/")  # templates compiled, modules imported: not counted
    counts: dict[str, list[int]] = {"uncached home (warm)": [], "uncached home (cold)": [], "cached hit": []}
    cold_ms: list[float] = []
    for host in hosts[:10]:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            assert uncached_client(host).get("/").status_code == 200
            cold_ms.append((time.perf_counter() - started) * 1000)
        counts["uncached home (cold)"].append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            assert uncached_client(host).get("/").status_code == 200
        counts["uncached home (warm)"].append(len(ctx.captured_queries))
        anonymous = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
        anonymous.get("/")  # fills the cache
        with CaptureQueriesContext(connection) as ctx:
            response = anonymous.get("/")
        assert response["X-Page-Cache"] == "hit", response.headers
        counts["cached hit"].append(len(ctx.captured_queries))
    return InProcess(
        queries={label: sum(values) / len(values) for label, values in counts.items()},
        cold_render_ms=statistics.median(cold_ms),
    )


def static_collect(static_root: Path, env: dict[str, str]) -> None:
    with timed("collectstatic with the production storage (fingerprinted, compressed)"):
        subprocess.run(
            [sys.executable, str(harness.ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            env=env,
            check=True,
            cwd=harness.ROOT,
        )
    assert (static_root / "staticfiles.json").exists(), "no manifest: the production storage did not run"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_start(port: int, env: dict[str, str], server: Server) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "metodika.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={server.workers}",
        f"--worker-class={server.worker_class}",
        f"--threads={server.threads}",
        "--keep-alive=30",
        "--log-level=warning",
        "--worker-tmp-dir=/dev/shm",
        f"--control-socket={tempfile.gettempdir()}/metodika-bench-site-gunicorn.ctl",
    ]
    process = subprocess.Popen(command, env=env, cwd=harness.ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("[bench] gunicorn exited at start") from None
            time.sleep(0.3)
    gunicorn_stop(process)
    raise SystemExit("[bench] gunicorn did not start in 60 s")


def gunicorn_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def warm(port: int, hosts: list[str], paths: list[str]) -> None:
    """One request per host and path: fills the host and page caches, checks every page answers."""
    for host in hosts:
        for path in paths:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Host": host, "X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                if response.status != 200:
                    raise SystemExit(f"[bench] {host}{path} answered {response.status}")


def wrk_run(
    label: str, port: int, hosts: list[str], paths: list[str], cookie: str, args: argparse.Namespace
) -> LoadResult:
    def lua_list(items: list[str]) -> str:
        return ", ".join(json.dumps(item) for item in items)

    script = WRK_SCRIPT % {"hosts": lua_list(hosts), "paths": lua_list(paths), "cookie": cookie}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout=10s",
                "-s",
                lua.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(lua.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    return LoadResult(
        label=label,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        non2xx=data["non2xx"],
    )


def measure(port: int, hosts: list[str], args: argparse.Namespace) -> list[LoadResult]:
    return [
        wrk_run("cached pages", port, hosts, CACHED_PATHS, "", args),
        wrk_run("uncached home", port, hosts, ["/"], UNCACHED_COOKIE, args),
    ]


def measure_server(
    server: Server, hosts: list[str], env: dict[str, str], args: argparse.Namespace, runs: int
) -> list[list[LoadResult]]:
    port = free_port()
    say(f"gunicorn: {server} on port {port}")
    process = gunicorn_start(port, env, server)
    try:
        with timed("warming every host and path"):
            warm(port, hosts, CACHED_PATHS)
        measurements = []
        for _ in range(runs):
            results = measure(port, hosts, args)
            say(f"{server}: " + ", ".join(f"{r.label} {r.rps:.0f} req/s p99 {r.p99_ms:.1f} ms" for r in results))
            measurements.append(results)
        return measurements
    finally:
        gunicorn_stop(process)


@dataclass
class ThroughNginx:
    proxied: LoadResult
    from_file: LoadResult

    @property
    def ratio(self) -> float:
        return self.proxied.rps / self.from_file.rps if self.from_file.rps else 0.0


def measure_nginx(
    server: Server, hosts: list[str], env: dict[str, str], args: argparse.Namespace
) -> ThroughNginx | None:
    """The cached pages through nginx (its microcache in front of gunicorn), and nginx serving
    the same bytes from a file, one after the other on the same nginx."""
    sys.path.insert(0, str(harness.ROOT))
    from django.conf import settings

    from tests.nginx_front import nginx_available, nginx_running

    if not nginx_available():
        say("nginx is not installed (apt-get install nginx-light): the nginx figures are skipped")
        return None
    port = free_port()
    process = gunicorn_start(port, env, server)
    workdir = Path(tempfile.mkdtemp(prefix="metodika-bench-nginx-"))
    try:
        warm(port, hosts, CACHED_PATHS)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": hosts[0], "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            (workdir / "files").mkdir()
            (workdir / "files" / "page.html").write_bytes(response.read())
        nginx_port, file_port = free_port(), free_port()
        same_bytes = (
            f"server {{ listen 127.0.0.1:{file_port}; root {workdir / 'files'}; "
            "location / { add_header X-Proxy-Cache FILE; } }"
        )
        with nginx_running(
            workdir / "nginx",
            port=nginx_port,
            web_ports=[port],
            region_domain=settings.REGION_DOMAIN,
            media_root=workdir / "files",
            workers=os.cpu_count() or 1,
            access_log=False,
            extra_http=same_bytes,
            forwarded_proto="https",  # as behind the TLS-terminating front of production
        ):
            warm(nginx_port, hosts, CACHED_PATHS)
            proxied = wrk_run("cached via nginx", nginx_port, hosts, CACHED_PATHS, "", args)
            from_file = wrk_run("nginx, a file", file_port, hosts, ["/page.html"], "", args)
        say(f"through nginx {proxied.rps:.0f} req/s, the same bytes from a file {from_file.rps:.0f} req/s")
        return ThroughNginx(proxied, from_file)
    finally:
        gunicorn_stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def median_run(runs: list[LoadResult]) -> LoadResult:
    """The run with the median throughput (an actual run, so its p99 and errors go with it)."""
    return sorted(runs, key=lambda run: run.rps)[(len(runs) - 1) // 2]


def bench(args: argparse.Namespace) -> tuple[list[LoadResult], InProcess, Server, int, ThroughNginx | None]:
    from django.conf import settings

    hosts = municipalities_provision(args.municipalities)
    in_process = in_process_figures(hosts)
    static_root = Path(tempfile.mkdtemp(prefix="metodika-bench-static-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "metodika.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
        "STATIC_ROOT": str(static_root),
        "REGION_DOMAIN": settings.REGION_DOMAIN,
        "PYTHONPATH": os.pathsep.join([str(harness.ROOT), str(harness.ROOT / "platform")]),
    }
    try:
        static_collect(static_root, env)
        servers = list(map(Server.parse, args.servers.split(",")))
        first = {server: measure_server(server, hosts, env, args, runs=1)[0] for server in servers}
        # The set-up with the most cached throughput is measured again and judged by its medians.
        best = max(servers, key=lambda server: first[server][0].rps)
        runs = [first[best]]
        if args.repeat > 1:
            runs += measure_server(best, hosts, env, args, runs=args.repeat - 1)
        through_nginx = measure_nginx(best, hosts, env, args)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    results = [median_run([run[index] for run in runs]) for index in range(2)]
    return results, in_process, best, len(runs), through_nginx


def report(
    results: list[LoadResult],
    in_process: InProcess,
    server: Server,
    runs: int,
    through_nginx: ThroughNginx | None,
    municipalities: int,
) -> bool:
    cached, uncached = results
    print(f"{municipalities} municipalities, round-robin hosts; best gunicorn set-up: {server}, median of {runs} runs")
    print(f"{'':<16}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'non-2xx':>9}")
    for r in results:
        print(f"{r.label:<16}{r.requests:>10}{r.rps:>10.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}{r.non2xx:>9}")
    for label, count in in_process.queries.items():
        print(f"queries per request, {label}: {count:.1f}")
    print(
        f"cold uncached home render, in-process (every cache emptied first): {in_process.cold_render_ms:.1f} ms median"
    )
    print(f"cached / uncached throughput: {cached.rps / uncached.rps if uncached.rps else float('inf'):.1f}x")
    print(
        f"targets: cached {cached.rps / CACHED_TARGET_RPS:.2f}x of {CACHED_TARGET_RPS:.0f} req/s, "
        f"p99 {cached.p99_ms:.1f} of {CACHED_TARGET_P99_MS:.0f} ms; "
        f"uncached {uncached.rps / UNCACHED_TARGET_RPS:.2f}x of {UNCACHED_TARGET_RPS:.0f} req/s"
    )
    nginx_ok = True
    if through_nginx is not None:
        proxied, from_file = through_nginx.proxied, through_nginx.from_file
        for r in (proxied, from_file):
            print(
                f"{r.label:<16}{r.requests:>10}{r.rps:>10.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}{r.non2xx:>9}"
            )
        print(
            f"cached pages as a share of nginx serving the same bytes from a file: gunicorn alone "
            f"{cached.rps / from_file.rps:.0%}, through nginx's microcache {through_nginx.ratio:.0%} "
            f"(target {NGINX_RATIO_TARGET:.0%})"
        )
        nginx_ok = through_nginx.ratio >= NGINX_RATIO_TARGET and not (proxied.errors or proxied.non2xx)
    ok = (
        nginx_ok
        and cached.rps >= CACHED_TARGET_RPS
        and cached.p99_ms < CACHED_TARGET_P99_MS
        and uncached.rps >= UNCACHED_TARGET_RPS
        and in_process.queries["cached hit"] == 0
        and not any(r.errors or r.non2xx for r in results)
    )
    print("OK" if ok else "MISSED")
    return ok


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        say("wrk is not installed: apt-get install wrk (Debian), brew install wrk (macOS)")
        return 1
    # Reported inside the run, so the figures are printed before the bench database is dropped.
    ok = harness.run(args, lambda: report(*bench(args), municipalities=args.municipalities))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
