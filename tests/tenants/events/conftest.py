"""Events tests: tasks run eagerly in-process unless a test starts a real worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail

from metodika.celery import app


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks sent on commit run at once, in the schema in use (the e-mails land in mail.outbox)."""
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    mail.outbox = []
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
