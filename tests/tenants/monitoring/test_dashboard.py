"""The monitoring dashboard: every number against a known fixture, the charts' accessibility,
the XLSX export, and who may open it."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.bodies.models import BodyKind
from tenants.consultations.models import Consultation
from tenants.consultations.services import consultation_answer
from tenants.development.models import DeficitStatus, StepStatus
from tenants.mentoring.models import MentorshipStatus
from tenants.mentoring.services import school_attendance_set, school_programme_create, school_session_create
from tenants.monitoring.associations import associations_rollup_refresh
from tenants.monitoring.selectors import dashboard_get
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory
from tests.tenants.consultations.factories import consultation, staff
from tests.tenants.development.factories import (
    CourseRecordFactory,
    DeficitFactory,
    LearningRouteFactory,
    RouteStepFactory,
    area,
)
from tests.tenants.mentoring.factories import mentorship, young_teacher
from tests.tenants.people.factories import TeacherFactory

DASHBOARD = "/admin/monitoring/"
EXPORT = "/admin/monitoring/export.xlsx"

# What the fixture below must show, indicator by indicator (label → value).
EXPECTED = {
    "Педагогов всего": 6,
    "Курсы пройдены в последние три года": 4,
    "Срок курсов наступает в ближайшие 12 месяцев": 1,
    "Курсы просрочены (более трёх лет)": 1,
    "Открытых дефицитов": 2,
    "Маршрутов": 1,
    "Маршрутов завершено": 0,
    "Шагов маршрутов выполнено": 1,
    "Молодых педагогов (стаж менее трёх лет)": 3,
    "Молодых педагогов с наставником": 1,
    "Молодых педагогов без наставника": 2,
    "Действующих пар наставничества": 1,
    "Участников школы молодого педагога": 3,
    "Занятий школы проведено": 1,
    "Посещений занятий": 2,
    "Обращений за учебный год": 3,
    "Дан ответ": 1,
    "Ответ дан в срок": 1,
    "Просрочено (ответа нет, срок прошёл)": 1,
    "Объединений работает в учебном году": 2,
    "Провели хотя бы одно заседание": 1,
}


def build_fixture(municipality) -> None:
    """Six teachers (three young), deficits, a route, mentoring, the school, consultations, associations."""
    today = timezone.localdate()
    year = AcademicYear.current()
    with tenant_context(municipality):
        fresh, soon, lapsed = (TeacherFactory(teaching_since=datetime.date(2010, 9, 1)) for _ in range(3))
        CourseRecordFactory(teacher=fresh, end_date=today - datetime.timedelta(days=100))
        CourseRecordFactory(teacher=soon, end_date=today.replace(year=today.year - 3) + datetime.timedelta(days=60))
        y1, y2, y3 = young_teacher(), young_teacher(), young_teacher()
        DeficitFactory(teacher=fresh, area=area("digital"))
        DeficitFactory(teacher=soon, area=area("digital"))
        DeficitFactory(teacher=lapsed, area=area("assessment"), status=DeficitStatus.CLOSED)
        route = LearningRouteFactory(teacher=fresh)
        RouteStepFactory(route=route, status=StepStatus.DONE)
        RouteStepFactory(route=route)
        mentorship(mentee=y1, mentor=fresh)
        mentorship(mentee=y2, mentor=soon, status=MentorshipStatus.PLANNED)
        programme = school_programme_create(academic_year=year, participants=[y1, y2, y3], acting_user=None)
        held = school_session_create(programme=programme, date=year.first_day, topic="Первые шаги", acting_user=None)
        school_session_create(programme=programme, date=year.last_day, topic="Итоги года", acting_user=None)
        school_attendance_set(session=held, attendees=[y1, y2], acting_user=None)
        head, _ = staff(municipality, role=Role.HEAD, is_head=True)
        consultation_answer(consultation=consultation(), answer="Ответ", acting_user=head)
        late = consultation()
        Consultation.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=1))
        consultation()
        active, quiet = BodyFactory(), BodyFactory()
        MeetingFactory(body=active, date=year.first_day)
        MeetingFactory(body=quiet, date=year.previous().first_day)  # last year's meeting does not count
        council = BodyFactory(kind=BodyKind.COUNCIL, name="Методический совет", subject=None)
        MeetingFactory(body=council, date=year.first_day)  # a council is not an association
        associations_rollup_refresh()


@pytest.fixture
def fixture_a(muni_a, muni_b):
    build_fixture(muni_a)
    with tenant_context(muni_b):  # B's data must not reach A's numbers
        mentorship()
        consultation()
        MeetingFactory()


def test_every_number_equals_the_fixture(muni_a, fixture_a):
    with tenant_context(muni_a):
        dashboard = dashboard_get()
    numbers = {indicator.label: indicator.value for indicator in dashboard.indicators()}
    assert numbers == EXPECTED
    digital = next(row for row in dashboard.deficits if row.area.code == "digital")
    assert (digital.teachers_with_deficit, digital.deficits_open) == (2, 2)


def test_the_page_shows_accessible_charts_and_the_numbers(muni_a, fixture_a, host_client, make_user):
    head = make_user(Role.HEAD, muni_a)
    html = host_client(muni_a, head).get(DASHBOARD).content.decode()
    for chart in ("chart-pd", "chart-deficits", "chart-mentoring", "chart-consultations", "chart-associations"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert "Молодых педагогов: 3; с наставником 1, без наставника 2." in html  # the chart's description
    assert 'patternTransform="rotate(45)"' in html  # hatching: colour is not the only cue
    assert "Педагогов: 6; в срок 4, скоро срок 1, просрочено 1." in html


def test_the_export_has_the_same_numbers(muni_a, fixture_a, host_client, make_user):
    chair = make_user(Role.CHAIR, muni_a)
    response = host_client(muni_a, chair).get(EXPORT)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(BytesIO(response.content))["Показатели"]
    exported = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert exported == EXPECTED


def test_the_roll_up_has_the_same_numbers_after_changes_and_after_a_rebuild(muni_a, fixture_a):
    columns = (
        "young_teachers",
        "young_teachers_with_mentor",
        "mentorships_active",
        "consultations_total",
        "consultations_answered",
        "consultations_answered_in_time",
        "associations_total",
        "associations_active",
    )
    expected = (3, 1, 1, 3, 1, 1, 2, 1)
    row = MunicipalityYearRollup.objects.filter(municipality=muni_a, academic_year=AcademicYear.current().label)
    assert row.values_list(*columns).get() == expected
    rollups_rebuild(names=["mentoring", "consultations", "associations"])
    assert row.values_list(*columns).get() == expected
    assert row.values_list("consultations_overdue", flat=True).get() == 1


def test_who_may_open_it(muni_a, muni_b, host_client, make_user):
    for role in (Role.HEAD, Role.METHODOLOGIST, Role.CHAIR):
        assert host_client(muni_a, make_user(role, muni_a)).get(DASHBOARD).status_code == 200, role
    teacher = make_user(Role.TEACHER, muni_a)
    assert host_client(muni_a, teacher).get(DASHBOARD).status_code in (302, 403)
    head_b = make_user(Role.HEAD, muni_b)
    assert host_client(muni_a, head_b).get(DASHBOARD).status_code in (302, 403)
    assert host_client(muni_a, head_b).get(EXPORT).status_code in (302, 403)
    institute = make_user(Role.INSTITUTE, None)
    assert host_client(muni_a, institute).get(EXPORT).status_code in (302, 403)


def test_a_formula_in_a_body_name_is_exported_as_text(muni_a, host_client, make_user):
    formula = '=HYPERLINK("http://x","y")'
    with tenant_context(muni_a):
        MeetingFactory(body=BodyFactory(name=formula), date=AcademicYear.current().first_day)
    response = host_client(muni_a, make_user(Role.HEAD, muni_a)).get(EXPORT)
    sheet = load_workbook(BytesIO(response.content))["Объединения"]
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == formula]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)  # a string, never a formula


def test_the_quality_of_education_on_the_dashboard_and_in_the_export(muni_a, muni_b, host_client, make_user):
    """Results by procedure and subject with accessible charts, organisations by flag, programmes by status."""
    from tenants.quality.services.flags import support_decide
    from tenants.quality.services.results import results_changed
    from tests.tenants.organisations.factories import OrganisationFactory
    from tests.tenants.quality.factories import marks, procedure, scores

    year = AcademicYear.current()
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        low, other = OrganisationFactory(), OrganisationFactory()
        vpr = procedure("vpr", year=year.start, grades=(5,))
        marks(low, vpr, 5, "math", 9, 10, 5, 1)  # 36 % «2»
        marks(other, vpr, 5, "math", 1, 9, 10, 5)
        scores(other, procedure("ege", year=year.start, grades=(11,), subjects=("russian",)), "russian", 20, "70", 1)
        results_changed(academic_years=[year.start])
        support_decide(organisation=low, academic_year=year, status="confirmed", reason="", acting_user=head)
    with tenant_context(muni_b):  # B's results must not reach A's dashboard
        marks(OrganisationFactory(), procedure("vpr", year=year.start, grades=(5,)), 5, "math", 20, 0, 0, 0)
    html = host_client(muni_a, head).get(DASHBOARD).content.decode()
    for chart in ("chart-quality-vpr", "chart-quality-ege", "chart-quality-flags", "chart-quality-programmes"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert "Низкие результаты: 1; признаки необъективности: 0; нуждаются в поддержке: 1." in html
    with tenant_context(muni_a):
        quality = dashboard_get(year=year).quality
    vpr_math = quality.kinds[0].subjects[0]
    assert (vpr_math.counts.participants, vpr_math.counts.marks_2, str(vpr_math.values.share_2)) == (50, 10, "20.0")
    assert (quality.flagged_low, quality.confirmed, quality.suggested) == (1, 1, 0)
    sheet = load_workbook(BytesIO(host_client(muni_a, head).get(EXPORT).content))["Качество образования"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:7] == ("ВПР", "Математика", 50, 10, 19, 15, 6)
    assert ("Организации и отметки о результатах", "С низкими результатами", 1) in [row[:3] for row in rows]
