"""The institute's development screen: its numbers are what the municipalities' own data say
(through the roll-ups written with every change), nothing of one municipality lands in another's
row, no teacher's name is shown, a fixed number of queries, sorting, search and the XLSX export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from institute.development import development_areas_fill, development_data, development_rows_filter
from institute.models import AccessLogEntry
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.development.models import DiagnosticInstrument, ResultLevel
from tenants.development.services import ResultData, diagnostic_create, learning_route_build
from tests.tenants.development.factories import area
from tests.tenants.people.factories import TeacherFactory

YEAR = AcademicYear.current()
TODAY = datetime.date.today


def _diagnose(teacher, user, *codes):
    diagnostic_create(
        acting_user=user,
        teacher=teacher,
        held_on=TODAY() - datetime.timedelta(days=10),
        instrument=DiagnosticInstrument.REGIONAL,
        instrument_name="Региональная диагностика",
        results=[ResultData(area=area(code), level=ResultLevel.INSUFFICIENT) for code in codes],
    )


@pytest.fixture
def recorded(muni_a, muni_b, make_user):
    """A: three teachers, two diagnosed (digital twice, assessment once), one route.
    B: one teacher diagnosed in «gifted». Consultations and mentoring through the roll-up."""
    methodologist_a = make_user(Role.METHODOLOGIST, muni_a)
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    with tenant_context(muni_a):
        first = TeacherFactory(last_name="Секретова")
        second = TeacherFactory()
        TeacherFactory()
        _diagnose(first, methodologist_a, "digital", "assessment")
        _diagnose(second, methodologist_a, "digital")
        learning_route_build(
            acting_user=methodologist_a,
            teacher=first,
            tutor=None,
            period_start=TODAY(),
            period_end=TODAY() + datetime.timedelta(days=60),
        )
    with tenant_context(muni_b):
        _diagnose(TeacherFactory(), methodologist_b, "gifted")
    # The mentoring and consultations columns are written by their apps' services; here directly.
    rollup_write(
        municipality_id=muni_a.pk,
        academic_year=YEAR.label,
        young_teachers=4,
        young_teachers_with_mentor=1,
        consultations_total=5,
        consultations_answered=4,
        consultations_answered_in_time=3,
        consultations_overdue=1,
    )
    return first


def _with_deficit(row):
    return {code: cell.teachers_with_deficit for code, cell in row.areas.items() if cell.teachers_with_deficit}


def _row(data, municipality):
    return next(row for row in data.rows if row.municipality_id == municipality.pk)


def test_rows_and_cells_are_the_municipalities_own_numbers(recorded, muni_a, muni_b):
    data = development_data(academic_year=YEAR.label)
    development_areas_fill(data.rows)
    a, b = _row(data, muni_a), _row(data, muni_b)
    assert (a.teachers_total, a.teachers_diagnosed, a.deficits_open) == (3, 2, 3)
    assert (a.routes_total, a.routes_open, a.routes_completed) == (1, 1, 0)
    assert (a.young_without_mentor, a.mentored_share) == (3, 0.25)
    assert (a.in_time_share, a.consultations_overdue) == (0.75, 1)
    assert _with_deficit(a) == {"digital": 2, "assessment": 1}
    assert _with_deficit(b) == {"gifted": 1}
    assert (b.teachers_total, b.young_teachers, b.consultations_total) == (1, 0, 0)
    assert b.in_time_share is None  # nothing answered: «—», not 0 %
    assert [area.code for area in data.areas][:2] == ["subject", "methods"]  # the shared catalogue first


def test_the_screen_shows_numbers_and_never_a_name(recorded, muni_a, institute_user, host_client):
    client = host_client(None, institute_user)
    body = client.get(f"/institute/development/?year={YEAR.start}").content.decode()
    assert muni_a.name in body and f"/institute/m/{muni_a.slug}/" in body
    assert "Секретова" not in body
    heat = body[body.index('id="deficits"') :]
    row = heat[heat.index(muni_a.name) :]
    row = row[: row.index("</tr>")]
    # digital: 2 of 2 diagnosed teachers; assessment: 1 of 2 — darker is a larger share.
    assert '<td class="heat-4">2 <span class="muted">(100 %)</span></td>' in row
    assert '<td class="heat-2">1 <span class="muted">(50 %)</span></td>' in row
    assert not AccessLogEntry.objects.exists()  # counts only: nothing to log


def test_a_fixed_number_of_queries_whatever_the_number_of_municipalities(recorded, institute_user, host_client):
    client = host_client(None, institute_user)
    client.get("/institute/development/")  # warm the session and the site
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/institute/development/").status_code == 200
    selects = [q["sql"] for q in captured.captured_queries if "development" in q["sql"] or "rollup" in q["sql"]]
    assert len(selects) <= 3, selects


def test_search_and_sort(recorded, muni_a, muni_b):
    data = development_data(academic_year=YEAR.label)
    found = development_rows_filter(data.rows, search="район б")
    assert [row.municipality_id for row in found] == [muni_b.pk]
    ordered = development_rows_filter(data.rows, sort="deficits_open", descending=True)
    assert ordered[0].municipality_id == muni_a.pk


def test_the_export_has_the_screens_rows_totals_and_every_area(recorded, muni_a, muni_b, institute_user, host_client):
    response = host_client(None, institute_user).get(f"/institute/development/export.xlsx?year={YEAR.start}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    a = by_name[muni_a.name]
    assert a["Педагогов"] == 3 and a["Прошли диагностику"] == 2 and a["Без наставника"] == 3
    assert a["Цифровые образовательные технологии: педагогов с дефицитом"] == 2
    totals = by_name["Итого по региону"]
    assert totals["Педагогов"] == 4
    assert totals["Работа с одарёнными детьми: педагогов с дефицитом"] == 1
