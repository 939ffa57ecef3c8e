"""Celery: Redis broker, tasks run in the schema they were sent from (tenant-schemas-celery)."""

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
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
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
