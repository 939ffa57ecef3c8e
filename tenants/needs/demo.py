"""Demo questionnaires of needs of one municipality (inside its schema): an anonymous questionnaire
open for answers, sent to every teacher, about two thirds of whom have answered (the demo teacher
account has not, so its cabinet shows the questionnaire waiting), and a named one in draft.
Runs after the people and development demos. Idempotent: a questionnaire is found by its title;
the answers are drawn with a generator seeded by the municipality's slug.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from tenants.development.models import CompetenceArea
from tenants.municipalities.models import Municipality
from tenants.needs.models import QuestionKind, Questionnaire
from tenants.needs.services import question_add, questionnaire_create, questionnaire_send, response_submit
from tenants.people.models import Teacher

OPEN_TITLE = "Профессиональные затруднения и потребности педагогов"
DRAFT_TITLE = "Информационные потребности: какие материалы нужны на сайте"


def _open_questionnaire(municipality: Municipality, areas: dict[str, CompetenceArea]) -> None:
    if Questionnaire.objects.filter(title=OPEN_TITLE).exists():
        return
    teachers = list(Teacher.objects.select_related("user").order_by("pk"))
    if not teachers:
        return
    today = timezone.localdate()
    questionnaire = questionnaire_create(
        acting_user=None,
        title=OPEN_TITLE,
        closes_on=today + datetime.timedelta(days=14),
        is_anonymous=True,
        description="Анкета поможет методической службе спланировать курсы, семинары и консультации на год.",
    )
    need = question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="В каких областях вам нужна методическая помощь?",
        kind=QuestionKind.MULTIPLE,
        options=[
            (areas["functional-literacy"].name, areas["functional-literacy"]),
            (areas["digital"].name, areas["digital"]),
            (areas["inclusive"].name, areas["inclusive"]),
            (areas["assessment"].name, areas["assessment"]),
            ("Помощь не нужна", None),
        ],
    )
    scale = question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="Насколько уверенно вы реализуете обновлённые ФГОС?",
        kind=QuestionKind.SCALE,
        competence_area=areas["fgos"],
        need_at_most=2,
    )
    form = question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="Какая форма повышения квалификации вам удобнее?",
        kind=QuestionKind.SINGLE,
        options=[("Очные курсы", None), ("Дистанционные курсы", None), ("Стажировка в школе", None)],
    )
    wish = question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="Что ещё вы хотели бы предложить методической службе?",
        kind=QuestionKind.TEXT,
        required=False,
    )
    recipients = questionnaire_send(questionnaire=questionnaire, teachers=teachers, acting_user=None, notify=False)
    rng = random.Random(f"metodika-needs-{municipality.slug}")  # noqa: S311
    need_options = [o.pk for o in need.options.all()]
    form_options = [o.pk for o in form.options.all()]
    wishes = ("Больше открытых уроков коллег", "Записи вебинаров на сайте", "")
    demo_account = f"teacher@{municipality.slug}.example"
    for recipient in recipients:
        user = recipient.teacher.user
        if (user is not None and user.email == demo_account) or rng.random() > 0.66:
            continue
        chosen = rng.sample(need_options[:4], k=rng.randint(1, 2)) if rng.random() < 0.8 else [need_options[4]]
        response_submit(
            recipient=recipient,
            acting_user=None,
            values={
                need.pk: [str(pk) for pk in chosen],
                scale.pk: str(rng.randint(1, 5)),
                form.pk: str(rng.choice(form_options)),
                wish.pk: rng.choice(wishes),
            },
        )


def _draft_questionnaire(areas: dict[str, CompetenceArea]) -> None:
    if Questionnaire.objects.filter(title=DRAFT_TITLE).exists():
        return
    questionnaire = questionnaire_create(
        acting_user=None,
        title=DRAFT_TITLE,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        is_anonymous=False,
    )
    question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="Какие материалы вы ищете на сайте методической службы чаще всего?",
        kind=QuestionKind.MULTIPLE,
        options=[("Нормативные документы", None), ("Методические рекомендации", None), ("Анонсы курсов", None)],
    )
    question_add(
        acting_user=None,
        questionnaire=questionnaire,
        text="Оцените, насколько вы владеете цифровыми образовательными технологиями",
        kind=QuestionKind.SCALE,
        competence_area=areas["digital"],
        need_at_most=2,
    )


def demo_seed(municipality: Municipality) -> None:
    areas = {a.code: a for a in CompetenceArea.objects.all()}
    if not all(code in areas for code in ("functional-literacy", "digital", "inclusive", "assessment", "fgos")):
        return
    _open_questionnaire(municipality, areas)
    _draft_questionnaire(areas)
