"""The approved plan goes into the document register with its approval, or the approval fails whole."""

from __future__ import annotations

import datetime
import io
from pathlib import PurePosixPath

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import PlanStatus
from tenants.plans.models import AnnualPlan, PlanTransition
from tenants.plans.services import plan_approve, plan_submit
from tenants.registry.models import DocumentKind, DocumentVersion, VersionStatus, version_upload_to
from tests.tenants.plans.conftest import draft_plan


def submitted_plan(head):
    plan = draft_plan(items=4)
    plan_submit(plan=plan, acting_user=head)
    return plan


def test_the_chairs_approval_stores_the_plan_as_the_annual_plan_in_force(muni_a, muni_b, head_a, chair_a, host_client):
    from docx import Document

    with tenant_context(muni_a):
        plan = submitted_plan(head_a)
        earlier = DocumentVersion.objects.create(
            kind=DocumentKind.objects.get(code="annual-plan"),
            file="registry/earlier.docx",
            file_format="docx",
            file_size=1,
            status=VersionStatus.IN_FORCE,
            academic_year=2024,
            approved_on=datetime.date(2024, 8, 30),
        )
    response = host_client(muni_a, chair_a).post(f"/admin/plan/{plan.pk}/status/approved/", {"comment": "Утверждаю"})
    assert response.status_code == 302
    with tenant_context(muni_a):
        plan = AnnualPlan.objects.get(pk=plan.pk)
        version = DocumentVersion.objects.get(pk=plan.approved_version_id)
        assert version.kind.code == "annual-plan" and version.status == VersionStatus.IN_FORCE
        assert version.file_format == "docx" and version.academic_year == 2025
        assert version.approved_on == timezone.localdate(plan.approved_at) and version.title == str(plan)
        earlier.refresh_from_db()
        assert earlier.status == VersionStatus.SUPERSEDED  # last year's plan is no longer in force
        rows = [[c.text for c in r.cells] for r in Document(io.BytesIO(version.file.read())).tables[0].rows]
        assert [r[1].split(" (")[0] for r in rows if r[0].isdigit()] == [f"Мероприятие {n}" for n in range(1, 5)]
        assert AuditEntry.objects.filter(action="register_document.create", municipality=muni_a, actor=chair_a).exists()
    with tenant_context(muni_b):
        assert not DocumentVersion.objects.filter(kind__code="annual-plan", academic_year=2025).exists()
    # The plan screen links to the register's copy, and the staff download it.
    head = host_client(muni_a, head_a)
    screen = head.get(f"/admin/plan/{plan.pk}/").content.decode()
    link = f"/admin/registry/files/{version.pk}/"
    assert link in screen
    download = head.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_no_half_state_when_the_register_cannot_store_the_plan(muni_a, head_a, chair_a, media_root):
    with tenant_context(muni_a):
        plan = submitted_plan(head_a)
        folder = media_root / muni_a.schema_name / PurePosixPath(version_upload_to(DocumentVersion(), "x.docx")).parent
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_bytes(b"")  # the register's folder is taken: its write fails after the transition
        with pytest.raises(FileExistsError):
            plan_approve(plan=plan, acting_user=chair_a)
        plan = AnnualPlan.objects.get(pk=plan.pk)
        assert plan.status == PlanStatus.SUBMITTED and plan.approved_at is None and plan.approved_version_id is None
        assert not PlanTransition.objects.filter(plan=plan, to_status=PlanStatus.APPROVED).exists()
        assert not DocumentVersion.objects.filter(kind__code="annual-plan").exists()
        assert not AuditEntry.objects.filter(action="plan.transition", data__to=PlanStatus.APPROVED).exists()
        # Once the register can store it, the same approval goes through.
        folder.unlink()
        plan_approve(plan=plan, acting_user=chair_a)
        assert AnnualPlan.objects.get(pk=plan.pk).approved_version.kind.code == "annual-plan"


def test_without_the_kind_in_the_nomenclature_the_approval_is_refused_in_russian(muni_a, head_a, chair_a):
    from django.core.exceptions import ValidationError

    with tenant_context(muni_a):
        plan = submitted_plan(head_a)
        DocumentKind.objects.filter(code="annual-plan").delete()
        with pytest.raises(ValidationError, match="нет вида «годовой план»"):
            plan_approve(plan=plan, acting_user=chair_a)
        assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_a_plan_approved_after_a_later_years_plan_is_kept_as_superseded(muni_a, head_a, chair_a):
    """The register never lets an earlier year replace a later one: the late approval still goes through."""
    with tenant_context(muni_a):
        plan = submitted_plan(head_a)  # 2025/2026
        later = DocumentVersion.objects.create(
            kind=DocumentKind.objects.get(code="annual-plan"),
            file="registry/later.docx",
            file_format="docx",
            file_size=1,
            status=VersionStatus.IN_FORCE,
            academic_year=plan.academic_year + 1,
        )
        plan_approve(plan=plan, acting_user=chair_a)
        plan = AnnualPlan.objects.get(pk=plan.pk)
        assert plan.status == PlanStatus.APPROVED
        assert plan.approved_version.status == VersionStatus.SUPERSEDED
        later.refresh_from_db()
        assert later.status == VersionStatus.IN_FORCE
