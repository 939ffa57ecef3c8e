"""The staff home (issue 21, item 1): each role's counts against fixtures, every line opening for
the person it is shown to, nothing of another municipality, and few queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from institute.models import CommentSide, PlanComment
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear
from tenants.consultations.models import Consultation
from tenants.events.models import Event, Registration, RegistrationStatus
from tenants.plans.models import AnnualPlan, CyclogramDuty, Direction, ItemStatus, PlanItem
from tenants.plans.services import cyclogram_submit, plan_submit
from tenants.registry.selectors import nomenclature_overview, register_summary_of
from tenants.staff_home import home_lines
from tenants.working_days import working_days_after
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory
from tests.tenants.consultations.factories import consultation, staff
from tests.tenants.events.factories import make_event
from tests.tenants.plans.conftest import draft_plan


def _lines(user) -> dict[str, tuple[int, str, str]]:
    return {line.key: (line.count, line.url, line.note) for _section, lines in home_lines(user) for line in lines}


def _comment(municipality, side=CommentSide.INSTITUTE, parent=None) -> PlanComment:
    return PlanComment.objects.create(
        municipality=municipality, academic_year=AcademicYear.current().start, author_name="ЛОИРО", side=side,
        text="Уточните сроки.", parent=parent,
    )  # fmt: skip


@pytest.fixture
def scene(muni_a, muni_b, make_user):
    """A's head, chair and two methodologists with a plan, consultations, events, comments; the same
    kinds of data in B, which must never reach A's counts."""
    today = timezone.localdate()
    head = make_user(Role.HEAD, muni_a)
    chair = make_user(Role.CHAIR, muni_a)
    with tenant_context(muni_a):
        metod_user, metod = staff(muni_a)
        _other_user, other = staff(muni_a)
        plan = draft_plan(items=4, year=AcademicYear.current())
        PlanItem.objects.filter(plan=plan).update(responsible=metod, month=today.month)
        # Consultations: one of the methodologist's late, one due within three working days, one
        # of the other methodologist's far off, one answered long ago.
        late = consultation()
        Consultation.objects.filter(pk=late.pk).update(assignee=metod, due_on=today - datetime.timedelta(days=2))
        soon = consultation()
        Consultation.objects.filter(pk=soon.pk).update(assignee=metod, due_on=working_days_after(today, 2))
        far = consultation()
        Consultation.objects.filter(pk=far.pk).update(assignee=other, due_on=today + datetime.timedelta(days=30))
        # Events: one this week (10 seats, 2 confirmed, 1 awaiting), one held without attendance.
        now = timezone.localtime()
        week = make_event(title="Семинар недели", capacity=10, methodologist=metod)
        Event.objects.filter(pk=week.pk).update(
            starts_at=now.replace(hour=12, minute=0), ends_at=now.replace(hour=13, minute=0)
        )
        past = make_event(title="Прошедший семинар")
        Event.objects.filter(pk=past.pk).update(
            starts_at=now - datetime.timedelta(days=10), ends_at=now - datetime.timedelta(days=10, hours=-2)
        )
        for event, status, n in (
            (week, RegistrationStatus.CONFIRMED, 2),
            (week, RegistrationStatus.AWAITING_CONFIRMATION, 1),
            (past, RegistrationStatus.CONFIRMED, 1),
        ):
            for i in range(n):
                Registration.objects.create(
                    event=event, full_name=f"Гость {i}", email=f"g{i}{status}@x.test", status=status
                )
        Event.objects.filter(pk=week.pk).update(ends_at=now + datetime.timedelta(days=1))  # not over yet
        summary = register_summary_of(nomenclature_overview(today=today))
        body = BodyFactory()
        MeetingFactory(body=body, date=today)  # held, no minutes
        MeetingFactory(body=body, date=today + datetime.timedelta(days=3))  # to come
    answered = _comment(muni_a)
    _comment(muni_a, CommentSide.MUNICIPALITY, parent=answered)
    _comment(muni_a)  # waiting for an answer
    with tenant_context(muni_b):  # B: a late consultation, a plan submitted, an event this week
        consultation_b = consultation()
        Consultation.objects.filter(pk=consultation_b.pk).update(due_on=today - datetime.timedelta(days=5))
        plan_b = draft_plan(items=2, year=AcademicYear.current())
        plan_submit(plan=plan_b, acting_user=None, skip_permission_checks=True)
        make_event(title="Семинар Б", starts_at=timezone.localtime().replace(hour=12, minute=0))
        MeetingFactory(body=BodyFactory(), date=today)
    _comment(muni_b)
    _comment(muni_b)
    return {
        "head": head,
        "chair": chair,
        "metod": metod_user,
        "plan": plan,
        "summary": summary,
        "late": late.pk,
        "soon": soon.pk,
        "far": far.pk,
    }


def test_the_heads_home_counts_what_waits_in_their_municipality_only(muni_a, scene):
    with tenant_context(muni_a):
        lines = _lines(scene["head"])
    assert lines["plans.status"][0] == 4 and "ждёт отправки руководителем" in lines["plans.status"][2]
    assert lines["institute.unanswered"][0] == 1  # B's two are not A's
    assert lines["consultations.open"][0] == 3
    assert lines["consultations.due_soon"][0] == 1
    assert lines["consultations.late"][0] == 1  # B's late one is not counted
    assert lines["events.week"][0] == 1 and lines["events.week"][2] == "зарегистрировано 2 из 10 мест"
    assert lines["events.waiting"][0] == 1
    assert lines["events.unmarked"][0] == 1
    assert lines["registry.missing"][0] == scene["summary"].missing
    assert lines["agreements.in_force"][0] == 0 and lines["agreements.in_force"][2] == "действующего соглашения нет"
    assert lines["accounts.never_signed_in"][0] >= 2  # the head, the chair, the methodologists: none signed in
    assert lines["bodies.without_minutes"][0] == 1  # the held one; not the one to come, not B's
    assert not any(key.startswith("plans.to_approve") for key in lines)  # the chair's line


def test_a_methodologists_home_counts_their_own_and_shows_no_head_line(muni_a, scene):
    with tenant_context(muni_a):
        lines = _lines(scene["metod"])
    assert lines["consultations.mine.open"][0] == 2
    assert lines["consultations.mine.late"][0] == 1 and lines["consultations.mine.due_soon"][0] == 1
    assert lines["plans.mine_month"][0] == 4
    assert lines["events.mine.week"][0] == 1 and lines["events.mine.unmarked"][0] == 0
    assert not {"registry.missing", "agreements.in_force", "accounts.never_signed_in", "plans.status"} & set(lines)


def test_the_chairs_home_shows_the_plan_waiting_for_approval(muni_a, scene):
    with tenant_context(muni_a):
        assert _lines(scene["chair"])["plans.to_approve"][0] == 0
        plan_submit(plan=scene["plan"], acting_user=None, skip_permission_checks=True)
        lines = _lines(scene["chair"])
    assert lines["plans.to_approve"][0] == 1 and lines["plans.to_approve"][1] == f"/admin/plan/{scene['plan'].pk}/"
    assert not {"consultations.open", "registry.missing", "events.week"} & set(lines)
    assert lines["plans.analyses_to_accept"][0] == 0 and lines["plans.cyclogram_to_approve"][0] == 0
    with tenant_context(muni_a):
        assert AnnualPlan.objects.get(pk=scene["plan"].pk).status == PlanStatus.SUBMITTED
        CyclogramDuty.objects.create(title="Совет", direction=Direction.objects.first(), months=[9])
        cyclogram_submit(acting_user=scene["head"])
        lines = _lines(scene["chair"])
    assert lines["plans.cyclogram_to_approve"][:2] == (1, "/admin/plan/cyclogram/approval/")


@pytest.mark.parametrize("role", ["head", "metod", "chair"])
def test_every_line_on_the_admin_home_opens_for_its_reader(muni_a, scene, host_client, role):
    client = host_client(muni_a, scene[role])
    html = client.get("/admin/").content.decode()
    links = re.findall(r'<li class="staff-home__line[^"]*" data-line="[^"]+">\s*<a href="([^"]+)"', html)
    assert links, html[:2000]
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_the_filtered_lists_behind_the_lines_show_the_counted_rows(muni_a, scene, host_client):
    from django.urls import reverse

    client = host_client(muni_a, scene["head"])
    events = reverse("event_admin:index")
    assert "Семинар недели" in client.get(f"{events}?this_week=true").content.decode()
    assert "Прошедший семинар" not in client.get(f"{events}?this_week=true").content.decode()
    assert "Прошедший семинар" in client.get(f"{events}?unmarked=true").content.decode()
    consultations = reverse("consultations_admin:index")
    late = client.get(f"{consultations}?overdue=true").content.decode()
    assert f"/inspect/{scene['late']}/" in late and f"/inspect/{scene['far']}/" not in late
    soon = client.get(f"{consultations}?due_soon=true").content.decode()
    assert f"/inspect/{scene['soon']}/" in soon and f"/inspect/{scene['late']}/" not in soon
    page = client.get(f"/admin/plan/{scene['plan'].pk}/?status={ItemStatus.PLANNED}").content.decode()
    assert "Мероприятие 1" in page


def test_another_municipalitys_staff_get_nothing_of_a(muni_a, muni_b, scene, make_user, host_client):
    head_b = make_user(Role.HEAD, muni_b)
    with tenant_context(muni_a):
        assert home_lines(head_b) == []  # no role in A: no section
    with tenant_context(muni_b):
        lines = _lines(head_b)
    assert lines["institute.unanswered"][0] == 2 and lines["consultations.late"][0] == 1
    assert host_client(muni_a, head_b).get("/admin/").status_code in (302, 403)


def test_the_heads_home_takes_few_queries(muni_a, scene, host_client):
    with tenant_context(muni_a):
        user = scene["head"]
        _lines(user)  # roles and permissions are cached on the user afterwards, as in a request
        with CaptureQueriesContext(connection) as queries:
            home_lines(user)
    # A few queries per section, whatever the data (each counts in the database): 16 before
    # the courses', contests', internships', questionnaires' and leadership's sections; one more
    # for the mentoring pairs without a meeting this quarter.
    assert len(queries) <= 22, [q["sql"][:120] for q in queries]


def test_the_teachers_cabinet_counts_their_own_and_not_anothers(muni_a, make_user, host_client):
    from tests.tenants.people.factories import TeacherFactory

    teacher_user = make_user(Role.TEACHER, muni_a)
    other_user = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        TeacherFactory(user=teacher_user, teaching_since=datetime.date(2010, 9, 1))
        event = make_event(title="Семинар для кабинета")
        Registration.objects.create(
            event=event, user=teacher_user, full_name="Я", email=teacher_user.email, status=RegistrationStatus.CONFIRMED
        )
        Registration.objects.create(
            event=event, user=other_user, full_name="Другой", email=other_user.email,
            status=RegistrationStatus.CONFIRMED, attended=True,
        )  # fmt: skip
        consultation(requester_user=teacher_user)
    html = host_client(muni_a, teacher_user).get("/cabinet/").content.decode()
    found = dict(re.findall(r'data-line="([^"]+)"><a href="[^"]+"><strong>(\d+)</strong>', html))
    assert found["cabinet.registrations"] == "1" and found["cabinet.certificates"] == "0"
    assert found["cabinet.consultations_waiting"] == "1" and found["cabinet.consultations_answered"] == "0"
    assert found["cabinet.route_steps"] == "0" and found["cabinet.pd_due"] == "0"  # no course: overdue
    assert "срок прошёл 01.09.2013" in html  # three years after teaching_since


def test_the_institutes_home_on_the_region_host(muni_a, muni_b, make_user, host_client):
    from unified_calendar.models import RegionalEventProposal

    _comment(muni_a, CommentSide.MUNICIPALITY)
    institute = make_user(Role.INSTITUTE, None)
    committee = make_user(Role.COMMITTEE, None)
    html = host_client(None, institute).get("/institute/").content.decode()
    found = dict(re.findall(r'data-line="([^"]+)"[^>]*><a href="[^"]+"><strong>(\d+)</strong>', html))
    assert found["region.comments_answered"] == "1"
    assert int(found["region.without_agreement"]) >= 2  # neither test municipality has one
    assert found["region.proposals"] == str(RegionalEventProposal.objects.filter(status="pending").count())
    links = re.findall(r'<li data-line="[^"]+"[^>]*><a href="([^"]+)"', html)
    client = host_client(None, institute)
    assert all(client.get(link.replace("&amp;", "&")).status_code == 200 for link in links)
    # The committee does not decide on proposals: no such line, and every line it sees opens.
    html = host_client(None, committee).get("/institute/").content.decode()
    assert 'data-line="region.proposals"' not in html and 'data-line="region.plans_submitted"' in html
    client = host_client(None, committee)
    for link in re.findall(r'<li data-line="[^"]+"[^>]*><a href="([^"]+)"', html):
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


NEW_URLS = [
    "/admin/",
    "/admin/notifications/",
    "/admin/notifications/settings/",
    "/admin/registry/nomenclature/?state=missing",
    "/admin/consultations/?due_soon=true",
    "/admin/consultations/?waiting=true",
    "/admin/bodies/meetings/?without_minutes=true",
    "/admin/staff/?never_signed_in=1",
]


@pytest.mark.parametrize("path", NEW_URLS)
def test_the_new_screens_refuse_another_municipalitys_staff_and_teachers(path, muni_a, muni_b, make_user, host_client):
    assert host_client(muni_a, make_user(Role.HEAD, muni_a)).get(path).status_code == 200
    for outsider in (make_user(Role.HEAD, muni_b), make_user(Role.TEACHER, muni_a)):
        assert host_client(muni_a, outsider).get(path).status_code in (302, 403), (path, outsider)
    if path.startswith("/admin/notifications/"):  # the region's observers read A's admin, but have no list here
        assert host_client(muni_a, make_user(Role.INSTITUTE, None)).get(path).status_code in (302, 403)


def test_a_head_without_this_years_plan_is_told_so(muni_a, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        AnnualPlan.objects.filter(academic_year=AcademicYear.current().start).delete()
        count, url, note = _lines(head)["plans.status"]
    assert (count, url, note) == (0, "/admin/plans/", "план не создан")
