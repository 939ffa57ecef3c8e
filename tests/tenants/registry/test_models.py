"""Rules a version keeps by itself, and what it says about itself."""

import datetime

from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.registry.models import DocumentKind, DocumentVersion, Renewal, VersionStatus, version_upload_to


def version(kind: DocumentKind, **fields) -> DocumentVersion:
    defaults = {"file_format": "pdf", "file_size": 1536, "status": VersionStatus.DRAFT}
    return DocumentVersion(kind=kind, **{**defaults, **fields})


def errors(instance: DocumentVersion) -> dict[str, list[str]]:
    try:
        instance.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_expected_year_of_each_renewal():
    year = AcademicYear(2025)
    assert DocumentKind(renewal=Renewal.STANDING).expected_year(year) is None
    assert DocumentKind(renewal=Renewal.ANNUAL).expected_year(year) == year
    assert DocumentKind(renewal=Renewal.ANNUAL_REPORT).expected_year(year) == AcademicYear(2024)


def test_approval_and_order_rules(muni_a, seeded_kind):
    with tenant_context(muni_a):
        regulation = seeded_kind("mms-regulation")
        plan = seeded_kind("annual-plan")
    assert errors(version(regulation)) == {}
    assert "approved_on" in errors(version(regulation, status=VersionStatus.IN_FORCE))
    assert "approved_on" in errors(version(regulation, status=VersionStatus.SUPERSEDED))
    assert "academic_year" in errors(version(plan))
    assert errors(version(plan, academic_year=2025)) == {}
    day = datetime.date(2025, 8, 28)
    assert "order_number" in errors(version(regulation, order_date=day))
    late_order = version(regulation, approved_on=day, order_number="5", order_date=day + datetime.timedelta(days=1))
    assert errors(late_order) == {"order_date": ["Приказ не может быть издан позже даты утверждения."]}


def test_names_labels_and_stored_names(muni_a, seeded_kind):
    with tenant_context(muni_a):
        plan = seeded_kind("annual-plan")
    planned = version(plan, academic_year=2025)
    assert str(planned) == "Годовой план работы ММС на учебный год (2025/2026)"
    assert planned.academic_year_label == "2025/2026"
    assert planned.file_label == "PDF, 1,5\xa0КБ"
    assert planned.download_name == "Годовой_план_работы_ММС_на_учебный_год_2025-2026.pdf"
    assert str(version(plan, title="План ММС", academic_year=2025)) == "План ММС (2025/2026)"
    # The stored name takes the format found in the content, not the uploaded name's.
    stored = version_upload_to(version(plan, file_format="docx"), "план.pdf")
    assert stored.startswith("registry/") and stored.endswith(".docx")
