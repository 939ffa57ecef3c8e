"""Mentoring in the admin: pairing from the young teachers' list, the status rule on the form,
attendance, and isolation from B and from the region's observers."""

from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.academic_years import AcademicYear
from tenants.mentoring.models import Mentorship, MentorshipStatus
from tenants.mentoring.services import school_programme_create, school_session_create
from tests.tenants.mentoring.factories import mentorship, young_teacher
from tests.tenants.people.factories import TeacherFactory

PAIRS = "/admin/mentorships/"
YOUNG = "/admin/mentoring/young-teachers/"


def test_flagged_young_teacher_is_paired_from_the_list(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        alone = young_teacher(last_name="Новикова")
        mentor = TeacherFactory(last_name="Опытная")
    client = host_client(muni_a, methodologist_a)
    page = client.get(f"{YOUNG}?mentor=without").content.decode()
    assert "Новикова" in page and "нет наставника" in page and f"?mentee={alone.pk}" in page
    form = client.get(f"{PAIRS}new/?mentee={alone.pk}").content.decode()
    assert f'<option value="{alone.pk}" selected' in form
    response = client.post(
        f"{PAIRS}new/",
        {
            "mentee": alone.pk,
            "mentor": mentor.pk,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
            "status": MentorshipStatus.ACTIVE,
            "goals": "Освоить формирующее оценивание",
            "plan": "Посещение уроков\nОткрытый урок",
            "result": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with tenant_context(muni_a):
        pair = Mentorship.objects.get(mentee=alone)
        assert pair.plan_steps == ["Посещение уроков", "Открытый урок"]
    assert AuditEntry.objects.filter(action="mentorship.create", actor=methodologist_a).exists()
    client.get(YOUNG)  # shows (and so clears) the «created» message
    assert "Новикова" not in client.get(f"{YOUNG}?mentor=without").content.decode()


def test_a_wrong_status_change_is_explained_on_the_form(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        pair = mentorship(status=MentorshipStatus.PLANNED)
    response = host_client(muni_a, methodologist_a).post(
        f"{PAIRS}edit/{pair.pk}/",
        {
            "mentee": pair.mentee_id,
            "mentor": pair.mentor_id,
            "starts_on": pair.starts_on.isoformat(),
            "ends_on": timezone.localdate().isoformat(),
            "status": MentorshipStatus.COMPLETED,
            "goals": pair.goals,
            "plan": "",
            "result": "Готово",
        },
    )
    assert response.status_code == 200
    assert "Нельзя перевести наставничество" in response.content.decode()


def test_attendance_of_an_outsider_is_refused_on_the_form(muni_a, methodologist_a, host_client):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        listener, outsider = young_teacher(), young_teacher(last_name="Посторонняя")
        programme = school_programme_create(academic_year=year, participants=[listener], acting_user=None)
        session = school_session_create(
            programme=programme, date=year.first_day, topic="Классное руководство", acting_user=None
        )
    response = host_client(muni_a, methodologist_a).post(
        f"/admin/mentoring/sessions/edit/{session.pk}/",
        {
            "programme": programme.pk,
            "date": session.date.isoformat(),
            "form_of_work": "",
            "topic": session.topic,
            "event": "",
            "attendees": [listener.pk, outsider.pk],
        },
    )
    assert response.status_code == 200  # refused: the outsider is not even offered on the form
    with tenant_context(muni_a):
        assert not session.attendees.exists()
    form = host_client(muni_a, methodologist_a).get(f"/admin/mentoring/sessions/edit/{session.pk}/").content.decode()
    assert listener.last_name in form and "Посторонняя" not in form


def test_b_and_the_region_see_no_mentorship_of_a(muni_a, muni_b, host_client, make_user):
    with tenant_context(muni_a):
        pair = mentorship(mentee=young_teacher(last_name="Секретова"))
    head_b = make_user(Role.HEAD, muni_b)
    assert host_client(muni_a, head_b).get(PAIRS).status_code in (302, 403)
    on_b = host_client(muni_b, head_b)
    assert "Секретова" not in on_b.get(PAIRS).content.decode()
    assert "Секретова" not in on_b.get(YOUNG).content.decode()
    assert on_b.get(f"{PAIRS}edit/{pair.pk}/").status_code == 404
    institute = make_user(Role.INSTITUTE, None)
    observer = host_client(muni_a, institute)
    for url in (PAIRS, YOUNG, f"{PAIRS}edit/{pair.pk}/", "/admin/mentoring/sessions/"):
        assert observer.get(url).status_code in (302, 403), url


def test_a_new_session_with_an_outsider_is_explained(muni_a, methodologist_a, host_client):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        listener, outsider = young_teacher(), young_teacher()
        programme = school_programme_create(academic_year=year, participants=[listener], acting_user=None)
    response = host_client(muni_a, methodologist_a).post(
        "/admin/mentoring/sessions/new/",
        {
            "programme": programme.pk,
            "date": year.first_day.isoformat(),
            "form_of_work": "семинар",
            "topic": "Портфолио педагога",
            "event": "",
            "attendees": [listener.pk, outsider.pk],
        },
    )
    assert response.status_code == 200 and "Не участники школы" in response.content.decode()
