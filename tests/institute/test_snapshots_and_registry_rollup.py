"""Indicator snapshots (the drill-down's time series) and the document register's roll-up:
written with every register change, rebuilt from the schemas to the same numbers."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from institute.models import IndicatorSnapshot
from institute.services import indicator_snapshots_take_all
from institute.tasks import indicator_snapshots_take
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollup_rebuilder_names, rollups_rebuild
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.registry.models import DocumentKind, Renewal, VersionStatus
from tenants.registry.rollups import registry_rollup_rebuild
from tenants.registry.selectors import register_summary
from tenants.registry.services import (
    document_kind_update,
    document_version_create,
    document_version_delete,
)

YEAR = AcademicYear.current()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _row(municipality) -> MunicipalityYearRollup:
    return MunicipalityYearRollup.objects.get(municipality=municipality, academic_year=YEAR.label)


def test_every_register_change_rewrites_the_roll_up(muni_a):
    with tenant_context(muni_a):
        standing = DocumentKind.objects.filter(is_required=True, renewal=Renewal.STANDING).first()
        annual = DocumentKind.objects.filter(is_required=True, renewal=Renewal.ANNUAL).first()
        version = document_version_create(
            kind=standing, file=_pdf(), status=VersionStatus.IN_FORCE, approved_on=YEAR.first_day, acting_user=None
        )
    first = _row(muni_a)
    summary = register_summary(muni_a)
    assert (first.documents_required, first.documents_in_force) == (summary.required_total, summary.in_force)
    assert first.documents_in_force >= 1 and first.structure_updated_at is not None
    with tenant_context(muni_a):
        # Last year's plan is out of date: it does not count.
        document_version_create(
            kind=annual,
            file=_pdf(),
            status=VersionStatus.IN_FORCE,
            academic_year=YEAR.start - 1,
            approved_on=YEAR.previous().first_day,
            acting_user=None,
        )
    assert _row(muni_a).documents_in_force == first.documents_in_force
    with tenant_context(muni_a):
        document_kind_update(kind=standing, data={"is_required": False}, acting_user=None)
    assert _row(muni_a).documents_required == first.documents_required - 1
    with tenant_context(muni_a):
        document_kind_update(kind=standing, data={"is_required": True}, acting_user=None)
        document_version_delete(version=version, acting_user=None)
    assert _row(muni_a).documents_in_force == first.documents_in_force - 1


def test_the_rebuild_gives_the_incremental_numbers(muni_a, muni_b):
    with tenant_context(muni_a):
        for kind in DocumentKind.objects.filter(is_required=True)[:3]:
            document_version_create(
                kind=kind,
                file=_pdf(),
                status=VersionStatus.IN_FORCE,
                academic_year=YEAR.start if kind.is_annual else None,
                approved_on=YEAR.first_day,
                acting_user=None,
            )
    incremental = _row(muni_a)
    MunicipalityYearRollup.objects.filter(academic_year=YEAR.label).update(documents_required=0, documents_in_force=0)
    assert "registry" in rollup_rebuilder_names()
    rollups_rebuild(names=["registry"])
    for municipality in (muni_a, muni_b):
        summary = register_summary(municipality)
        row = _row(municipality)
        assert (row.documents_required, row.documents_in_force) == (summary.required_total, summary.in_force)
    assert _row(muni_a).documents_in_force == incremental.documents_in_force == 3


def test_the_rebuild_follows_the_turn_of_the_academic_year(muni_a):
    with tenant_context(muni_a):
        annual = DocumentKind.objects.filter(is_required=True, renewal=Renewal.ANNUAL).first()
        document_version_create(
            kind=annual,
            file=_pdf(),
            status=VersionStatus.IN_FORCE,
            academic_year=2025,
            approved_on=datetime.date(2025, 9, 1),
            acting_user=None,
        )
    registry_rollup_rebuild([muni_a], today=datetime.date(2026, 5, 1))
    registry_rollup_rebuild([muni_a], today=datetime.date(2026, 9, 2))
    rows = dict(
        MunicipalityYearRollup.objects.filter(
            municipality=muni_a, academic_year__in=["2025/2026", "2026/2027"]
        ).values_list("academic_year", "documents_in_force")
    )
    assert rows["2026/2027"] == rows["2025/2026"] - 1  # last year's plan no longer counts


def test_snapshots_copy_the_roll_ups_once_a_day(muni_a, muni_b):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=10, plan_items_done=4)
    day = datetime.date(2026, 2, 1)
    taken = indicator_snapshots_take_all(today=day)
    assert taken >= 1
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_done=6)
    indicator_snapshots_take_all(today=day)  # again the same day: overwritten, not doubled
    indicator_snapshots_take_all(today=day + datetime.timedelta(days=1))
    series = list(IndicatorSnapshot.objects.filter(municipality=muni_a, academic_year="2025/2026").order_by("taken_on"))
    assert [(s.taken_on, s.plan_items_done) for s in series] == [(day, 6), (day + datetime.timedelta(days=1), 6)]


def test_the_beat_task_refreshes_the_register_then_snapshots(muni_a, eager_tasks):
    with tenant_context(muni_a):
        kind = DocumentKind.objects.filter(is_required=True, renewal=Renewal.STANDING).first()
        document_version_create(
            kind=kind, file=_pdf(), status=VersionStatus.IN_FORCE, approved_on=YEAR.first_day, acting_user=None
        )
    MunicipalityYearRollup.objects.filter(municipality=muni_a).update(documents_in_force=0)
    indicator_snapshots_take.delay(today="2026-03-01").get()
    snapshot = IndicatorSnapshot.objects.get(municipality=muni_a, academic_year=YEAR.label, taken_on="2026-03-01")
    assert snapshot.documents_in_force == register_summary(muni_a).in_force >= 1


def test_the_drill_down_shows_the_series(muni_a, institute_user, host_client):
    rollup_write(municipality_id=muni_a.pk, academic_year=YEAR.label, plan_items_total=4, plan_items_done=1)
    indicator_snapshots_take_all(today=datetime.date(2026, 1, 1))
    rollup_write(municipality_id=muni_a.pk, academic_year=YEAR.label, plan_items_done=3)
    indicator_snapshots_take_all(today=datetime.date(2026, 1, 2))
    body = host_client(None, institute_user).get(f"/institute/m/{muni_a.slug}/?year={YEAR.start}").content.decode()
    assert "01.01.2026" in body and "02.01.2026" in body and "25 %" in body and "75 %" in body
    assert "<polyline" in body
