"""Reads of the document register: the nomenclature at a glance, its summary, public documents."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.registry.models import DocumentKind, DocumentVersion

if TYPE_CHECKING:
    from tenants.municipalities.models import Municipality


class KindState(models.TextChoices):
    IN_FORCE = "in_force", _("в силе")
    MISSING = "missing", _("нет действующей редакции")
    # An annual document whose version in force is for an earlier academic year.
    OUTDATED = "outdated", _("устарел")


@dataclass(frozen=True)
class NomenclatureEntry:
    kind: DocumentKind
    version: DocumentVersion | None  # the version in force
    state: KindState
    expected_year: AcademicYear | None  # for annual documents: the year that keeps it current


@dataclass(frozen=True)
class RegisterSummary:
    """Counts over the required documents, for the admin and the region's roll-up."""

    required_total: int
    in_force: int
    missing: int
    outdated: int

    @property
    def complete(self) -> bool:
        return self.in_force == self.required_total


def kind_state(kind: DocumentKind, version: DocumentVersion | None, year: AcademicYear) -> KindState:
    if version is None:
        return KindState.MISSING
    expected = kind.expected_year(year)
    if expected is not None and (version.academic_year or 0) < expected.start:
        return KindState.OUTDATED
    return KindState.IN_FORCE


def nomenclature_overview(*, today: datetime.date | None = None) -> list[NomenclatureEntry]:
    """Every kind of the current municipality with its version in force and its state. Two queries."""
    year = AcademicYear.of(today or timezone.localdate())
    in_force = {version.kind_id: version for version in DocumentVersion.objects.in_force()}
    entries = []
    for kind in DocumentKind.objects.all():
        version = in_force.get(kind.pk)
        if version is not None:
            version.kind = kind
        entries.append(NomenclatureEntry(kind, version, kind_state(kind, version, year), kind.expected_year(year)))
    return entries


def register_summary_of(entries: Iterable[NomenclatureEntry]) -> RegisterSummary:
    required = [entry.state for entry in entries if entry.kind.is_required]
    return RegisterSummary(
        required_total=len(required),
        in_force=required.count(KindState.IN_FORCE),
        missing=required.count(KindState.MISSING),
        outdated=required.count(KindState.OUTDATED),
    )


def register_summary(municipality: Municipality, *, today: datetime.date | None = None) -> RegisterSummary:
    """How many required documents ``municipality`` has in force, lacks, or keeps out of date."""
    with tenant_context(municipality):
        return register_summary_of(nomenclature_overview(today=today))


def public_documents_in_force() -> list[DocumentVersion]:
    """Public versions in force of the current municipality, in the nomenclature's order."""
    return list(
        DocumentVersion.objects.published().in_force().select_related("kind").order_by("kind__order", "kind__name")
    )


def published_version_get(*, version_id: int) -> DocumentVersion | None:
    """A version anyone may download, or None (missing and not public answer alike)."""
    return DocumentVersion.objects.published().select_related("kind").filter(pk=version_id).first()


def version_get(*, version_id: int) -> DocumentVersion | None:
    """A version of the current municipality for its staff (the caller checks the permission)."""
    return DocumentVersion.objects.select_related("kind").filter(pk=version_id).first()
