"""The nomenclature seeded by the data migration: in the template, hence in every municipality."""

from importlib import import_module

from django.apps import apps
from django_tenants.utils import schema_context, tenant_context

from tenants.municipalities import provisioning
from tenants.registry.models import DocumentKind, Renewal

seeding = import_module("tenants.registry.migrations.0002_seed_nomenclature")

# What the regulations list (000 §3.7, 001 §3.6, 003 §5.1, 004 §4.10), by code.
REQUIRED = {
    "mms-regulation",
    "council-regulation",
    "council-composition",
    "association-regulation",
    "creative-group-regulation",
    "annual-plan",
    "annual-plan-analysis",
    "tripartite-agreement",
}


# Kinds that later apps seed into the register for the documents they generate.
ADDED_BY_OTHER_APPS = {"plan-operational-report"}  # tenants.plans: monthly and quarterly reports


def seeded() -> dict[str, DocumentKind]:
    return {kind.code: kind for kind in DocumentKind.objects.filter(code__isnull=False)}


def test_template_holds_the_whole_nomenclature(db):
    with schema_context(provisioning.template_schema_name()):
        kinds = seeded()
    assert set(kinds) == {code for code, *_rest in seeding.NOMENCLATURE} | ADDED_BY_OTHER_APPS
    assert {code for code, kind in kinds.items() if kind.is_required} == REQUIRED


def test_a_provisioned_municipality_has_the_checklist_in_order(muni_a, muni_b):
    for municipality in (muni_a, muni_b):
        with tenant_context(municipality):
            kinds = list(DocumentKind.objects.all())
            names = [kind.name for kind in kinds]
        assert names[0] == "Положение о муниципальной методической службе"
        assert len(kinds) == len(seeding.NOMENCLATURE) + len(ADDED_BY_OTHER_APPS)
        assert [kind.order for kind in kinds] == sorted(kind.order for kind in kinds)


def test_kinds_carry_clause_and_renewal(muni_a):
    with tenant_context(muni_a):
        kinds = seeded()
    assert kinds["annual-plan"].renewal == Renewal.ANNUAL
    assert kinds["annual-plan-analysis"].renewal == Renewal.ANNUAL_REPORT
    assert kinds["mms-regulation"].renewal == Renewal.STANDING
    assert "4.10.1" in kinds["mms-regulation"].clause
    assert "4.10.4" in kinds["tripartite-agreement"].clause
    assert all(kind.clause for kind in kinds.values())
    expected_names = {
        "Положение о муниципальном методическом совете",
        "Положение о городском методическом объединении (ГМО)",
        "Положение о творческой (проблемной, рабочей) группе",
        "Годовой план работы ММС на учебный год",
        "Анализ выполнения годового плана работы ММС",
        "Положение о «Школе молодого педагога»",
        "Положение об опорной площадке",
        "Положение об экспертном совете",
    }
    assert expected_names <= {kind.name for kind in kinds.values()}


def test_seeding_again_adds_nothing_and_keeps_a_municipalitys_changes(muni_a):
    with tenant_context(muni_a):
        before = DocumentKind.objects.count()
        DocumentKind.objects.filter(code="innovation-regulation").update(is_required=True, name="Инновации")
        DocumentKind.objects.create(name="Положение об опорной площадке (ред. округа)")
        seeding.seed_nomenclature(apps, None)
        assert DocumentKind.objects.count() == before + 1
        assert DocumentKind.objects.get(code="innovation-regulation").is_required
