"""Logging: structured enough to grep, with the schema on every line.

``LOG_FORMAT=json`` (production's default) writes one JSON object a line for a log collector:
time, level, logger, message, ``schema_name`` and ``domain_url`` (django-tenants' filter), and
the exception's traceback when there is one. ``text`` (development's default) is the same
fields on one readable line.
"""

from __future__ import annotations

from typing import Any

from metodika.settings.environment import ENV

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(schema_name)s %(domain_url)s %(process)d"


def logging_config(log_format: str) -> dict[str, Any]:
    formatter = "json" if log_format == "json" else "tenant"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
        "formatters": {
            "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s:%(domain_url)s] %(name)s: %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": JSON_FIELDS,
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "schema_name": "schema"},
                "json_ensure_ascii": False,
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"], "formatter": formatter},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "celery": {"level": "INFO"},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(ENV.log_format or "text")
