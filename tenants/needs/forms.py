"""The answer form of a questionnaire, built from its questions: the personal link's page and the
teacher's account share it. Errors are Russian, per question and in a summary; nothing typed is
lost on a bad submit (the form is shown again bound to what was sent)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cms.base.forms import HoneypotForm, form_errors_add
from metodika.client_address import client_address
from tenants.needs.models import CHOICE_KINDS, QuestionKind, Questionnaire, Recipient, Response
from tenants.needs.services import response_submit
from tenants.rate_limits import RateLimit, rate_limits_check_form

# Like the other public forms (``tenants.rate_limits``): counted per client address (a school's
# shared connection answers for many teachers, hence a generous limit) and per link.
PER_ADDRESS = RateLimit("needs:address", 60)
PER_LINK = RateLimit("needs:link", 20)
RATE_LIMIT_MESSAGE = _("Слишком много попыток отправить анкету за последний час. Попробуйте позже.")
REQUIRED_MESSAGE = _("Ответьте на этот вопрос.")


def field_name(question_id: int) -> str:
    return f"q{question_id}"


class AnswerForm(HoneypotForm):
    honeypot_message = _(
        "Ответы не отправлены: похоже, форму заполнила программа. Очистите поле «Сайт» и отправьте снова."
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.prefetch_related("options"))
        for question in self.questions:
            self.fields[field_name(question.pk)] = self._field(question)

    def _field(self, question: Any) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.text,
            "required": question.required,
            "error_messages": {"required": REQUIRED_MESSAGE, "invalid_choice": _("Выберите вариант из предложенных.")},
        }
        if question.kind in CHOICE_KINDS:
            choices = [(str(o.pk), o.text) for o in question.options.all()]
            if question.kind == QuestionKind.MULTIPLE:
                common["error_messages"]["invalid_list"] = _("Выберите варианты из предложенных.")
                return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == QuestionKind.SCALE:
            choices = []
            for value in question.scale_values:
                label = str(value)
                if value == question.scale_min and question.scale_min_label:
                    label = f"{value} — {question.scale_min_label}"
                elif value == question.scale_max and question.scale_max_label:
                    label = f"{value} — {question.scale_max_label}"
                choices.append((str(value), label))
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.CharField(
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("До 3000 знаков."),
            **common,
        )

    def items(self) -> list[tuple[Any, Any]]:
        """(question, bound field) in order, for the template."""
        return [(q, self[field_name(q.pk)]) for q in self.questions]

    def submit(self, request: HttpRequest, recipient: Recipient, *, limit: bool = True) -> Response | None:
        """Count the request (the public link: every attempt, a bad one too) and hand the answers to
        the service; None with errors on the form."""
        valid = self.is_valid()
        if limit:
            hits = ((PER_ADDRESS, client_address(request) or "unknown"), (PER_LINK, recipient.link_key))
            if not rate_limits_check_form(self, hits, exceeded_message=RATE_LIMIT_MESSAGE):
                return None
        if not valid:
            return None
        values = {q.pk: self.cleaned_data.get(field_name(q.pk)) for q in self.questions}
        try:
            return response_submit(recipient=recipient, values=values, acting_user=request.user)
        except ValidationError as error:
            form_errors_add(self, error)
            return None
