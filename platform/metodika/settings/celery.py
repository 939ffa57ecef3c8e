"""Celery: Redis broker, tasks run in the schema they were sent from (tenant-schemas-celery).

A send happens in a request, after its write committed: with the broker down it must fail fast
and be kept for later (``tenants.municipalities.dispatch``), not hold the request for Celery's
default retries (the Redis result backend alone retries 20 times, a second apart, before giving
up). Hence the short timeouts and single retries below; beat's flush sends what was kept.
"""

from celery.schedules import crontab

from metodika.settings.environment import ENV

CELERY_BROKER_URL = ENV.redis_url
CELERY_RESULT_BACKEND = ENV.redis_url
CELERY_TASK_ALWAYS_EAGER = ENV.celery_always_eager
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 1, "socket_timeout": 3}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
CELERY_BEAT_SCHEDULE = {
    # Tasks the broker could not take when they were sent (Redis down), and purges the cache
    # could not do: sent again once Redis is back.
    "pending-task-sends": {
        "task": "tenants.municipalities.tasks.pending_sends_flush_task",
        "schedule": crontab(),
    },
    "spare-pool-refill": {
        "task": "tenants.municipalities.tasks.spare_pool_refill_task",
        "schedule": crontab(minute="*/10"),
    },
    # Region-level fan-outs: each sends one task per municipality, into its schema.
    "event-reminders": {
        "task": "tenants.events.tasks.event_reminders_fan_out",
        "schedule": crontab(minute=5),
    },
    "event-registrations-pending-purge": {
        "task": "tenants.events.tasks.registrations_pending_purge_fan_out",
        "schedule": crontab(minute=35),
    },
    # The staff's weekly digest of what needs attention (one per person and week), Monday morning.
    "notifications-digest": {
        "task": "tenants.notifications.tasks.notifications_digest_fan_out",
        "schedule": crontab(day_of_week=1, hour=7, minute=30),
    },
    "agreement-expiry": {
        "task": "agreements.tasks.agreement_expiry_check",
        "schedule": crontab(hour=7, minute=15),
    },
    # Counts that change with the date alone (who is overdue, who is still a young teacher,
    # which consultation is late): recounted nightly from every schema.
    "development-rollups": {
        "task": "tenants.development.tasks.development_rollups_rebuild_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Flags move with the region's distribution and the thresholds, not only with a
    # municipality's own writes: every municipality recounts its flags and roll-ups nightly.
    "quality-recount": {
        "task": "tenants.quality.tasks.quality_recount_fan_out",
        "schedule": crontab(hour=3, minute=15),
    },
    "monitoring-rollups": {
        "task": "tenants.monitoring.tasks.monitoring_rollups_rebuild_task",
        "schedule": crontab(hour=3, minute=45),
    },
    "institute-snapshots": {
        "task": "institute.tasks.indicator_snapshots_take",
        "schedule": crontab(hour=2, minute=30),
    },
    # The audit log's retention period (AUDIT_RETENTION_DAYS); the purge writes its own entry.
    "audit-purge": {
        "task": "audit.tasks.audit_purge_task",
        "schedule": crontab(hour=4, minute=10),
    },
}
