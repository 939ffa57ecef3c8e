"""Debian's nginx with ``deploy/nginx/metodika.conf.template`` in front of local gunicorn processes.

Used by the two-node test and by ``bench/site_load.py``. The template is rendered as the nginx
image's envsubst would (only ``${UPPER_CASE}`` names are replaced), into a throw-away prefix with
its own main configuration, pid, logs and cache.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "deploy" / "nginx" / "metodika.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

MAIN_CONF = """
{user}
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {access_log};
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/conf.d/*.conf;
    {extra}
}}
"""


def nginx_available() -> bool:
    return Path(NGINX).exists()


def render(template: str, values: dict[str, str]) -> str:
    """``${NAME}`` replaced from ``values``; a name missing there is an error (envsubst would blank it)."""

    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return re.sub(r"\$\{([A-Z][A-Z0-9_]*)\}", value, template)


@contextmanager
def nginx_running(
    prefix: Path,
    *,
    port: int,
    web_ports: list[int],
    region_domain: str,
    media_root: Path,
    media_s3_upstream: str = "127.0.0.1:9",
    microcache_seconds: int = 2,
    workers: int = 1,
    access_log: bool = True,
    extra_http: str = "",
    forwarded_proto: str = "$scheme",
) -> Iterator[Path]:
    """nginx on 127.0.0.1:``port`` until the block ends; yields its prefix (logs are there)."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "conf.d").mkdir(exist_ok=True)
    (prefix / "tls").mkdir(exist_ok=True)  # no tls*.conf: plain HTTP on loopback
    (prefix / "cache").mkdir(exist_ok=True)
    servers = " ".join(f"server 127.0.0.1:{p} max_fails=2 fail_timeout=5s;" for p in web_ports)
    site = render(
        TEMPLATE.read_text(encoding="utf-8"),
        {
            "REGION_DOMAIN": region_domain,
            "NGINX_LISTEN": f"127.0.0.1:{port}",
            "NGINX_TLS_DIR": str(prefix / "tls"),
            "WEB_SERVERS": servers,
            "MEDIA_ROOT": str(media_root),
            "MEDIA_S3_UPSTREAM": media_s3_upstream,
            "NGINX_CACHE_DIR": str(prefix / "cache"),
            "PROXY_MICROCACHE_SECONDS": str(microcache_seconds),
            "NGINX_FORWARDED_PROTO": forwarded_proto,
        },
    )
    (prefix / "conf.d" / "metodika.conf").write_text(site, encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(
        MAIN_CONF.format(
            user="user root;" if os.geteuid() == 0 else "",
            workers=workers,
            prefix=prefix,
            access_log=f"{prefix}/access.log" if access_log else "off",
            extra=extra_http,
        ),
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(main)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(prefix / "stderr.log").open("wb"),
    )
    try:
        from tests.s3_server import wait_for_port

        wait_for_port(port)
        yield prefix
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        time.sleep(0.1)
