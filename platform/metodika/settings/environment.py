"""The one module that reads the process environment.

Every other settings module takes its values from :data:`ENV`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (refused by production settings)


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Environment:
    secret_key: str
    debug: bool
    database_url: str
    database_conn_max_age: int
    replica_database_url: str
    replica_pin_seconds: int
    replica_max_lag_seconds: int
    replica_connect_timeout: int
    redis_url: str
    cache_redis_url: str
    broker_redis_url: str
    celery_visibility_timeout: int
    celery_restore_interval: int
    log_format: str
    sentry_dsn: str
    sentry_environment: str
    metrics_token: str
    region_domain: str
    region_name: str
    extra_allowed_hosts: tuple[str, ...]
    site_scheme: str
    site_port: str
    media_root: Path
    media_s3_bucket: str
    media_s3_endpoint_url: str
    media_s3_access_key: str
    media_s3_secret_key: str
    media_s3_region: str
    media_s3_prefix: str
    media_s3_url_expire: int
    media_x_accel: str
    static_root: Path
    backup_dir: Path
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    default_from_email: str
    celery_always_eager: bool
    spare_pool_size: int
    region_migrate_processes: int
    trusted_proxy_count: int
    audit_retention_days: int
    backup_retention_days: int
    test_database_name: str
    test_redis_url: str
    test_worker: str


def read_environment() -> Environment:
    env = os.environ
    redis_url = env.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    var = Path(env.get("METODIKA_VAR_DIR", REPO_ROOT / "var"))
    return Environment(
        secret_key=env.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY),
        debug=_flag("DJANGO_DEBUG", False),
        database_url=env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/metodika"),
        database_conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE", "60")),
        # A streaming replica of DATABASE_URL's server: region-wide reads go there (metodika.replica_reads).
        replica_database_url=env.get("REPLICA_DATABASE_URL", "").strip(),
        replica_pin_seconds=int(env.get("REPLICA_PIN_SECONDS", "15")),
        replica_max_lag_seconds=int(env.get("REPLICA_MAX_LAG_SECONDS", "60")),
        replica_connect_timeout=int(env.get("REPLICA_CONNECT_TIMEOUT", "2")),
        redis_url=redis_url,
        # Production runs two Redis servers (deploy/README.md): an evicting, unpersisted cache and a
        # persistent, never-evicting broker. One URL for both is fine in development.
        cache_redis_url=env.get("CACHE_REDIS_URL") or redis_url,
        broker_redis_url=env.get("BROKER_REDIS_URL") or redis_url,
        celery_visibility_timeout=int(env.get("CELERY_VISIBILITY_TIMEOUT", "300")),
        celery_restore_interval=int(env.get("CELERY_RESTORE_INTERVAL", "60")),
        log_format=env.get("LOG_FORMAT", "").strip().lower(),
        sentry_dsn=env.get("SENTRY_DSN", ""),
        sentry_environment=env.get("SENTRY_ENVIRONMENT", "production"),
        metrics_token=env.get("METRICS_TOKEN", ""),
        region_domain=env.get("REGION_DOMAIN", "lenobl.localhost"),
        region_name=env.get("REGION_NAME", "Ленинградская область"),
        extra_allowed_hosts=tuple(h.strip() for h in env.get("EXTRA_ALLOWED_HOSTS", "").split(",") if h.strip()),
        site_scheme=env.get("SITE_SCHEME", "http"),
        site_port=env.get("SITE_PORT", ""),
        media_root=Path(env.get("MEDIA_ROOT", var / "media")),
        media_s3_bucket=env.get("MEDIA_S3_BUCKET", ""),
        media_s3_endpoint_url=env.get("MEDIA_S3_ENDPOINT_URL", ""),
        media_s3_access_key=env.get("MEDIA_S3_ACCESS_KEY", ""),
        media_s3_secret_key=env.get("MEDIA_S3_SECRET_KEY", ""),
        media_s3_region=env.get("MEDIA_S3_REGION", "us-east-1"),
        media_s3_prefix=env.get("MEDIA_S3_PREFIX", ""),
        media_s3_url_expire=int(env.get("MEDIA_S3_URL_EXPIRE", "60")),
        media_x_accel=env.get("MEDIA_X_ACCEL", ""),
        static_root=Path(env.get("STATIC_ROOT", var / "static")),
        backup_dir=Path(env.get("BACKUP_DIR", var / "backups")),
        email_host=env.get("EMAIL_HOST", ""),
        email_port=int(env.get("EMAIL_PORT", "587")),
        email_user=env.get("EMAIL_HOST_USER", ""),
        email_password=env.get("EMAIL_HOST_PASSWORD", ""),
        email_use_tls=_flag("EMAIL_USE_TLS", True),
        default_from_email=env.get("DEFAULT_FROM_EMAIL", "Методика <noreply@metodika.localhost>"),
        celery_always_eager=_flag("CELERY_TASK_ALWAYS_EAGER", False),
        spare_pool_size=int(env.get("SPARE_POOL_SIZE", "3")),
        # 0: as many processes as the machine has cores.
        region_migrate_processes=int(env.get("REGION_MIGRATE_PROCESSES", "0")),
        trusted_proxy_count=int(env.get("TRUSTED_PROXY_COUNT", "0")),
        audit_retention_days=int(env.get("AUDIT_RETENTION_DAYS", "1095")),
        backup_retention_days=int(env.get("BACKUP_RETENTION_DAYS", "14")),
        test_database_name=env.get("TEST_DATABASE_NAME", "test_metodika"),
        test_redis_url=env.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13"),
        # pytest-xdist names its processes gw0, gw1, … (and hands the name to what they start).
        test_worker=env.get("PYTEST_XDIST_WORKER", ""),
    )


ENV = read_environment()
