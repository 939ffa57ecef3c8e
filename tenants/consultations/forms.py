"""The consultation request form: the public page and the teacher's account share it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cms.base.forms import HoneypotForm, form_errors_add
from metodika.client_address import client_address
from tenants.consultations.models import Consultation, RequesterKind
from tenants.consultations.selectors import consultation_directions
from tenants.consultations.services import consultation_submit
from tenants.people.models import ResponsibilityArea
from tenants.rate_limits import RateLimit, rate_limits_check_form

# Spam protection without a third-party service: the honeypot (``HoneypotForm``) and these
# limits, counted by ``tenants.rate_limits`` in this municipality's schema.
PER_ADDRESS = RateLimit("consultations:address", 5)  # an hour: a school's shared connection, a few teachers
PER_EMAIL = RateLimit("consultations:email", 3)
RATE_LIMIT_MESSAGE = _(
    "Слишком много обращений за последний час с этого адреса или e-mail. "
    "Попробуйте позже или позвоните в методическую службу."
)


class ConsultationRequestForm(HoneypotForm):
    """Who asks, how to reach them, the direction and the question (000 §2.3.4, 003 §4.4)."""

    honeypot_message = _(
        "Обращение не отправлено: похоже, форму заполнила программа. Очистите поле «Сайт» и отправьте снова."
    )

    requester_kind = forms.ChoiceField(
        label=_("Кто обращается"), choices=RequesterKind.choices, widget=forms.RadioSelect
    )
    requester_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300)
    email = forms.EmailField(label=_("E-mail для ответа"), help_text=_("Ответ придёт на этот адрес."))
    phone = forms.CharField(label=_("Телефон"), max_length=50, required=False)
    area = forms.ModelChoiceField(
        label=_("Направление"),
        queryset=ResponsibilityArea.objects.none(),  # set per request: the schema's own areas
        required=False,
        empty_label=_("Не знаю / другое"),
        help_text=_("По направлению обращение передаётся ответственному методисту."),
    )
    topic = forms.CharField(label=_("Тема"), max_length=300)
    question = forms.CharField(
        label=_("Вопрос"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), help_text=_("До 5000 знаков.")
    )
    consent = forms.BooleanField(
        label=_("Я согласен(на) на обработку персональных данных для ответа на обращение"),
        error_messages={"required": _("Без согласия на обработку персональных данных ответить не получится.")},
    )

    def __init__(self, *args: Any, requester_user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requester_user = requester_user
        self.fields["area"].queryset = consultation_directions()  # type: ignore[attr-defined]
        if requester_user is not None and not self.is_bound:
            self.initial.setdefault("requester_name", requester_user.get_full_name())
            self.initial.setdefault("email", requester_user.email)
            self.initial.setdefault("requester_kind", RequesterKind.TEACHER)
        if not self.is_bound:
            self._describe_fields()  # a bound form does it once validated (full_clean)

    def full_clean(self) -> None:
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self) -> None:
        # Screen readers announce a field's help and its errors with it (the ids the template uses).
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            described = [f"{auto_id}-help"] if field.help_text else []
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"{auto_id}-error")
            if described and name != "requester_kind":
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def submit(self, request: HttpRequest) -> Consultation | None:
        """Count the request against the limits and hand it to the service; None with errors on the form."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        hits = ((PER_ADDRESS, client_address(request) or "unknown"), (PER_EMAIL, data["email"]))
        if not rate_limits_check_form(self, hits, exceeded_message=RATE_LIMIT_MESSAGE):
            return None
        try:
            consultation = consultation_submit(
                topic=data["topic"],
                question=data["question"],
                requester_kind=data["requester_kind"],
                requester_name=data["requester_name"],
                email=data["email"],
                phone=data["phone"],
                area=data["area"],
                requester_user=self.requester_user,
                acting_user=request.user,
            )
        except ValidationError as error:
            form_errors_add(self, error)
            return None
        return consultation
