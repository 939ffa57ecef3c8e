"""The Celery app. Tasks sent from a municipality's request run in that municipality's schema."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodika.settings.dev")

app = CeleryApp("metodika")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
