"""Celery: Redis broker, tasks run in the schema they were sent from (tenant-schemas-celery).

A send happens in a request, after its write committed: with the broker down it must fail fast
and be kept for later (``tenants.municipalities.dispatch``), not hold the request for Celery's
default retries (the Redis result backend alone retries 20 times, a second apart, before giving
up). Hence the short timeouts and single retries below; beat's flush sends what was kept.
"""

import datetime

from celery.schedules import crontab

from metodika.settings.environment import ENV

# The broker's Redis is persistent and never evicts (deploy/README.md, «Redis»); results, where
# a caller reads one, live there too, never in the evicting cache.
CELERY_BROKER_URL = ENV.broker_redis_url
CELERY_RESULT_BACKEND = ENV.broker_redis_url
# No code reads a task's return value: storing it would only fill the broker's Redis.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = ENV.celery_always_eager
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Moscow"
# The worker logs through Django's LOGGING (JSON lines in production, the schema on each).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A message taken by a worker that died goes back to the queue once older than the visibility
# timeout: sized to the longest task (a yearly report, well under a minute), not Celery's hour.
# Beat restores what no live worker claims sooner (tenants.municipalities.task_recovery).
CELERY_VISIBILITY_TIMEOUT = ENV.celery_visibility_timeout
CELERY_RESTORE_INTERVAL = ENV.celery_restore_interval
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(CELERY_RESTORE_INTERVAL, CELERY_VISIBILITY_TIMEOUT)),
    "socket_connect_timeout": 1,
    "socket_timeout": 3,
}
# A task still running at the visibility timeout is delivered a second time (every task is
# idempotent, so that costs work, not data): raise CELERY_VISIBILITY_TIMEOUT above any task that
# grows longer. No time limit kills a task here: a killed one would be delivered again and again.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
CELERY_BEAT_SCHEDULE = {
    # Deliveries whose worker died (killed, node lost): back in the queue, the job marked.
    "orphaned-deliveries-restore": {
        "task": "tenants.municipalities.tasks.orphaned_deliveries_restore_task",
        "schedule": datetime.timedelta(seconds=CELERY_RESTORE_INTERVAL),
    },
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
    # Questionnaires of needs: those who have not answered, reminded once before the close.
    "needs-reminders": {
        "task": "tenants.needs.tasks.needs_reminders_fan_out",
        "schedule": crontab(hour=9, minute=10),
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
    # Course records for every listed teacher of the courses that ended (one task per municipality).
    "course-offers-complete": {
        "task": "tenants.courses.tasks.course_offers_complete_fan_out",
        "schedule": crontab(hour=4, minute=40),
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
    # The region's bank of internship sites: a status in force and the internships to come move with the date.
    "internships-summary": {
        "task": "tenants.internships.tasks.internships_summary_rebuild_task",
        "schedule": crontab(hour=3, minute=50),
    },
    # The region's list of innovation projects links to the municipalities' pages, which may move.
    "innovation-bank": {
        "task": "tenants.innovation.tasks.innovation_bank_rebuild_task",
        "schedule": crontab(hour=3, minute=55),
    },
    "monitoring-rollups": {
        "task": "tenants.monitoring.tasks.monitoring_rollups_rebuild_task",
        "schedule": crontab(hour=3, minute=45),
    },
    "institute-snapshots": {
        "task": "institute.tasks.indicator_snapshots_take",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every municipality into its own archive (schema, registry rows, media); old ones deleted.
    "municipality-backups": {
        "task": "tenants.municipalities.tasks.municipality_backups_fan_out",
        "schedule": crontab(hour=1, minute=20),
    },
    # The audit log's retention period (AUDIT_RETENTION_DAYS); the purge writes its own entry.
    "audit-purge": {
        "task": "audit.tasks.audit_purge_task",
        "schedule": crontab(hour=4, minute=10),
    },
    # Expired sessions (visitors' too: the CSRF secret lives in the session) and spent handoffs.
    "sessions-purge": {
        "task": "accounts.tasks.sessions_expired_purge_task",
        "schedule": crontab(hour=4, minute=20),
    },
}
