"""Health, metrics and error tracking (``metodika.health``, ``metodika.metrics``,
``metodika.error_tracking``). Sentry starts in production only, and only with ``SENTRY_DSN``."""

from metodika.settings.environment import ENV

# /metrics answers only with this bearer token; empty: no metrics endpoint at all.
METRICS_TOKEN = ENV.metrics_token
SENTRY_DSN = ENV.sentry_dsn
SENTRY_ENVIRONMENT = ENV.sentry_environment
