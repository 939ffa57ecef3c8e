"""Building a questionnaire in the admin: the generic forms write audited rows; questions of a sent
questionnaire are refused in Russian; the anonymity promised is kept; the demo."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from tenants.development.models import CompetenceArea
from tenants.needs.models import Question, Questionnaire, QuestionnaireStatus
from tenants.needs.services import questionnaire_send
from tests.tenants.needs.factories import survey
from tests.tenants.people.factories import TeacherFactory


def _question_form(questionnaire: Questionnaire, area: CompetenceArea, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "questionnaire": questionnaire.pk,
        "position": 1,
        "kind": "multiple",
        "text": "Что вам интересно?",
        "required": "on",
        "competence_area": "",
        "scale_min": 1,
        "scale_max": 5,
        "need_at_most": "",
        "scale_min_label": "",
        "scale_max_label": "",
        "options-TOTAL_FORMS": 2,
        "options-INITIAL_FORMS": 0,
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
        "options-0-text": "Цифровые инструменты",
        "options-0-competence_area": area.pk,
        "options-0-ORDER": 1,
        "options-0-id": "",
        "options-1-text": "Ничего",
        "options-1-competence_area": "",
        "options-1-ORDER": 2,
        "options-1-id": "",
    }
    data.update(extra)
    return data


def test_a_methodologist_builds_a_questionnaire_in_the_admin(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    closes = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        "/admin/needs/questionnaires/new/",
        {"title": "Анкета из админки", "closes_on": closes, "is_anonymous": "on", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(muni_a):
        questionnaire = Questionnaire.objects.get(title="Анкета из админки")
        area = CompetenceArea.objects.get(code="digital")
    response = client.post("/admin/needs/questions/new/", _question_form(questionnaire, area))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        question = Question.objects.get(questionnaire=questionnaire)
        assert [(o.text, o.competence_area_id) for o in question.options.all()] == [
            ("Цифровые инструменты", area.pk),
            ("Ничего", None),
        ]
    actions = set(AuditEntry.objects.filter(municipality=muni_a).values_list("action", flat=True))
    assert {"needs_questionnaire.create", "needs_question.create"} <= actions
    card = client.get(f"/admin/needs/questionnaires/{questionnaire.pk}/card/").content.decode()
    assert "Цифровые инструменты" in card and "Добавить вопрос" in card


def test_a_sent_questionnaire_keeps_its_questions_and_its_anonymity(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        s = survey(anonymous=True)
        questionnaire_send(questionnaire=s.questionnaire, teachers=[TeacherFactory()], acting_user=None, notify=False)
        area = CompetenceArea.objects.get(code="digital")
    client = host_client(muni_a, methodologist_a)
    refused = client.post("/admin/needs/questions/new/", _question_form(s.questionnaire, area))
    assert (
        refused.status_code == 200 and "Анкета уже разослана: вопросы больше не меняются." in refused.content.decode()
    )
    edit = client.post(
        f"/admin/needs/questionnaires/edit/{s.questionnaire.pk}/",
        {"title": s.questionnaire.title, "closes_on": s.questionnaire.closes_on.isoformat(), "description": ""},
    )
    assert "анонимность нельзя изменить" in edit.content.decode()
    refused_delete = client.post(f"/admin/needs/questions/delete/{s.scale.pk}/")
    assert refused_delete.status_code == 302 and refused_delete["Location"] == "/admin/"  # Wagtail's «no permission»
    with tenant_context(muni_a):
        assert Questionnaire.objects.get(pk=s.questionnaire.pk).is_anonymous
        assert Question.objects.filter(pk=s.scale.pk).exists()


def test_the_chair_reads_but_does_not_send(muni_a, make_user, host_client):
    from accounts.models import Role

    with tenant_context(muni_a):
        s = survey()
    chair = make_user(Role.CHAIR, muni_a)
    client = host_client(muni_a, chair)
    base = f"/admin/needs/questionnaires/{s.questionnaire.pk}"
    assert client.get(f"{base}/card/").status_code == 200
    for response in (client.get(f"{base}/send/"), client.post(f"{base}/card/", {"action": "close"})):
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's «no permission»
    with tenant_context(muni_a):
        assert Questionnaire.objects.get(pk=s.questionnaire.pk).status == QuestionnaireStatus.DRAFT


def test_the_demo(muni_a):
    from tenants.needs.demo import OPEN_TITLE, demo_seed
    from tenants.needs.models import Recipient, Response

    with tenant_context(muni_a):
        for _ in range(12):
            TeacherFactory()
        demo_seed(muni_a)
        demo_seed(muni_a)  # idempotent
        questionnaire = Questionnaire.objects.get(title=OPEN_TITLE)
        assert questionnaire.status == QuestionnaireStatus.OPEN and questionnaire.is_anonymous
        answered = Recipient.objects.filter(questionnaire=questionnaire, answered=True).count()
        assert 0 < answered < 12
        assert Response.objects.filter(questionnaire=questionnaire).count() == answered
        assert Questionnaire.objects.filter(status=QuestionnaireStatus.DRAFT).count() == 1
