"""Anonymous answers keep no person; the summary's numbers against fixtures; small anonymous groups
hidden; the XLSX export; reminders once; the staff home's line; isolation in the admin."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from audit.models import AuditEntry
from tenants.needs.models import Recipient, Response
from tenants.needs.results import questionnaire_results
from tenants.needs.services import questionnaire_send, reminders_send, response_submit
from tests.tenants.needs.factories import survey
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory


@pytest.fixture
def answered(muni_a):
    """An anonymous questionnaire: 4 teachers of school 1 (maths) and 1 of school 2 answered, 1 not."""
    with tenant_context(muni_a):
        one, two = OrganisationFactory(short_name="Школа № 1"), OrganisationFactory(short_name="Школа № 2")
        maths = SubjectFactory(name="Математика")
        teachers = [TeacherFactory(organisation=one, subjects=[maths], email=f"t{i}@s.test") for i in range(4)]
        teachers += [
            TeacherFactory(organisation=two, email="t4@s.test"),
            TeacherFactory(organisation=two, email="t5@s.test"),
        ]
        s = survey(anonymous=True)
        recipients = questionnaire_send(
            questionnaire=s.questionnaire, teachers=teachers, acting_user=None, notify=False
        )
        by_teacher = {r.teacher_id: r for r in recipients}
        plan = [
            ([0], 1, 0, "Больше практики"),
            ([0, 1], 2, 0, ""),
            ([2], 5, 1, ""),
            ([1], 3, 1, '=HYPERLINK("http://evil")'),
            ([0], 4, 0, ""),
        ]
        for teacher, (areas, scale, form, wish) in zip(teachers, plan, strict=False):
            response_submit(
                recipient=by_teacher[teacher.pk],
                values=s.values(areas=areas, scale=scale, form=form, wish=wish),
                acting_user=None,
            )
    return s, one, two, maths, teachers


def test_an_anonymous_answer_keeps_no_link_to_the_person(answered, muni_a):
    s, *_ = answered
    with tenant_context(muni_a):
        assert Response.objects.filter(questionnaire=s.questionnaire).count() == 5
        assert not Response.objects.filter(recipient__isnull=False).exists()
        assert not Response.objects.filter(teacher__isnull=False).exists()
        # Nothing of the response's table names a person or a time finer than the day.
        columns = {
            c.name for c in connection.introspection.get_table_description(connection.cursor(), "needs_response")
        }
        assert columns == {"id", "questionnaire_id", "recipient_id", "teacher_id", "organisation_id", "submitted_on"}
        assert Recipient.objects.filter(answered=True).count() == 5  # the separate mark
    entries = AuditEntry.objects.filter(municipality=muni_a, action="needs_questionnaire.answer")
    assert entries.count() == 5
    assert all(e.actor_id is None and "response" not in e.data for e in entries)


def test_a_second_anonymous_answer_is_refused(answered, muni_a):
    from django.core.exceptions import ValidationError

    s, _one, _two, _maths, teachers = answered
    with tenant_context(muni_a):
        recipient = Recipient.objects.get(teacher=teachers[0])
        with pytest.raises(ValidationError, match="уже ответили"):
            response_submit(recipient=recipient, values=s.values(areas=[0], scale=3, form=0), acting_user=None)
        assert Response.objects.count() == 5


def test_the_summary_numbers(answered, muni_a):
    s, one, _two, maths, _teachers = answered
    with tenant_context(muni_a):
        results = questionnaire_results(s.questionnaire)
        assert (results.recipients, results.responses, results.hidden) == (6, 5, False)
        by_question = {q.question.pk: q for q in results.questions}
        assert by_question[s.areas.pk].rows == [("Цифровые технологии", 3), ("Инклюзия", 2), ("Не нужна", 1)]
        assert by_question[s.scale.pk].rows == [("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1)]
        assert by_question[s.scale.pk].mean == 3.0
        assert by_question[s.form.pk].rows == [("Очно", 3), ("Дистанционно", 2)]
        assert sorted(by_question[s.wish.pk].texts) == sorted(["Больше практики", '=HYPERLINK("http://evil")'])
        # Needs: digital 3 (options), inclusive 2, fgos 2 (scale 1 and 2).
        assert [(n.area.code, n.responses) for n in results.needs] == [
            ("digital", 3),
            ("fgos", 2),
            ("inclusive", 2),
        ] or [(n.area.code, n.responses) for n in results.needs] == [("digital", 3), ("inclusive", 2), ("fgos", 2)]
        assert 'role="img"' in str(results.needs_chart) and "<desc" in str(by_question[s.areas.pk].chart)

        by_school = questionnaire_results(s.questionnaire, organisation_id=one.pk)
        assert by_school.responses == 4
        assert {q.question.pk: q for q in by_school.questions}[s.form.pk].rows == [("Очно", 2), ("Дистанционно", 2)]
        assert questionnaire_results(s.questionnaire, subject_id=maths.pk).responses == 4


def test_an_anonymous_group_smaller_than_three_is_hidden(answered, muni_a):
    s, _one, two, *_ = answered
    with tenant_context(muni_a):
        results = questionnaire_results(s.questionnaire, organisation_id=two.pk)  # one answer
        assert results.hidden and results.responses == 0
        assert all(not q.rows or all(c == 0 for _l, c in q.rows) for q in results.questions)
        assert all(not q.texts for q in results.questions) and not results.needs


def test_results_screen_and_xlsx(answered, muni_a, methodologist_a, host_client):
    s, one, *_ = answered
    client = host_client(muni_a, methodologist_a)
    base = f"/admin/needs/questionnaires/{s.questionnaire.pk}"
    page = client.get(f"{base}/results/")
    body = page.content.decode()
    assert page.status_code == 200 and "Потребности по областям компетенций" in body and "<svg" in body
    export = client.get(f"{base}/results.xlsx", {"organisation": one.pk})
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    summary = [[c.value for c in row] for row in book["Сводка"].iter_rows()]
    assert summary[3] == ["Ответов", 4, None]
    assert [s.areas.text in str(r[0]) and r[1] == "Цифровые технологии" and r[2] == 2 for r in summary].count(True) == 1
    # A respondent's text stays text, never a formula.
    cells = [c for row in book["Сводка"].iter_rows() for c in row if c.value == '=HYPERLINK("http://evil")']
    assert cells and all(c.data_type == "s" for c in cells)
    needs = [[c.value for c in row] for row in book["Потребности"].iter_rows()]
    assert needs[0] == ["Область компетенций", "Ответивших с потребностью"] and len(needs) > 1


def test_reminders_go_once_to_those_who_have_not_answered(answered, muni_a, django_capture_on_commit_callbacks):
    s, *_ = answered
    with tenant_context(muni_a):
        Recipient.objects.update(sent_at=datetime.datetime.now(tz=datetime.UTC))
        type(s.questionnaire).objects.filter(pk=s.questionnaire.pk).update(
            closes_on=datetime.date.today() + datetime.timedelta(days=2)
        )
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(municipality=muni_a)
        assert [m.to for m in mail.outbox] == [["t5@s.test"]]
        assert "Напоминание" in mail.outbox[0].subject and "/needs/answer/" in mail.outbox[0].body
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(municipality=muni_a)
        assert len(mail.outbox) == 1


def test_the_reminders_task_runs_in_the_named_municipality_only(muni_a, muni_b):
    from tenants.needs.tasks import needs_reminders_send

    with tenant_context(muni_b), pytest.raises(RuntimeError):
        needs_reminders_send.run(municipality_id=muni_a.pk)
    with tenant_context(muni_a):
        assert needs_reminders_send.run(municipality_id=muni_a.pk) == []


def test_the_staff_home_and_the_cabinet_lines(answered, muni_a, methodologist_a, make_user, host_client):
    from accounts.models import Role

    home = host_client(muni_a, methodologist_a).get("/admin/").content.decode()
    assert "Анкеты потребностей" in home and "ответов получено" in home
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        teacher = Recipient.objects.get(answered=False).teacher
        teacher.user = person
        teacher.save()
    assert "анкет ждут моего ответа" in host_client(muni_a, person).get("/cabinet/").content.decode()


def test_bs_methodologist_sees_nothing_of_as_questionnaire(answered, muni_a, muni_b, make_user, host_client):
    from accounts.models import Role

    s, *_ = answered
    stranger = make_user(Role.METHODOLOGIST, muni_b)
    base = f"/admin/needs/questionnaires/{s.questionnaire.pk}"
    # On B's host the id is nobody's (B's schema); on A's host B's methodologist holds no role.
    edit = f"/admin/needs/questionnaires/edit/{s.questionnaire.pk}/"
    for path in (f"{base}/card/", f"{base}/results/", f"{base}/results.xlsx", edit):
        assert host_client(muni_b, stranger).get(path).status_code == 404
        assert host_client(muni_a, stranger).get(path).status_code in (302, 403)
    listing = host_client(muni_b, stranger).get("/admin/needs/questionnaires/").content.decode()
    assert s.questionnaire.title not in listing


def test_a_teacher_sees_only_their_own_questionnaires(answered, muni_a, make_user, host_client):
    from accounts.models import Role

    _s, *_rest, teachers = answered
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        other = Recipient.objects.get(teacher=teachers[5])
    assert host_client(muni_a, person).get(f"/needs/{other.pk}/").status_code == 404
    assert host_client(muni_a).get("/needs/").status_code == 302
