"""The yearly analysis built by a real Celery worker, ordered from municipality A's admin.

The worker runs in-process on the test database and the per-database queue of the test
settings, with its own connection: the data here is committed and removed at the end, and the
worker is started inside each test, after the order, so the «в очереди» state can be seen.
To see «формируется» for certain, the test holds a SHARE lock on A's register table: the
worker computes, writes its progress, and waits at the very last step (the register's row)
until the test lets it go.
"""

from __future__ import annotations

import datetime
import io
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant, user_get_or_create
from metodika.celery import app
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.plans.models import AnnualPlan, PlanItem, PlanReport, ReportKind, ReportState
from tenants.plans.services import plan_approve, plan_item_mark_done, plan_start_execution, plan_submit
from tests.conftest import TEST_MUNICIPALITIES
from tests.tenants.plans.conftest import draft_plan

pytestmark = pytest.mark.worker

YEAR = AcademicYear(2030)  # no other test of this database uses it


@dataclass
class Scene:
    alpha: Municipality
    beta: Municipality
    head: User
    plan: AnnualPlan
    client: Client
    media: Path


def wait_for(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.1)


@contextmanager
def running_worker() -> Iterator[object]:
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as worker:
        yield worker


@contextmanager
def register_held(municipality: Municipality) -> Iterator[None]:
    """Hold A's register table in SHARE mode from another connection: readers pass, writers wait."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        raw.execute(f'LOCK TABLE "{municipality.schema_name}"."registry_documentversion" IN SHARE MODE')
        yield
    finally:
        raw.rollback()
        raw.close()


@pytest.fixture
def scene(django_db_setup: None, django_db_blocker: Any, media_root: Path) -> Iterator[Scene]:
    from wagtail.models import ModelLogEntry

    from audit.models import AuditEntry
    from rollups.models import DirectionYearRollup, MunicipalityYearRollup
    from tenants.registry.models import DocumentVersion

    with django_db_blocker.unblock():
        app.control.purge()
        since = datetime.datetime.now(tz=datetime.UTC)
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
        ours = [alpha.pk, beta.pk]
        kept = [
            *MunicipalityYearRollup.objects.filter(municipality_id__in=ours),
            *DirectionYearRollup.objects.filter(municipality_id__in=ours),
        ]
        head, _ = user_get_or_create(email="plans-worker-head@example.test", first_name="Нина")
        role_grant(user=head, role=Role.HEAD, municipality=alpha, acting_user=None)
        with tenant_context(alpha):
            plan = draft_plan(items=4, year=YEAR)
            plan_submit(plan=plan, acting_user=None, skip_permission_checks=True)
            plan_approve(plan=plan, acting_user=None, skip_permission_checks=True)
            plan_start_execution(plan=plan, acting_user=None, skip_permission_checks=True)
            first = PlanItem.objects.filter(plan=plan).order_by("number").first()
            assert first is not None
            plan_item_mark_done(
                item=first,
                participants=17,
                actual_result="Проведён",
                acting_user=None,
                skip_permission_checks=True,
            )
        connection.set_schema_to_public()
        client = Client(HTTP_HOST=alpha.default_hostname)
        client.force_login(head)
        try:
            yield Scene(alpha, beta, head, plan, client, media_root)
        finally:
            app.control.purge()
            for municipality in (alpha, beta):
                with tenant_context(municipality):
                    PlanReport.objects.filter(plan__academic_year=YEAR.start).delete()
                    DocumentVersion.objects.filter(academic_year=YEAR.start).delete()
                    AnnualPlan.objects.filter(academic_year=YEAR.start).delete()
                    ModelLogEntry.objects.filter(timestamp__gte=since).delete()
            connection.set_schema_to_public()
            MunicipalityYearRollup.objects.filter(municipality_id__in=ours).delete()
            DirectionYearRollup.objects.filter(municipality_id__in=ours).delete()
            for row in kept:
                row.save(force_insert=True)
            AuditEntry.objects.filter(created_at__gte=since)._raw_delete(connection.alias)
            User.groups.through.objects.filter(user_id=head.pk)._raw_delete(connection.alias)
            from allauth.account.models import EmailAddress

            EmailAddress.objects.filter(user_id=head.pk)._raw_delete(connection.alias)
            User.objects.filter(pk=head.pk)._raw_delete(connection.alias)


def report_status(scene: Scene, report: PlanReport) -> dict[str, Any]:
    response = scene.client.get(f"/admin/plan/{scene.plan.pk}/report/{report.pk}/")
    assert response.status_code == 200
    return response.json()


def plan_screen(scene: Scene) -> str:
    response = scene.client.get(f"/admin/plan/{scene.plan.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def order_report(scene: Scene, **data: str) -> PlanReport:
    response = scene.client.post(f"/admin/plan/{scene.plan.pk}/do/report/", {"kind": ReportKind.ANNUAL, **data})
    assert response.status_code == 302, response.content.decode()[-2000:]
    with tenant_context(scene.alpha):
        return PlanReport.objects.get(plan=scene.plan)


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_analysis_ordered_in_a_is_built_on_the_worker_with_progress_and_stored_in_a_only(scene):
    from docx import Document
    from pypdf import PdfReader

    from tenants.registry.models import DocumentVersion

    with tenant_context(scene.alpha):
        AnnualPlan.objects.filter(pk=scene.plan.pk).update(conclusion="Годовой план в основном выполнен.")
    report = order_report(scene)
    # No worker yet: the order waits in the queue, and the plan screen says so.
    queued = report_status(scene, report)
    assert "в очереди 0 %" in plan_screen(scene)
    seen: list[tuple[str, int]] = [(queued["state"], queued["progress"])]

    def observed(state: str, progress: int) -> Callable[[], bool]:
        def check() -> bool:
            status = report_status(scene, report)
            seen.append((status["state"], status["progress"]))
            return status["state"] == state and status["progress"] == progress

        return check

    with running_worker():
        with register_held(scene.alpha):
            wait_for(observed(ReportState.RUNNING, 90))
            screen = plan_screen(scene)
            assert "формируется 90 %" in screen and f"/report/{report.pk}/docx/" not in screen
            with tenant_context(scene.alpha):
                assert not DocumentVersion.objects.filter(kind__code="annual-plan-analysis").exists()
        wait_for(observed(ReportState.DONE, 100))
    states = [state for n, (state, _) in enumerate(seen) if n == 0 or seen[n - 1][0] != state]
    assert states == [ReportState.QUEUED, ReportState.RUNNING, ReportState.DONE]
    progress = [p for _, p in seen]
    assert progress == sorted(progress)
    screen = plan_screen(scene).split('id="plan-reports"')[1]
    assert "готов 100 %" in screen
    assert f"/admin/plan/{scene.plan.pk}/report/{report.pk}/pdf/" in screen

    with tenant_context(scene.alpha):
        report.refresh_from_db()
        version = DocumentVersion.objects.get(kind__code="annual-plan-analysis", academic_year=YEAR.start)
        assert report.document_version_id == version.pk and version.file_format == "pdf"
        register_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(version.file.read())).pages)
    for text in (
        register_text,
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(_download(scene, report, "pdf"))).pages),
    ):
        assert "Мероприятий: 4, выполнено: 1 (25 %), участников: 17" in text
        assert "Годовой план в основном выполнен." in text
    docx = Document(io.BytesIO(_download(scene, report, "docx")))
    paragraphs = [p.text for p in docx.paragraphs]
    assert any(p.startswith("Мероприятий: 4, выполнено: 1 (25 %), участников: 17") for p in paragraphs)
    rows = [[c.text for c in r.cells] for r in docx.tables[0].rows]
    assert len(rows) == 1 + 4 and sum(int(r[2]) for r in rows[1:]) == 1  # the «выполнено» column
    # Stored in A only.
    with tenant_context(scene.beta):
        assert not DocumentVersion.objects.filter(academic_year=YEAR.start).exists()
        assert not PlanReport.objects.exists()
    from audit.models import AuditEntry

    built = AuditEntry.objects.get(action="plan.report_build", data__id=report.pk)
    assert built.municipality_id == scene.alpha.pk and built.actor_id == scene.head.pk


def _download(scene: Scene, report: PlanReport, file_format: str) -> bytes:
    response = scene.client.get(f"/admin/plan/{scene.plan.pk}/report/{report.pk}/{file_format}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_build_that_fails_ends_in_error_with_a_message_and_nothing_half_stored(scene):
    from audit.models import AuditEntry
    from tenants.registry.models import DocumentVersion, version_upload_to

    # The register's folder is taken by a file: the report's own files are written, then the
    # register's write fails, which must take them back.
    tenant_media = scene.media / scene.alpha.schema_name
    register_folder = (
        tenant_media / PurePosixPath(version_upload_to(DocumentVersion(file_format="pdf"), "x.pdf")).parent
    )
    with tenant_context(scene.alpha):
        versions_before = DocumentVersion.objects.count()
    shutil.rmtree(register_folder, ignore_errors=True)
    register_folder.parent.mkdir(parents=True, exist_ok=True)
    register_folder.write_bytes(b"")
    files_before = stored_files(tenant_media)

    report = order_report(scene)
    with running_worker():
        wait_for(lambda: report_status(scene, report)["state"] == ReportState.FAILED)
    status = report_status(scene, report)
    assert status["error"].startswith("Отчёт не сформирован") and status["docx"] == status["pdf"] == ""
    assert str(scene.media) not in status["error"]  # no server paths shown to the admin
    with tenant_context(scene.alpha):
        report.refresh_from_db()
        assert report.state == ReportState.FAILED and not report.docx_file and not report.pdf_file
        assert report.document_version_id is None
        assert DocumentVersion.objects.count() == versions_before
    assert stored_files(tenant_media) == files_before
    assert not AuditEntry.objects.filter(action="plan.report_build", data__id=report.pk).exists()
    screen = plan_screen(scene).split('id="plan-reports"')[1]
    assert "ошибка" in screen and "Отчёт не сформирован" in screen
    assert scene.client.get(f"/admin/plan/{scene.plan.pk}/report/{report.pk}/pdf/").status_code == 404
