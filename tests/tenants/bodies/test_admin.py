"""The bodies in the Wagtail admin, through the test client on the municipality's host."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tests.tenants.bodies.conftest import YEAR, docx_bytes, pdf_bytes, upload
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory, MembershipFactory
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

pytestmark = pytest.mark.django_db

BODY_FORM = {
    "kind": BodyKind.CITY_ASSOCIATION,
    "name": "ГМО учителей истории и обществознания",
    "description": "",
    "category": "",
    "topic": "",
    "goal": "",
    "coordination_area": "",
    "since_year": str(YEAR.start),
    "until_year": "",
}
INLINE_EMPTY = {
    "plan_items-TOTAL_FORMS": "0",
    "plan_items-INITIAL_FORMS": "0",
    "plan_items-MIN_NUM_FORMS": "0",
    "plan_items-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def client_a(host_client, muni_a, methodologist_a):
    return host_client(muni_a, methodologist_a)


def text(response) -> str:
    return response.content.decode()


def refused(response) -> bool:
    """Wagtail's answer to a missing permission: 403, or back to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def listed(client, url: str, **params) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {str(obj) for obj in response.context["object_list"]}


def test_list_filters_and_search(muni_a, client_a):
    with tenant_context(muni_a):
        maths = SubjectFactory(name="Математика")
        BodyFactory(name="ГМО учителей математики", subject=maths, since_year=2024)
        BodyFactory(name="ГМО учителей физики", since_year=2024)
        BodyFactory(kind=BodyKind.COUNCIL, name="Методический совет", subject=None, since_year=2024)
        BodyFactory(
            kind=BodyKind.EXPERT_COUNCIL, name="Экспертный совет", subject=None, since_year=2020, until_year=2022
        )

    page = text(client_a.get("/admin/bodies/"))
    assert "Объединения и советы" in page
    for name in ("ГМО учителей математики", "ГМО учителей физики", "Методический совет", "Экспертный совет"):
        assert name in page
    assert "Городское методическое объединение (ГМО)" in page

    assert listed(client_a, "/admin/bodies/", kind=BodyKind.COUNCIL) == {"Методический совет"}
    assert listed(client_a, "/admin/bodies/", academic_year="2025") == {
        "ГМО учителей математики",
        "ГМО учителей физики",
        "Методический совет",
    }
    assert listed(client_a, "/admin/bodies/", subject=maths.pk) == {"ГМО учителей математики"}
    assert listed(client_a, "/admin/bodies/results/", q="физик") == {"ГМО учителей физики"}
    assert listed(client_a, "/admin/bodies/results/", q="математики") == {"ГМО учителей математики"}


def test_create_city_association_requires_leader_in_russian_and_then_creates_it(muni_a, client_a, methodologist_a):
    with tenant_context(muni_a):
        history = SubjectFactory(name="История")
        leader = TeacherFactory()
    form = {**BODY_FORM, "subject": history.pk}
    refused = client_a.post("/admin/bodies/new/", {**form, "head": ""})
    assert refused.status_code == 200
    assert "У ГМО должен быть руководитель: выберите педагога." in text(refused)
    with tenant_context(muni_a):
        assert not Body.objects.exists()

    no_subject = client_a.post("/admin/bodies/new/", {**BODY_FORM, "head": leader.pk})
    assert "Для ГМО укажите предмет или категорию педагогов." in text(no_subject)

    created = client_a.post("/admin/bodies/new/", {**form, "head": leader.pk})
    with tenant_context(muni_a):
        body = Body.objects.get()
        assert created.status_code == 302 and created["Location"] == f"/admin/bodies/inspect/{body.pk}/"
        assert BodyMembership.objects.get(body=body).role == MemberRole.LEADER
    assert AuditEntry.objects.filter(action="body.create", actor=methodologist_a, municipality=muni_a).exists()

    page = text(client_a.get(f"/admin/bodies/inspect/{body.pk}/", {"year": YEAR.start}))
    assert "Состав на 2025/2026 учебный год" in page
    assert leader.full_name in page and "Руководитель" in page


def test_creative_group_form_errors_are_russian(muni_a, client_a):
    response = client_a.post(
        "/admin/bodies/new/",
        {**BODY_FORM, "kind": BodyKind.CREATIVE_GROUP, "term_start": "2026-05-01", "term_end": "2025-09-01"},
    )
    page = text(response)
    assert "Для творческой группы укажите тему (проблему), над которой она работает." in page
    assert "Дата окончания срока работы должна быть позже даты начала." in page


def test_edit_body_and_history(muni_a, client_a):
    with tenant_context(muni_a):
        body = BodyFactory(name="ГМО учителей химии", since_year=2024)
    edit = client_a.get(f"/admin/bodies/edit/{body.pk}/")
    assert edit.status_code == 200 and "ГМО учителей химии" in text(edit)
    assert "head" not in edit.context["form"].fields
    response = client_a.post(
        f"/admin/bodies/edit/{body.pk}/",
        {**BODY_FORM, "name": "ГМО учителей химии и биологии", "subject": body.subject_id, "since_year": "2024"},
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        assert Body.objects.get(pk=body.pk).name == "ГМО учителей химии и биологии"
    assert AuditEntry.objects.get(action="body.update").data["fields"] == ["name"]
    history = client_a.get(f"/admin/bodies/history/{body.pk}/")
    assert history.status_code == 200


def test_body_page_shows_members_and_meetings_of_the_chosen_year(muni_a, client_a):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        this_year = MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        last_year = MembershipFactory(body=body, academic_year=2024)
        MeetingFactory(body=body, date=datetime.date(2025, 10, 14), agenda="Итоги ВПР по математике")
        MeetingFactory(body=body, date=datetime.date(2024, 10, 14), agenda="Прошлогоднее заседание")
    page = text(client_a.get(f"/admin/bodies/inspect/{body.pk}/", {"year": YEAR.start}))
    assert this_year.teacher.full_name in page and last_year.teacher.full_name not in page
    assert "Итоги ВПР по математике" in page and "Прошлогоднее заседание" not in page
    assert "Скопировать состав на 2026/2027 учебный год" in page
    earlier = text(client_a.get(f"/admin/bodies/inspect/{body.pk}/", {"year": 2024}))
    assert last_year.teacher.full_name in earlier and "Прошлогоднее заседание" in earlier


def test_membership_admin_prefills_validates_and_returns_to_the_body(muni_a, client_a):
    with tenant_context(muni_a):
        council = BodyFactory(kind=BodyKind.COUNCIL, name="Методический совет", subject=None, since_year=2024)
        MembershipFactory(body=council, academic_year=YEAR.start, role=MemberRole.CHAIR)
        teacher = TeacherFactory()
    form = client_a.get("/admin/bodies/members/new/", {"body": council.pk, "academic_year": YEAR.start})
    assert form.context["form"].initial["body"] == council.pk
    assert form.context["form"].initial["academic_year"] == YEAR.start
    data = {"body": council.pk, "academic_year": YEAR.start, "role": MemberRole.CHAIR, "teacher": teacher.pk}
    second_chair = client_a.post("/admin/bodies/members/new/", data)
    assert second_chair.status_code == 200
    assert "Председатель на этот учебный год уже назначен: председатель может быть один." in text(second_chair)
    added = client_a.post("/admin/bodies/members/new/", {**data, "role": MemberRole.SECRETARY})
    assert added.status_code == 302 and added["Location"] == f"/admin/bodies/inspect/{council.pk}/?year={YEAR.start}"
    assert AuditEntry.objects.filter(action="body_membership.create").exists()

    listing = text(client_a.get("/admin/bodies/members/", {"body": council.pk, "role": MemberRole.SECRETARY}))
    assert teacher.full_name in listing
    found = text(client_a.get("/admin/bodies/members/results/", {"q": teacher.last_name}))
    assert teacher.full_name in found


def test_copy_composition_button(muni_a, client_a):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        MembershipFactory(body=body, academic_year=YEAR.start)
    url = f"/admin/bodies/copy-composition/{body.pk}/"
    response = client_a.post(url, {"from_year": YEAR.start, "to_year": YEAR.next().start}, follow=True)
    assert "Состав на 2026/2027 учебный год подготовлен: добавлено участников — 2." in text(response)
    again = client_a.post(url, {"from_year": YEAR.start, "to_year": YEAR.next().start}, follow=True)
    assert "никого не добавлено" in text(again)
    with tenant_context(muni_a):
        assert BodyMembership.objects.filter(body=body, academic_year=YEAR.next().start).count() == 2
    assert client_a.get(url).status_code == 405


def test_meeting_with_minutes_and_attendance(muni_a, client_a, media_root):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        present = MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        last_year = MembershipFactory(body=body, academic_year=2024)
    data = {"body": body.pk, "date": "2025-11-12", "number": "2", "agenda": "О подготовке к олимпиаде"}
    wrong_year = client_a.post("/admin/bodies/meetings/new/", {**data, "attendees": [present.pk, last_year.pk]})
    assert "Присутствовавшие отмечаются из состава" in text(wrong_year)
    created = client_a.post(
        "/admin/bodies/meetings/new/",
        {**data, "attendees": [present.pk], "minutes": upload("protokol.docx", docx_bytes())},
    )
    assert created.status_code == 302
    with tenant_context(muni_a):
        meeting = BodyMeeting.objects.get()
        assert list(meeting.attendees.all()) == [present]
        stored = meeting.minutes.path
    assert stored.startswith(f"{media_root}/{muni_a.schema_name}/bodies/minutes/")
    download = client_a.get(f"/admin/bodies/files/meeting/{meeting.pk}/minutes/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert b"".join(download.streaming_content) == docx_bytes()
    edit = text(client_a.get(f"/admin/bodies/meetings/edit/{meeting.pk}/"))
    assert f"/admin/bodies/files/meeting/{meeting.pk}/minutes/" in edit
    assert "/media/" not in edit
    assert AuditEntry.objects.filter(action="body_meeting.create").exists()


def test_meeting_minutes_wrong_type_and_oversized_are_refused_in_russian(muni_a, client_a, media_root):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
    data = {"body": body.pk, "date": "2025-11-12", "agenda": "Повестка"}
    fake = client_a.post(
        "/admin/bodies/meetings/new/", {**data, "minutes": upload("protokol.pdf", b"<html>not</html>")}
    )
    assert "Допускаются только файлы PDF, DOCX, ODT; содержимое этого файла им не соответствует." in text(fake)
    big = pdf_bytes() + b"0" * (10 * 1024 * 1024)
    oversized = client_a.post("/admin/bodies/meetings/new/", {**data, "minutes": upload("big.pdf", big)})
    assert "Файл слишком большой" in text(oversized)
    with tenant_context(muni_a):
        assert not BodyMeeting.objects.exists()


def test_year_record_approves_composition_with_plan_items_and_files(muni_a, client_a, media_root):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
    data = {
        "body": body.pk,
        "academic_year": YEAR.start,
        "composition_order_number": "112",
        "composition_order_date": "2025-09-05",
        "plan_text": "",
        "analysis_text": "Проведено 4 заседания.",
        **INLINE_EMPTY,
    }
    refused = client_a.post("/admin/bodies/years/new/", data)
    assert "нельзя утвердить без участника с ролью «Руководитель»" in text(refused)
    with tenant_context(muni_a):
        MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
    plan = {
        **INLINE_EMPTY,
        "plan_items-TOTAL_FORMS": "1",
        "plan_items-0-month": "10",
        "plan_items-0-topic": "Анализ результатов ГИА",
        "plan_items-0-form_of_work": "заседание",
        "plan_items-0-responsible": "руководитель ГМО",
        "plan_items-0-ORDER": "1",
        "plan_items-0-id": "",
        "plan_items-0-DELETE": "",
    }
    created = client_a.post("/admin/bodies/years/new/", {**data, **plan, "plan_file": upload("plan.pdf", pdf_bytes())})
    assert created.status_code == 302, text(created)
    with tenant_context(muni_a):
        body_year = BodyYear.objects.get()
        assert body_year.is_approved and body_year.plan_items.get().topic == "Анализ результатов ГИА"
    page = text(client_a.get(f"/admin/bodies/inspect/{body.pk}/", {"year": YEAR.start}))
    assert "Утверждён приказом № 112 от 05.09.2025." in page
    assert "Анализ результатов ГИА" in page and "Проведено 4 заседания." in page
    assert f"/admin/bodies/files/year/{body_year.pk}/plan_file/" in page
    assert client_a.get(f"/admin/bodies/files/year/{body_year.pk}/plan_file/").status_code == 200
    assert client_a.get(f"/admin/bodies/files/year/{body_year.pk}/analysis_file/").status_code == 404


def test_chair_of_committee_reads_but_does_not_write(muni_a, make_user, host_client):
    chair = make_user(Role.CHAIR, muni_a)
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
    client = host_client(muni_a, chair)
    assert client.get("/admin/bodies/").status_code == 200
    page = client.get(f"/admin/bodies/inspect/{body.pk}/")
    assert page.status_code == 200 and "Добавить участника" not in text(page)
    assert refused(client.get("/admin/bodies/new/"))
    with tenant_context(muni_a):
        MembershipFactory(body=body, academic_year=YEAR.start)
    assert refused(client.post(f"/admin/bodies/copy-composition/{body.pk}/", {"from_year": YEAR.start}))
    with tenant_context(muni_a):
        assert BodyMembership.objects.filter(body=body).count() == 1


def test_teacher_cannot_open_bodies_admin(muni_a, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    response = host_client(muni_a, teacher).get("/admin/bodies/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_school_association_head_must_work_at_its_school(muni_a, client_a):
    with tenant_context(muni_a):
        school, other = OrganisationFactory(), OrganisationFactory()
        outsider = TeacherFactory(organisation=other)
    response = client_a.post(
        "/admin/bodies/new/",
        {
            **BODY_FORM,
            "kind": BodyKind.SCHOOL_ASSOCIATION,
            "name": "ШМО учителей английского языка",
            "organisation": school.pk,
            "head": outsider.pk,
        },
    )
    assert f"В ШМО входят педагоги организации «{school}»; этот педагог работает в другой." in text(response)


def test_excluding_a_member_returns_to_the_body_page_audited(muni_a, client_a):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        membership = MembershipFactory(body=body, academic_year=YEAR.start)
    response = client_a.post(f"/admin/bodies/members/delete/{membership.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/admin/bodies/inspect/{body.pk}/?year={YEAR.start}"
    with tenant_context(muni_a):
        assert not BodyMembership.objects.exists()
    assert AuditEntry.objects.filter(action="body_membership.delete", data__id=membership.pk).exists()


def test_body_page_and_list_cost_the_same_queries_for_more_rows(muni_a, client_a):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_a.get(url).status_code == 200
        return len(captured)

    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        MeetingFactory(body=body, date=datetime.date(2025, 10, 1))
        BodyFactory(since_year=2024)
    page_url = f"/admin/bodies/inspect/{body.pk}/?year={YEAR.start}"
    queries(page_url)  # a session's first request does its once-a-session work (the staff session stamp)
    few_page, few_list = queries(page_url), queries("/admin/bodies/")
    with tenant_context(muni_a):
        for _ in range(8):
            MembershipFactory(body=body, academic_year=YEAR.start)
            MeetingFactory(body=body, date=datetime.date(2025, 11, 1))
            BodyFactory(since_year=2024, organisation=OrganisationFactory())
    assert queries(page_url) == few_page
    assert queries("/admin/bodies/") == few_list
