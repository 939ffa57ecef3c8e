"""A questionnaire of needs with one question of each kind; build inside a municipality's schema."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tenants.development.models import CompetenceArea
from tenants.needs.models import Question, QuestionKind, Questionnaire
from tenants.needs.services import question_add, questionnaire_create


@dataclass
class Survey:
    questionnaire: Questionnaire
    areas: Question  # multiple choice: two options mapped to areas, one not
    scale: Question  # 1–5, need at 2 or below, area «fgos»
    form: Question  # single choice
    wish: Question  # free text, optional

    def option(self, question: Question, index: int) -> str:
        return str(list(question.options.all())[index].pk)

    def values(self, *, areas: list[int], scale: int, form: int, wish: str = "") -> dict[int, Any]:
        return {
            self.areas.pk: [self.option(self.areas, i) for i in areas],
            self.scale.pk: str(scale),
            self.form.pk: self.option(self.form, form),
            self.wish.pk: wish,
        }


def survey(*, anonymous: bool = True, title: str = "Потребности педагогов", days: int = 10) -> Survey:
    area = {a.code: a for a in CompetenceArea.objects.all()}
    questionnaire = questionnaire_create(
        acting_user=None, title=title, closes_on=timezone.localdate() + datetime.timedelta(days=days),
        is_anonymous=anonymous,
    )  # fmt: skip
    areas = question_add(
        acting_user=None, questionnaire=questionnaire, text="В каких областях нужна помощь?",
        kind=QuestionKind.MULTIPLE,
        options=[("Цифровые технологии", area["digital"]), ("Инклюзия", area["inclusive"]), ("Не нужна", None)],
    )  # fmt: skip
    scale = question_add(
        acting_user=None, questionnaire=questionnaire, text="Насколько уверенно вы работаете по ФГОС?",
        kind=QuestionKind.SCALE, competence_area=area["fgos"], need_at_most=2,
    )  # fmt: skip
    form = question_add(
        acting_user=None, questionnaire=questionnaire, text="Удобная форма обучения",
        kind=QuestionKind.SINGLE, options=[("Очно", None), ("Дистанционно", None)],
    )  # fmt: skip
    wish = question_add(
        acting_user=None, questionnaire=questionnaire, text="Ваши предложения", kind=QuestionKind.TEXT, required=False
    )
    return Survey(questionnaire, areas, scale, form, wish)
