"""Gunicorn for the web container: ``gunicorn metodika.wsgi:application -c deploy/gunicorn.conf.py``.

Gunicorn reads this file itself, outside Django, so the knobs come straight from the
container's environment (GUNICORN_*), not from ``metodika.settings.environment``.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


# All interfaces of the container: only the reverse proxy and the compose network reach it.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers, (2 x cores) + 1 by default: the views are short and the database does the waiting.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
# Document uploads (up to 20 MB) and first image renditions can outlast the default 30 s.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak in a long-lived process cannot grow unbounded.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Heartbeat files on tmpfs rather than the container's overlay filesystem (a slow disk there
# makes the arbiter think workers hang); gunicorn creates and unlinks them itself.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# gunicorn >= 25 opens a control socket under $HOME by default; the app user cannot write to its
# home (/app, the root-owned code), so the socket goes to the container's own /tmp (mode 0600).
control_socket = "/tmp/gunicorn.ctl"  # noqa: S108

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms host=%({host}i)s "%(a)s"'
# Django already trusts X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), so the proxy must be the only
# way in and must overwrite that header; gunicorn may then take its scheme from any peer too.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")


# Prometheus (metodika.metrics): with PROMETHEUS_MULTIPROC_DIR set, each worker counts into its own
# files there and a scrape adds them up; the directory is emptied at start (counters restart with
# the server, as Prometheus expects) and a dead worker's gauges are dropped.
def on_starting(server: object) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.unlink(os.path.join(directory, name))


def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
