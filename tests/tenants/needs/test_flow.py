"""The whole flow with a real link: a methodologist builds a questionnaire, sends it from the admin
to teachers chosen by organisation; the link is read out of the sent mail; the teacher answers by
the link without signing in; a second answer, an expired and a forged or foreign link are refused
in Russian; the named answer opens deficits; the teacher's account lists and takes answers."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.development.models import Deficit, DeficitStatus
from tenants.needs.models import Answer, QuestionnaireStatus, Recipient, Response
from tenants.needs.services import questionnaire_close, questionnaire_send
from tests.tenants.needs.factories import survey
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

LINK = re.compile(r"https?://\S+/needs/answer/\S+/")


def _link_path(message: mail.EmailMessage) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


@pytest.fixture
def sent(muni_a, methodologist_a, host_client, django_capture_on_commit_callbacks):
    """A named questionnaire sent from the admin to the teachers of one school (two with e-mail)."""
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="Школа № 1")
        other = OrganisationFactory(short_name="Школа № 2")
        maths = SubjectFactory(name="Математика")
        ivanova = TeacherFactory(
            organisation=school, email="ivanova@school.test", last_name="Иванова", subjects=[maths]
        )
        petrova = TeacherFactory(organisation=school, email="petrova@school.test", last_name="Петрова")
        TeacherFactory(organisation=other, email="sidorova@school.test", last_name="Сидорова")
        s = survey(anonymous=False)
    client = host_client(muni_a, methodologist_a)
    base = f"/admin/needs/questionnaires/{s.questionnaire.pk}"
    preview = client.get(f"{base}/send/", {"organisations": school.pk})
    assert preview.status_code == 200
    assert "Иванова" in preview.content.decode() and "Сидорова" not in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}/send/", {"organisations": school.pk})
    assert response.status_code == 302
    return s, ivanova, petrova, school


def test_send_mails_a_personal_link_to_each_chosen_teacher(sent):
    _s, _ivanova, _petrova, _school = sent
    assert sorted(m.to[0] for m in mail.outbox) == ["ivanova@school.test", "petrova@school.test"]
    message = next(m for m in mail.outbox if m.to == ["ivanova@school.test"])
    assert "Методическая служба" in message.from_email
    assert "именная" in message.body
    paths = {_link_path(m) for m in mail.outbox}
    assert len(paths) == 2  # one link per recipient


def test_a_teacher_answers_by_the_link_once(sent, muni_a, host_client):
    s, ivanova, _petrova, school = sent
    path = _link_path(next(m for m in mail.outbox if m.to == ["ivanova@school.test"]))
    client = host_client(muni_a)  # no sign-in
    page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200 and "Анкета именная" in body and "Насколько уверенно" in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]

    # A bad submit: Russian errors, nothing typed is lost.
    bad = client.post(path, {f"q{s.wish.pk}": "Хочу больше семинаров", f"q{s.scale.pk}": "2"})
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "Ответы не отправлены: исправьте ошибки" in text and "Ответьте на этот вопрос." in text
    assert "Хочу больше семинаров" in text
    assert re.search(r'value="2"[^>]*checked', text)

    good = {
        f"q{s.areas.pk}": [s.option(s.areas, 0)],
        f"q{s.scale.pk}": "2",
        f"q{s.form.pk}": s.option(s.form, 1),
        f"q{s.wish.pk}": "Хочу больше семинаров",
    }
    done = client.post(path, good)
    assert done.status_code == 200 and "Ваши ответы приняты" in done.content.decode()

    again = client.post(path, good)
    assert again.status_code == 409 and "Повторный ответ не принимается" in again.content.decode()
    assert client.get(path).status_code == 200  # says so on a visit too

    with tenant_context(muni_a):
        response = Response.objects.get(questionnaire=s.questionnaire)
        assert response.teacher == ivanova and response.recipient.teacher == ivanova
        assert response.organisation == school
        assert Answer.objects.filter(response=response).count() == 4
        # Named: the needs (digital by option, fgos by the scale at 2) open the teacher's deficits.
        open_areas = set(
            Deficit.objects.filter(teacher=ivanova, status=DeficitStatus.OPEN).values_list("area__code", flat=True)
        )
        assert open_areas == {"digital", "fgos"}
    entry = AuditEntry.objects.filter(municipality=muni_a, action="needs_questionnaire.answer").get()
    assert entry.data["anonymous"] is False


def test_the_growth_page_suggests_for_the_need(sent, muni_a, host_client, make_user):
    from tests.tenants.development.factories import CourseOfferFactory, area

    s, ivanova, _petrova, _school = sent
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        ivanova.user = person
        ivanova.save()
        CourseOfferFactory(programme="Цифровая школа: курс", competence_areas=[area("digital")])
        recipient = Recipient.objects.get(teacher=ivanova)
    client = host_client(muni_a, person)
    assert "анкет ждут моего ответа" in client.get("/cabinet/").content.decode()
    mine = client.get("/needs/")
    assert mine.status_code == 200 and s.questionnaire.title in mine.content.decode()
    done = client.post(
        f"/needs/{recipient.pk}/",
        {f"q{s.areas.pk}": [s.option(s.areas, 0)], f"q{s.scale.pk}": "4", f"q{s.form.pk}": s.option(s.form, 0)},
    )
    assert done.status_code == 200 and "Ваши ответы приняты" in done.content.decode()
    growth = client.get("/growth/").content.decode()
    assert "Цифровая школа: курс" in growth  # the suggestion for the deficit the answer opened
    # The link from the e-mail now refuses a second answer too.
    path = _link_path(next(m for m in mail.outbox if m.to == ["ivanova@school.test"]))
    assert host_client(muni_a).post(path, {}).status_code == 409


def test_letters_the_mail_server_refused_are_sent_again_from_the_card(
    sent, muni_a, methodologist_a, host_client, django_capture_on_commit_callbacks
):
    s, *_ = sent
    with tenant_context(muni_a):
        Recipient.objects.filter(email="petrova@school.test").update(sent_at=None)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(muni_a, methodologist_a).post(
            f"/admin/needs/questionnaires/{s.questionnaire.pk}/card/", {"action": "resend"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["petrova@school.test"]]
    assert AuditEntry.objects.filter(municipality=muni_a, action="needs_questionnaire.resend").exists()


def test_an_expired_link_is_refused_in_russian(sent, muni_a, host_client):
    s, *_ = sent
    path = _link_path(mail.outbox[0])
    with tenant_context(muni_a):
        questionnaire_close(questionnaire=s.questionnaire, acting_user=None)
    page = host_client(muni_a).get(path)
    assert page.status_code == 410 and "Опрос завершён" in page.content.decode()
    assert host_client(muni_a).post(path, {}).status_code == 410
    with tenant_context(muni_a):
        assert not Response.objects.exists()


def test_a_link_past_its_last_day_is_refused(sent, muni_a, host_client):
    s, *_ = sent
    path = _link_path(mail.outbox[0])
    with tenant_context(muni_a):
        type(s.questionnaire).objects.filter(pk=s.questionnaire.pk).update(
            closes_on=datetime.date.today() - datetime.timedelta(days=1)
        )
    assert host_client(muni_a).get(path).status_code == 410


def test_a_forged_link_is_refused_in_russian(sent, muni_a, host_client):
    path = _link_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    key, signature = token.split(":")
    for forged in (f"{key[:-1]}x:{signature}", f"{key}:{signature[:-2]}ab", key, "x"):
        page = host_client(muni_a).get(f"/needs/answer/{forged}/")
        assert page.status_code == 404 and "Ссылка недействительна" in page.content.decode()


def test_a_token_of_a_on_bs_host_is_404(sent, muni_a, muni_b, host_client):
    path = _link_path(mail.outbox[0])
    with tenant_context(muni_b):
        # Even a recipient with the very same key in B would not be found: the signature names A.
        s = survey()
        teacher = TeacherFactory(email="b@school.test")
        recipient = questionnaire_send(
            questionnaire=s.questionnaire, teachers=[teacher], acting_user=None, notify=False
        )[0]
        key = path.rstrip("/").rsplit("/", 1)[1].split(":")[0]
        Recipient.objects.filter(pk=recipient.pk).update(link_key=key)
    page = host_client(muni_b).get(path)
    assert page.status_code == 404 and "Ссылка недействительна" in page.content.decode()


def test_the_page_needs_csrf(sent, muni_a):
    from django.test import Client

    path = _link_path(mail.outbox[0])
    client = Client(HTTP_HOST=muni_a.default_hostname, enforce_csrf_checks=True)
    assert client.post(path, {}).status_code == 403


def test_the_public_form_is_rate_limited(sent, muni_a, host_client):
    path = _link_path(mail.outbox[0])
    client = host_client(muni_a)
    statuses = [client.post(path, {}).status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429
    assert "Слишком много попыток" in client.post(path, {}).content.decode()


def test_a_closed_questionnaire_is_not_sent_and_a_draft_only_changes(sent, muni_a):
    from django.core.exceptions import ValidationError

    from tenants.needs.services import question_add

    s, *_ = sent
    with tenant_context(muni_a):
        s.questionnaire.refresh_from_db()
        assert s.questionnaire.status == QuestionnaireStatus.OPEN
        with pytest.raises(ValidationError):
            question_add(acting_user=None, questionnaire=s.questionnaire, text="Ещё", kind="text")
        questionnaire_close(questionnaire=s.questionnaire, acting_user=None)
        with pytest.raises(ValidationError, match="завершена"):
            questionnaire_send(questionnaire=s.questionnaire, teachers=[TeacherFactory()], acting_user=None)
