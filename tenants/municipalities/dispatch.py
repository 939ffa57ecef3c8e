"""Sending tasks into a named schema after the transaction commits.

Tasks get ids, not objects, and always the municipality they belong to: the schema is never
assumed from whatever the sending connection happens to be set to.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction

from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active


def task_send_on_commit(task: Task, *, schema_name: str, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs, headers={"_schema_name": schema_name}))


def municipality_for_task(municipality_id: int) -> Municipality:
    """The municipality a task was sent for; refuses to run in any other schema."""
    municipality = Municipality.objects.get(pk=municipality_id)
    if schema_active() != municipality.schema_name:
        raise RuntimeError(f"Task for {municipality.schema_name} is running in schema {schema_active()}; refusing.")
    return municipality
