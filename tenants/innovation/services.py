"""Writes of the innovation projects register (001 §2.3; 003 §4.2): projects, status changes with
their history, yearly reports — each through the audited actions or with its own audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create
from tenants.innovation.bank import innovation_bank_refresh
from tenants.innovation.models import (
    STATUS_TRANSITIONS,
    InnovationProject,
    InnovationReport,
    InnovationStatus,
    InnovationStatusChange,
)
from tenants.innovation.rollup import innovation_rollup_refresh
from tenants.organisations.models import Organisation


@transaction.atomic
def innovation_project_create(
    *,
    title: str,
    organisations: Iterable[Organisation],
    level: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals: str,
    acting_user: ActingUser,
    stages: str = "",
    responsible: Any = None,
    products: Iterable[Any] = (),
    is_public: bool = True,
) -> InnovationProject:
    chosen = list(organisations)
    if not chosen:
        raise ValidationError({"organisations": _("Укажите хотя бы одну организацию.")})
    project = InnovationProject(
        title=title.strip(), level=level, starts_on=starts_on, ends_on=ends_on, goals=goals, stages=stages,
        responsible=responsible, is_public=is_public,
    )  # fmt: skip
    project.full_clean()
    project = audited_create(project, acting_user=acting_user)
    project.organisations.set(chosen)
    project.products.set(list(products))
    InnovationStatusChange.objects.create(project=project, from_status="", to_status=project.status)
    innovation_bank_refresh()  # again: the organisations and products are set after the create
    return project


@transaction.atomic
def innovation_status_change(
    *, project: InnovationProject, status: str, acting_user: ActingUser, reason: str = ""
) -> InnovationProject:
    """Move a project on: proposed → active → completed, or stopped (with a reason) before it ends."""
    project = InnovationProject.objects.select_for_update().get(pk=project.pk)
    previous = project.status
    if status not in STATUS_TRANSITIONS[previous]:
        raise ValidationError(
            _("Нельзя перевести проект из статуса «%(from)s» в статус «%(to)s».")
            % {"from": InnovationStatus(previous).label, "to": InnovationStatus(status).label},
            code="transition",
        )
    if status == InnovationStatus.STOPPED and not reason.strip():
        raise ValidationError(_("Укажите основание прекращения проекта."), code="reason")
    if status == InnovationStatus.COMPLETED and not project.reports.exists():
        raise ValidationError(_("Завершить проект можно после хотя бы одного отчёта."), code="report")
    project.status = status
    project.save(update_fields=["status"])
    InnovationStatusChange.objects.create(project=project, from_status=previous, to_status=status, reason=reason)
    innovation_rollup_refresh()
    innovation_bank_refresh()
    audit_record_municipal(
        action="innovation_project.status",
        acting_user=acting_user,
        target=f"innovationproject#{project.pk}: {project}",
        data={"id": project.pk, "from": previous, "to": status},
    )
    return project


@transaction.atomic
def innovation_report_create(
    *, project: InnovationProject, academic_year: AcademicYear, text: str, acting_user: ActingUser
) -> InnovationReport:
    report = InnovationReport(project=project, academic_year=academic_year.start, text=text)
    report.full_clean()
    return audited_create(report, acting_user=acting_user)
