"""The demo register: several documents in every state, real files, idempotent."""

from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.registry.demo import DEMO_VERSIONS, demo_seed
from tenants.registry.models import DocumentVersion, VersionStatus
from tenants.registry.selectors import KindState, nomenclature_overview, public_documents_in_force
from tenants.uploads import sniff_document_kind


def test_demo_seed_fills_the_register_once(muni_a):
    with tenant_context(muni_a):
        demo_seed(muni_a)
        demo_seed(muni_a)
        versions = list(DocumentVersion.objects.select_related("kind"))
        assert len(versions) == len(DEMO_VERSIONS)
        states = {entry.kind.code: entry.state for entry in nomenclature_overview()}
        public = public_documents_in_force()
        plans = list(DocumentVersion.objects.filter(kind__code="annual-plan").order_by("academic_year"))
        for version in versions:
            with version.file.open("rb") as handle:
                assert sniff_document_kind(handle) == version.file_format
    assert states["mms-regulation"] == KindState.IN_FORCE
    assert states["annual-plan"] == KindState.IN_FORCE
    assert states["annual-plan-analysis"] == KindState.IN_FORCE
    assert states["creative-group-regulation"] == KindState.MISSING
    assert states["council-composition"] == KindState.MISSING  # a draft only
    assert [(p.academic_year, p.status) for p in plans] == [
        (AcademicYear.current().start - 1, VersionStatus.SUPERSEDED),
        (AcademicYear.current().start, VersionStatus.IN_FORCE),
    ]
    assert {v.kind.code for v in public} >= {"mms-regulation", "annual-plan"}
    assert "tripartite-agreement" not in {v.kind.code for v in public}
    assert {v.file_format for v in versions} == {"pdf", "docx", "odt"}
