"""The region-level Django project: settings, URL configurations, the Celery app."""

from metodika.celery import app as celery_app

__all__ = ["celery_app"]
