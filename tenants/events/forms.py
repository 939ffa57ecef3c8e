"""Forms of the public event pages: filters, a guest's registration, the attendance code."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cms.base.forms import HoneypotForm, form_errors_add
from metodika.client_address import client_address
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import Event, Registration
from tenants.events.services import registration_create
from tenants.rate_limits import RateLimit, rate_limits_check_form

# A guest's registration sends a letter to the address typed: the limits keep it from being a
# mail relay (issue 13). Signed-in people register to their account's own address, unlimited.
GUEST_PER_ADDRESS = RateLimit("events:guest:address", 10)  # an hour: a school's shared connection
GUEST_PER_EMAIL = RateLimit("events:guest:email", 3)  # letters an hour to one address
GUEST_PER_EVENT = RateLimit("events:guest:event", 50)  # guests an hour on one event, from everywhere
GUEST_RATE_LIMIT_MESSAGE = _(
    "Слишком много регистраций за последний час с этого адреса, на этот e-mail или на это мероприятие. "
    "Попробуйте позже или войдите на сайт, чтобы зарегистрироваться в один клик."
)

NAME_MAX_LENGTH = 150
# A person's name: letters of any alphabet, spaces, hyphens, apostrophes, dots (initials) and
# brackets (a former surname); no digits, links, addresses or markup.
# (Unambiguous, so a failing match takes linear time.)
_NAME = re.compile(r"[^\W\d_]+(?:[\s.\-'’()]+[^\W\d_]+)*[.)]*")
_LINK = re.compile(r"https?:|://|www\.|\.(?:ru|рф|com|net|org|io|xyz|info|top)\b", re.IGNORECASE)


def person_name_validate(value: str) -> None:
    if not _NAME.fullmatch(value.strip()) or _LINK.search(value):
        raise ValidationError(
            _("Укажите фамилию, имя и отчество буквами — без цифр, ссылок и специальных знаков."), code="name"
        )


def no_links_validate(value: str) -> None:
    if _LINK.search(value) or "<" in value or ">" in value:
        raise ValidationError(_("Укажите название организации без ссылок и специальных знаков."), code="link")


class CalendarFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Форма"), required=False, choices=[("", _("Все формы")), *EventKind.choices])
    audience = forms.ChoiceField(
        label=_("Для кого"), required=False, choices=[("", _("Все категории")), *EventAudience.choices]
    )
    view = forms.ChoiceField(label=_("Вид"), required=False, choices=[("month", _("Месяц")), ("list", _("Список"))])


class GuestRegistrationForm(HoneypotForm):
    """A visitor without an account: confirmed by a link sent to the e-mail.

    Spam is kept out by the honeypot and the limits above; the letter itself carries nothing the
    visitor wrote (see ``events/email/registration_confirm_message.txt``).
    """

    full_name = forms.CharField(
        label=_("Фамилия, имя, отчество"), max_length=NAME_MAX_LENGTH, validators=[person_name_validate]
    )
    organisation_name = forms.CharField(label=_("Организация"), max_length=300, validators=[no_links_validate])
    email = forms.EmailField(label=_("E-mail"), help_text=_("На него придёт ссылка для подтверждения."))

    def submit(self, request: HttpRequest, *, event: Event) -> Registration | None:
        """Count the request against the limits and register the guest; None with errors on the form."""
        if not self.is_valid():
            return None
        data: dict[str, Any] = self.cleaned_data
        hits = (
            (GUEST_PER_ADDRESS, client_address(request) or "unknown"),
            (GUEST_PER_EMAIL, data["email"]),
            (GUEST_PER_EVENT, str(event.pk)),
        )
        if not rate_limits_check_form(self, hits, exceeded_message=GUEST_RATE_LIMIT_MESSAGE):
            return None
        try:
            return registration_create(
                event=event,
                acting_user=None,
                full_name=data["full_name"],
                organisation_name=data["organisation_name"],
                email=data["email"],
            )
        except ValidationError as error:
            form_errors_add(self, error)
            return None


class AttendanceCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код присутствия"), max_length=12, help_text=_("Его называют организаторы на мероприятии.")
    )
    email = forms.EmailField(
        label=_("E-mail, указанный при регистрации"), required=False, help_text=_("Если вы не вошли на сайт.")
    )
