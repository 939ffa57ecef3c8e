"""Forms: a service's errors shown on the form that called it; on the public sites, errors that a
screen reader announces and ties to their field, and a honeypot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def form_errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message on its field, the rest (and
    those of fields the form does not have) above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class AnnouncedErrorsMixin:
    """After validation, each field with errors points at them (``aria-describedby``) next to its
    help text; the template gives the error paragraph that id and ``role="alert"`` (WCAG 2.1
    §3.3.1, §4.1.3). Use with ``forms/fields.html``."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        for name in form.errors:
            if name not in form.fields:
                continue
            bound = form[name]
            ids = [f"{bound.auto_id}_error"]
            if form.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
            form.fields[name].widget.attrs["aria-invalid"] = "true"


HONEYPOT_FIELD = "website"


class HoneypotForm(forms.Form):
    """A public form with a field people never see (a bot fills every field it finds).

    The template renders ``form.honeypot`` out of sight, out of the tab order and hidden from
    screen readers (``aria-hidden``, ``tabindex="-1"``); ``visible_fields`` leaves it out. A form
    that arrives with it filled is refused with ``honeypot_message``, which tells a person who
    somehow filled it what to do.
    """

    honeypot_message: Any = _(
        "Форма не отправлена: похоже, её заполнила программа. Очистите поле «Сайт» и отправьте снова."
    )

    website = forms.CharField(label=_("Сайт"), required=False)

    def visible_fields(self) -> list[Any]:
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self) -> Any:
        return self[HONEYPOT_FIELD]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get(HONEYPOT_FIELD):
            raise ValidationError(self.honeypot_message, code="honeypot")
        return data
