"""The institute's «Качество образования»: by role, from the roll-ups, names of people behind the access log."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from assessment.selectors import thresholds_get
from audit.models import AuditEntry
from institute.models import AccessLogEntry
from institute.quality.selectors import quality_cells_fill, quality_overview
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.quality.models import Flag
from tenants.quality.selectors.monitoring import quality_monitoring
from tenants.quality.services import flags as flag_services
from tenants.quality.services import programmes as programme_services
from tenants.quality.services.results import results_changed
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import MethodologistFactory
from tests.tenants.quality.factories import YEAR, marks, procedure

EVERYONE = [name for name, _role, _place in ROLE_CASES] + ["anonymous"]
LABEL = AcademicYear(YEAR).label
FLAGGED = "МБОУ «Школа с отметкой»"
FORMULA = '=HYPERLINK("http://x")'
CURATOR_LAST_NAME = "Кураторова"


@pytest.fixture
def region_quality(muni_a, muni_b, make_user) -> dict[str, Any]:
    """A: one school low in ВПР maths with a programme and a curator, one fine; B: one fine school."""
    head_a = make_user(Role.HEAD, muni_a)
    curator_user = make_user(Role.METHODOLOGIST, muni_a, last_name=CURATOR_LAST_NAME, first_name="Анна")
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name=FLAGGED)
        fine = OrganisationFactory(short_name=FORMULA)
        vpr = procedure("vpr", grades=(5,))
        marks(school, vpr, 5, "math", 8, 12, 4, 1)  # 32 % «2»
        marks(fine, vpr, 5, "math", 1, 9, 10, 5)
        results_changed(academic_years=[YEAR])
        flag_services.support_decide(
            organisation=school, academic_year=YEAR, status="confirmed", reason="", acting_user=head_a
        )
        programme_services.programme_create(
            acting_user=curator_user,
            organisation=school,
            academic_year=YEAR,
            starts_on=datetime.date(YEAR, 10, 1),
            ends_on=datetime.date(YEAR + 1, 6, 30),
            curator=MethodologistFactory(user=curator_user),
            reasons=["low"],
        )
    with tenant_context(muni_b):
        other = OrganisationFactory(short_name="МБОУ «Лицей Б»")
        marks(other, procedure("vpr", grades=(5,)), 5, "math", 0, 10, 10, 5)
        results_changed(academic_years=[YEAR])
    return {"school": school, "curator": curator_user}


def quality_paths(muni_a) -> list[str]:
    query = f"?year={YEAR}"
    return [
        f"/institute/quality/{query}",
        f"/institute/quality/export.xlsx{query}",
        f"/institute/quality/organisations/{query}",
        "/institute/quality/thresholds/",
        "/institute/quality/kinds/",
        f"/institute/m/{muni_a.slug}/quality/{query}",
    ]


@pytest.mark.parametrize("name", EVERYONE)
def test_the_quality_screens_answer_only_the_institute_and_the_committee(
    name, person, host_client, muni_a, region_quality
):
    client = host_client(None, person(name))
    for path in quality_paths(muni_a):
        response = client.get(path)
        if name in WORKSPACE_READERS:
            assert response.status_code == 200, path
        elif name == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        else:
            assert response.status_code == 403, (name, path)


def test_not_served_on_a_municipality_host(institute_user, host_client, muni_a):
    client = host_client(muni_a, institute_user)
    for path in quality_paths(muni_a):
        assert client.get(path).status_code == 404, path


def test_the_screen_shows_municipalities_by_procedure_with_numbers_only(
    institute_user, host_client, muni_a, muni_b, region_quality
):
    response = host_client(None, institute_user).get(f"/institute/quality/?year={YEAR}")
    page = response.content.decode()
    assert muni_a.name in page and muni_b.name in page
    assert "ВПР" in page
    # A: quality (4 + 5) of 50 participants = 20 / 50 = 40 %; B: 15 / 25 = 60 %; the region: 35 / 75.
    assert "40,0 %" in page and "60,0 %" in page and "46,7 %" in page
    assert "heat-2" in page and "heat-3" in page
    assert response.context["totals"].flagged == 1 and response.context["totals"].supported == 1
    assert CURATOR_LAST_NAME not in page and FLAGGED not in page
    assert not AccessLogEntry.objects.exists()


def test_the_list_of_flagged_organisations_names_the_curator_and_logs_it(
    institute_user, host_client, muni_a, region_quality
):
    response = host_client(None, institute_user).get(f"/institute/quality/organisations/?year={YEAR}")
    page = response.content.decode()
    assert FLAGGED in page and CURATOR_LAST_NAME in page
    assert "Высокая доля «2»" in page and "Нуждается в поддержке" in page and "Черновик" in page
    assert "Лицей Б" not in page  # not flagged
    entry = AccessLogEntry.objects.get()
    assert (entry.municipality, entry.section, entry.personal_data) == (muni_a, "quality_organisations", True)
    filtered = host_client(None, institute_user).get(f"/institute/quality/organisations/?year={YEAR}&flag=nonobjective")
    assert FLAGGED not in filtered.content.decode()


def test_the_drill_down_shows_numbers_beside_the_region_and_no_person(
    committee_user, host_client, muni_a, region_quality
):
    response = host_client(None, committee_user).get(f"/institute/m/{muni_a.slug}/quality/?year={YEAR}")
    page = response.content.decode()
    (line,) = response.context["lines"]
    assert (line.own.participants, line.own.share_2, line.region.share_2) == (50, Decimal("18.0"), Decimal("12.0"))
    assert line.flagged_low == 1
    assert FLAGGED in page and CURATOR_LAST_NAME not in page
    entry = AccessLogEntry.objects.get()
    assert (entry.municipality, entry.section, entry.personal_data) == (muni_a, "quality", False)


def test_the_export_is_formula_safe_and_names_nobody(institute_user, host_client, muni_a, region_quality):
    response = host_client(None, institute_user).get(f"/institute/quality/export.xlsx?year={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    municipalities, organisations = workbook.worksheets
    names = [row[0].value for row in municipalities.iter_rows(min_row=2)]
    assert muni_a.name in names and names[-1] == "Итого по региону"
    listed = [[c.value for c in row] for row in organisations.iter_rows(min_row=2)]
    assert [row[1] for row in listed] == [FLAGGED]
    assert listed[0][8] == "да"  # a curator is named, not shown
    every_value = [c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(CURATOR_LAST_NAME in str(v) for v in every_value)
    # An organisation whose name looks like a formula is text (it has no flag, so it is only in
    # the export if flagged: make sure the writer keeps such names text anyway).
    with tenant_context(muni_a):
        from tenants.organisations.models import Organisation

        fine = Organisation.objects.get(short_name=FORMULA)
        flag_services.support_decide(
            organisation=fine,
            academic_year=YEAR,
            status="dismissed",
            reason="Проверено",
            acting_user=None,
            skip_permission_checks=True,
        )
    response = host_client(None, institute_user).get(f"/institute/quality/export.xlsx?year={YEAR}")
    organisations = load_workbook(io.BytesIO(response.content)).worksheets[1]
    cells = [row[1] for row in organisations.iter_rows(min_row=2)]
    formula_cell = next(c for c in cells if c.value == FORMULA)
    assert formula_cell.data_type == "s"


def test_the_screen_reads_the_roll_ups_only_and_they_equal_the_schemas(muni_a, muni_b, region_quality):
    def figures() -> tuple[Any, ...]:
        overview = quality_overview(academic_year=LABEL)
        quality_cells_fill(overview.rows, academic_year=LABEL)
        return tuple(
            (row.municipality_id, row.with_results, row.flagged, row.supported, row.programmes_draft, row.kinds)
            for row in overview.rows
        ), overview.region

    with CaptureQueriesContext(connection) as queries:
        incremental = figures()
    asked = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(asked) == 4  # rows, the region per kind, the kinds, the cells
    schemas = (muni_a.schema_name, muni_b.schema_name)
    assert not any(schema in query for query in asked for schema in schemas)
    rollups_rebuild(names=["quality"])
    assert figures() == incremental
    by_id = {row[0]: row for row in incremental[0]}
    with tenant_context(muni_a):
        monitoring = quality_monitoring(year=AcademicYear(YEAR))
    assert by_id[muni_a.pk][1:3] == (monitoring.organisations_with_results, monitoring.flagged)
    assert by_id[muni_a.pk][5]["vpr"].counts.participants == 50


def test_the_institute_changes_a_threshold_and_every_municipality_recounts(
    institute_user, host_client, muni_a, region_quality, eager_tasks, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        assert Flag.objects.count() == 1  # 32 % «2»; the other school has 4 %
    form = {name: str(getattr(thresholds_get(), name)) for name in ("min_participants", "low_below_minimum")}
    form |= {"low_share_2": "3.0", "raised_share": "15.0", "exam_gap": "30.0", "jump": "25.0"}
    form["distribution_distance"] = "30.0"
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(None, institute_user).post("/institute/quality/thresholds/", form)
    assert response.status_code == 302
    assert thresholds_get().low_share_2 == Decimal("3.0")
    entry = AuditEntry.objects.get(action="quality_thresholds.update")
    assert entry.data == {"low_share_2": ["25.0", "3.0"]}
    with tenant_context(muni_a):
        assert Flag.objects.filter(reason="low_share_2").count() == 2


def test_the_committee_reads_the_thresholds_but_cannot_change_them(committee_user, institute_user, host_client):
    client = host_client(None, committee_user)
    page = client.get("/institute/quality/thresholds/").content.decode()
    assert "По умолчанию: 25,0." in page and "Рособрнадзора" in page and "disabled" in page
    assert client.post("/institute/quality/thresholds/", {"low_share_2": "5.0"}).status_code == 403
    bad = host_client(None, institute_user).post("/institute/quality/thresholds/", {"low_share_2": "101"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert thresholds_get().low_share_2 == Decimal("25.0")
    assert not AuditEntry.objects.filter(action="quality_thresholds.update").exists()


def test_nothing_about_a_schools_flags_is_public(host_client, muni_a, region_quality):
    for client in (host_client(None), host_client(muni_a)):
        for path in ("/", "/institute/quality/", "/institute/quality/organisations/"):
            response = client.get(path, follow=True)
            page = response.content.decode()
            assert FLAGGED not in page and "Высокая доля «2»" not in page, path


def test_the_institute_adds_a_kind_of_procedure_every_municipality_can_use(
    institute_user, committee_user, host_client, muni_a
):
    from assessment.models import ProcedureKind
    from tenants.quality.services.results import procedure_create

    form = {
        "code": "mso",
        "short_name": "МСИ",
        "name": "Региональное мониторинговое исследование",
        "result_form": "marks",
        "grades": ["7", "8"],
        "objectivity_checked": "on",
    }
    assert host_client(None, committee_user).post("/institute/quality/kinds/", form).status_code == 403
    assert not ProcedureKind.objects.filter(code="mso").exists()
    response = host_client(None, institute_user).post("/institute/quality/kinds/", form)
    assert response.status_code == 302
    kind = ProcedureKind.objects.get(code="mso")
    assert (kind.grades, kind.objectivity_checked, kind.journal_comparison, kind.is_default) == (
        [7, 8],
        True,
        False,
        False,
    )
    assert AuditEntry.objects.get(action="procedure_kind.create").data["code"] == "mso"
    again = host_client(None, institute_user).post("/institute/quality/kinds/", form)
    assert again.status_code == 200 and "code" in again.context["form"].errors
    page = host_client(None, committee_user).get("/institute/quality/kinds/").content.decode()
    assert "Региональное мониторинговое исследование" in page and "Добавить вид процедуры" not in page
    with tenant_context(muni_a):
        procedure = procedure_create(
            acting_user=None,
            kind=kind,
            academic_year=YEAR,
            starts_on=datetime.date(YEAR + 1, 2, 1),
            ends_on=datetime.date(YEAR + 1, 2, 5),
            grades=[7],
            skip_permission_checks=True,
        )
        assert procedure.kind.short_name == "МСИ"
