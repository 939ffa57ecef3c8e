"""A worker killed mid-report (SIGKILL, as the OOM killer or a lost node does) does not leave the
report hanging: beat's restore puts the delivery back, the plan screen says «прервано, повторяем»,
and a new worker builds the report once.

The workers are real ``celery worker`` processes (prefork, as in production) on the test
database and the test broker; the whole process group of the first is killed while it waits at
the report's last step (the register's table is held, as in ``test_report_worker``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tenants.utils import tenant_context

from metodika.celery import app
from tenants.municipalities.task_recovery import unacked_deliveries
from tenants.municipalities.tasks import orphaned_deliveries_restore_task
from tenants.plans.models import PlanReport, ReportState
from tests.tenants.plans.test_report_worker import (  # noqa: F401 (the fixture)
    YEAR,
    Scene,
    order_report,
    plan_screen,
    register_held,
    report_status,
    scene,
    wait_for,
)

pytestmark = pytest.mark.worker

REPO = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def worker_process(name: str, media: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``celery worker`` in its own process group (killed whole at the end, if still there)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "metodika.settings.test",
        "DATABASE_URL": _database_url(),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")]),
    }
    celery = Path(sys.executable).with_name("celery")
    process = subprocess.Popen(
        [str(celery), "-A", "metodika", "worker", "-P", "prefork", "-c", "1", "-n", f"{name}@%h", "-l", "WARNING"],
        cwd=REPO,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=(media / f"{name}.log").open("wb"),
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _report_files_remove(report: PlanReport) -> None:
    # The worker processes write under the test settings' MEDIA_ROOT, not the test's tmp folder.
    from django_tenants.utils import schema_context

    from tenants.registry.models import DocumentVersion

    schema = connection.schema_name
    base = Path(django_settings.MEDIA_ROOT) / schema
    with schema_context(schema):
        names = [report.docx_file.name, report.pdf_file.name]
        if report.document_version_id:
            names.append(DocumentVersion.objects.get(pk=report.document_version_id).file.name)
    for name in filter(None, names):
        (base / name).unlink(missing_ok=True)


def test_a_report_whose_worker_was_killed_is_marked_interrupted_and_built_by_the_next_worker(
    scene: Scene,  # noqa: F811 (the imported fixture)
    settings: Any,
):
    from audit.models import AuditEntry
    from tenants.registry.models import DocumentVersion

    report = order_report(scene)
    with worker_process("crash-first", scene.media) as first, register_held(scene.alpha):
        wait_for(lambda: report_status(scene, report)["progress"] == 90, timeout=120)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    # Dead worker: the report stays where it was and the broker still holds the delivery.
    status = report_status(scene, report)
    assert (status["state"], status["progress"]) == (ReportState.RUNNING, 90)
    with app.connection_for_write() as broker:
        held = [d for d in unacked_deliveries(broker.default_channel) if d.kwargs.get("report_id") == report.pk]
    assert len(held) == 1 and held[0].schema_name == scene.alpha.schema_name

    # Beat's restore: no live worker claims it, so it goes back to the queue and the user is told.
    settings.CELERY_RESTORE_INTERVAL = 1  # the grace period for a fresh delivery
    # On a quiet machine the worker reaches 90 % within the grace period: let it pass first.
    time.sleep(max(0.0, held[0].delivered_at + 1.2 - time.time()))
    connection.set_schema_to_public()
    assert orphaned_deliveries_restore_task.apply().get() == 1
    assert report_status(scene, report)["state_label"] == "прервано, повторяем"
    assert "прервано, повторяем 90 %" in plan_screen(scene)

    with worker_process("crash-second", scene.media):
        wait_for(lambda: report_status(scene, report)["state"] == ReportState.DONE, timeout=120)
    with tenant_context(scene.alpha):
        report.refresh_from_db()
        assert report.progress == 100 and report.document_version_id is not None
        assert DocumentVersion.objects.filter(kind__code="annual-plan-analysis", academic_year=YEAR.start).count() == 1
        _report_files_remove(report)
    assert AuditEntry.objects.filter(action="plan.report_build", data__id=report.pk).count() == 1
    with app.connection_for_write() as broker:
        assert not [d for d in unacked_deliveries(broker.default_channel) if d.kwargs.get("report_id") == report.pk]
