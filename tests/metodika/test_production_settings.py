"""Production settings and the compose stack.

Production settings are imported in a subprocess each time: they read the environment once, at
import, and must not leak into the test process (which runs ``metodika.settings.test``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
STACK_SERVICES = {
    "web1",
    "web2",
    "nginx",
    "worker",
    "beat",
    "db",
    "cache",
    "broker",
    "minio",
    "minio-bucket",
    "migrate",
}


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "metodika.settings.production"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "platform")])
    env.update(overrides)
    return env


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def import_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_python("-c", "import metodika.settings.production", env=env)


def a_secret() -> str:
    return secrets.token_urlsafe(60)


def test_production_refuses_the_default_secret_key() -> None:
    result = import_production(production_env())

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = import_production(production_env(DJANGO_SECRET_KEY="too-short"))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = import_production(production_env(DJANGO_SECRET_KEY=a_secret(), DJANGO_DEBUG="1"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr


def test_production_imports_with_a_proper_secret() -> None:
    result = import_production(production_env(DJANGO_SECRET_KEY=a_secret()))

    assert result.returncode == 0, result.stderr


def test_production_cookies_are_the_regions_secure_httponly_lax_and_csrf_lives_in_the_session() -> None:
    """Issue 21: one session for the region's hosts, guarded against what a sibling subdomain could do."""
    probe = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SESSION_COOKIE_DOMAIN, "
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_USE_SESSIONS, "
        "s.CSRF_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE, s.CSRF_TRUSTED_ORIGINS]))"
    )
    env = production_env(DJANGO_SECRET_KEY=a_secret(), REGION_DOMAIN="obr.example.ru")
    result = run_python("-c", f"import django; django.setup(); {probe}", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "obr.example.ru",
        True,
        True,
        "Lax",
        True,
        True,
        True,
        "Lax",
        [],
    ]


def test_check_deploy_is_clean() -> None:
    result = run_python("manage.py", "check", "--deploy", env=production_env(DJANGO_SECRET_KEY=a_secret()))
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "no issues" in output, output
    assert "WARNINGS" not in output, output


def compose_command() -> list[str] | None:
    """The Compose CLI on this machine: the ``docker compose`` plugin, else ``docker-compose``."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def compose_config(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = compose_command()
    if command is None:
        pytest.skip("no Compose CLI installed (neither the docker compose plugin nor docker-compose)")
    return subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_file_defines_the_stack() -> None:
    try:
        import yaml  # PyYAML is not a dependency; the Compose CLI reads the file otherwise
    except ImportError:
        env = {**os.environ, "DJANGO_SECRET_KEY": a_secret(), "MINIO_ROOT_PASSWORD": a_secret()}
        result = compose_config("config", "--services", env=env)
        assert result.returncode == 0, result.stderr
        services = set(result.stdout.split())
    else:
        services = set(yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))["services"])

    assert services >= STACK_SERVICES


def test_compose_requires_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["MINIO_ROOT_PASSWORD"] = a_secret()

    result = compose_config("config", "-q", env=env)

    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY" in result.stdout + result.stderr


def test_compose_splits_redis_probes_readyz_and_offers_pitr() -> None:
    env = {**os.environ, "DJANGO_SECRET_KEY": a_secret(), "MINIO_ROOT_PASSWORD": a_secret()}
    result = compose_config("--profile", "pitr", "config", env=env)
    assert result.returncode == 0, result.stderr
    import yaml

    stack = yaml.safe_load(result.stdout)["services"]
    cache, broker = " ".join(stack["cache"]["command"]), " ".join(stack["broker"]["command"])
    assert "--appendonly no" in cache and "--maxmemory-policy volatile-lru" in cache and "--maxmemory " in cache
    assert "--appendonly yes" in broker and "--maxmemory-policy noeviction" in broker
    for web in ("web1", "web2"):
        environment = stack[web]["environment"]
        assert environment["CACHE_REDIS_URL"] == "redis://cache:6379/0"
        assert environment["BROKER_REDIS_URL"] == "redis://broker:6379/0"
        assert environment["MEDIA_S3_ENDPOINT_URL"] == "http://minio:9000" and environment["MEDIA_X_ACCEL"]
        assert "/readyz" in " ".join(stack[web]["healthcheck"]["test"])
        assert "ports" not in stack[web]  # nginx is the one way in
    assert "pgbackrest" in stack and "archive_command=pgbackrest" in " ".join(stack["db"]["command"])
    # (`config` prints a literal $ escaped as $$, so that its output reads back the same.)
    assert stack["nginx"]["environment"]["NGINX_FORWARDED_PROTO"].replace("$$", "$") == "$scheme"
