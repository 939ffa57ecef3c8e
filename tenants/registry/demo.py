"""Demo register of one municipality: versions of several documents, some public, some not.

Runs inside the municipality's schema (``tenants.municipalities.demo_region``). Idempotent: a
kind that already has versions is left alone. One required document (the regulation of
creative groups) is left missing and the council's composition stays a draft, so the
nomenclature screen shows every state.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.registry.models import DocumentKind, Renewal, VersionStatus
from tenants.registry.services import document_version_create
from tenants.sample_documents import docx_bytes, odt_bytes, pdf_bytes

BUILDERS = {"pdf": pdf_bytes, "docx": docx_bytes, "odt": odt_bytes}


@dataclass(frozen=True)
class DemoVersion:
    kind_code: str
    file_format: str
    status: str
    is_public: bool
    year_offset: int | None = None  # academic year relative to the current one
    order_number: str = ""


DEMO_VERSIONS = (
    DemoVersion("mms-regulation", "pdf", VersionStatus.IN_FORCE, True, order_number="112"),
    DemoVersion("council-regulation", "docx", VersionStatus.IN_FORCE, True, order_number="113"),
    DemoVersion("council-composition", "docx", VersionStatus.DRAFT, False),
    DemoVersion("association-regulation", "odt", VersionStatus.IN_FORCE, True, order_number="114"),
    DemoVersion("annual-plan", "pdf", VersionStatus.SUPERSEDED, True, year_offset=-1, order_number="98"),
    DemoVersion("annual-plan", "pdf", VersionStatus.IN_FORCE, True, year_offset=0, order_number="101"),
    DemoVersion("annual-plan-analysis", "docx", VersionStatus.IN_FORCE, True, year_offset=-1, order_number="95"),
    DemoVersion("tripartite-agreement", "pdf", VersionStatus.IN_FORCE, False),
    DemoVersion("young-teacher-school-regulation", "odt", VersionStatus.IN_FORCE, True, order_number="57"),
)


def _approval_day(kind: DocumentKind, year: AcademicYear | None, order: int) -> datetime.date:
    # A plan is approved at the end of August before its year, an analysis at the end of its
    # year; regulations a year ago.
    if year is not None and kind.renewal == Renewal.ANNUAL_REPORT:
        return datetime.date(year.start + 1, 6, 20)
    if year is not None:
        return datetime.date(year.start, 8, 28)
    return datetime.date(AcademicYear.current().start - 1, 8, 30) + datetime.timedelta(days=order)


@transaction.atomic
def demo_seed(municipality: Municipality) -> None:
    assert schema_active() == municipality.schema_name, "run inside the municipality's schema"
    kinds = {kind.code: kind for kind in DocumentKind.objects.filter(code__isnull=False)}
    seeded = set(DocumentKind.objects.filter(versions__isnull=False).values_list("code", flat=True))
    current = AcademicYear.current()
    for position, demo in enumerate(DEMO_VERSIONS):
        kind = kinds.get(demo.kind_code)
        if kind is None or demo.kind_code in seeded:
            continue
        year = current.start + demo.year_offset if demo.year_offset is not None else None
        academic_year = AcademicYear(year) if year is not None else None
        title = kind.name
        if academic_year is not None:
            preposition = "за" if kind.renewal == Renewal.ANNUAL_REPORT else "на"
            title = f"{kind.name.removesuffix(' на учебный год')} {preposition} {academic_year.label} учебный год"
        body = [municipality.name, "Демонстрационный документ платформы «Методика»."]
        if demo.order_number:
            body.insert(1, f"Утверждено приказом № {demo.order_number}")
        approved_on = _approval_day(kind, academic_year, position) if demo.status != VersionStatus.DRAFT else None
        content = BUILDERS[demo.file_format](title, body)
        document_version_create(
            kind=kind,
            file=ContentFile(content, name=f"{demo.kind_code}.{demo.file_format}"),
            status=demo.status,
            title=title if academic_year else "",
            academic_year=year,
            approved_on=approved_on,
            order_number=demo.order_number,
            order_date=approved_on if demo.order_number else None,
            is_public=demo.is_public,
            acting_user=None,
        )
