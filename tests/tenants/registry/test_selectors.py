"""Reads of the register: each kind's state at a glance, the summary, public documents."""

import datetime

from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.registry.models import DocumentKind, VersionStatus
from tenants.registry.selectors import (
    KindState,
    nomenclature_overview,
    public_documents_in_force,
    published_version_get,
    register_summary,
)
from tests.tenants.registry.factories import DocumentKindFactory, DocumentVersionFactory

# In the middle of the 2025/2026 academic year.
TODAY = datetime.date(2026, 2, 10)
REQUIRED_TOTAL = 8


def states(today=TODAY) -> dict[str, KindState]:
    return {entry.kind.code: entry.state for entry in nomenclature_overview(today=today) if entry.kind.code}


def test_a_fresh_municipality_misses_every_required_document(muni_a):
    summary = register_summary(muni_a, today=TODAY)
    assert (summary.required_total, summary.in_force, summary.missing, summary.outdated) == (REQUIRED_TOTAL, 0, 8, 0)
    assert not summary.complete


def test_states_in_force_missing_and_outdated(muni_a, seeded_kind):
    with tenant_context(muni_a):
        DocumentVersionFactory(kind=seeded_kind("mms-regulation"), status=VersionStatus.IN_FORCE)
        # A draft and a superseded version don't count as in force.
        DocumentVersionFactory(kind=seeded_kind("council-regulation"), status=VersionStatus.DRAFT)
        DocumentVersionFactory(kind=seeded_kind("tripartite-agreement"), status=VersionStatus.SUPERSEDED)
        # Last year's plan is in force: the plan is out of date.
        DocumentVersionFactory(kind=seeded_kind("annual-plan"), academic_year=2024, status=VersionStatus.IN_FORCE)
        # The analysis of 2024/2025 keeps the analysis current during 2025/2026.
        DocumentVersionFactory(
            kind=seeded_kind("annual-plan-analysis"), academic_year=2024, status=VersionStatus.IN_FORCE
        )
        # An optional annual document that is out of date does not count in the summary.
        DocumentVersionFactory(kind=seeded_kind("council-plan"), academic_year=2023, status=VersionStatus.IN_FORCE)
        found = states()
    assert found["mms-regulation"] == KindState.IN_FORCE
    assert found["council-regulation"] == KindState.MISSING
    assert found["tripartite-agreement"] == KindState.MISSING
    assert found["annual-plan"] == KindState.OUTDATED
    assert found["annual-plan-analysis"] == KindState.IN_FORCE
    assert found["council-plan"] == KindState.OUTDATED
    summary = register_summary(muni_a, today=TODAY)
    assert (summary.required_total, summary.in_force, summary.missing, summary.outdated) == (8, 2, 5, 1)


def test_an_analysis_goes_out_of_date_a_year_later(muni_a, seeded_kind):
    with tenant_context(muni_a):
        DocumentVersionFactory(
            kind=seeded_kind("annual-plan-analysis"), academic_year=2024, status=VersionStatus.IN_FORCE
        )
        assert states(today=TODAY)["annual-plan-analysis"] == KindState.IN_FORCE
        assert states(today=AcademicYear(2026).first_day)["annual-plan-analysis"] == KindState.OUTDATED


def test_a_municipalitys_own_required_kind_counts(muni_a):
    with tenant_context(muni_a):
        DocumentKindFactory(is_required=True)
        DocumentKindFactory(is_required=False)
    assert register_summary(muni_a, today=TODAY).required_total == REQUIRED_TOTAL + 1


def test_overview_costs_two_queries(muni_a, seeded_kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with tenant_context(muni_a):
        for code in ("mms-regulation", "council-regulation", "annual-plan"):
            DocumentVersionFactory(kind=seeded_kind(code), academic_year=2025)
        with CaptureQueriesContext(connection) as context:
            entries = nomenclature_overview(today=TODAY)
            assert len([e.version.kind.name for e in entries if e.version]) == 3
    # django-tenants sets the search path before each query; those are not counted.
    assert len([q for q in context.captured_queries if q["sql"].startswith("SELECT")]) == 2


def test_the_summary_of_one_municipality_is_its_own(muni_a, muni_b, seeded_kind):
    with tenant_context(muni_b):
        DocumentVersionFactory(kind=seeded_kind("mms-regulation"))
    assert register_summary(muni_a, today=TODAY).in_force == 0
    assert register_summary(muni_b, today=TODAY).in_force == 1


def test_public_documents_are_public_versions_in_force_in_nomenclature_order(muni_a, seeded_kind):
    with tenant_context(muni_a):
        plan = DocumentVersionFactory(kind=seeded_kind("annual-plan"), academic_year=2025, is_public=True)
        regulation = DocumentVersionFactory(kind=seeded_kind("mms-regulation"), is_public=True)
        old = DocumentVersionFactory(
            kind=seeded_kind("mms-regulation"), is_public=True, status=VersionStatus.SUPERSEDED
        )
        draft = DocumentVersionFactory(kind=seeded_kind("council-regulation"), is_public=True, status="draft")
        private = DocumentVersionFactory(kind=seeded_kind("tripartite-agreement"), is_public=False)
        assert public_documents_in_force() == [regulation, plan]
        # Superseded public versions stay downloadable; drafts and private ones don't.
        assert published_version_get(version_id=old.pk) == old
        assert published_version_get(version_id=draft.pk) is None
        assert published_version_get(version_id=private.pk) is None
        assert DocumentKind.objects.filter(versions__isnull=False).distinct().count() == 4
