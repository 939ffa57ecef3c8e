"""Admin forms of the bodies: thin — the rules live in the models' ``clean`` and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.selectors import municipality_people
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.bodies.models import BodyKind, BodyMembership
from tenants.bodies.services import meeting_attendees_check
from tenants.municipalities.selectors import current_municipality
from tenants.people.models import Teacher


def year_choices(*, include: int | None = None, blank: bool = False) -> list[tuple[Any, str]]:
    choices: list[tuple[Any, str]] = list(academic_year_choices(before=5, after=2))
    if include is not None and include not in {value for value, _label in choices}:
        choices.append((include, AcademicYear(include).label))
        choices.sort()
    return ([("", "---------")] if blank else []) + choices


def academic_year_field(
    form: forms.BaseForm, name: str, *, required: bool = True, default: AcademicYear | None = None
) -> None:
    """Show an academic year (stored as its first year) as a list of «2025/2026» labels."""
    old = form.fields[name]
    current = form.initial.get(name)
    field = forms.TypedChoiceField(
        label=old.label,
        help_text="",
        required=required,
        coerce=int,
        empty_value=None,
        choices=year_choices(include=int(current) if current else None, blank=not required),
    )
    form.fields[name] = field
    if not current and default is not None:
        form.initial[name] = default.start


class ProtectedFileInput(forms.ClearableFileInput):
    """A stored file is linked through the admin's checked download view, not its storage URL.

    Uploads of the bodies are not public: ``/media/`` serves none of them.
    """

    def __init__(self, *args: Any, download_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.download_url = download_url

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _StoredFile(value, self.download_url)
        return context


class _StoredFile:
    def __init__(self, value: Any, url: str) -> None:
        self.url = url
        self.name = str(value).rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.name


def protect_file_fields(form: forms.ModelForm, kind: str, names: tuple[str, ...]) -> None:
    """Link each stored file of ``form.instance`` through the checked download view."""
    instance = form.instance
    for name in names:
        if instance.pk is not None and getattr(instance, name):
            form.fields[name].widget = ProtectedFileInput(
                download_url=reverse("bodies_file", args=(kind, instance.pk, name))
            )


class BodyForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        academic_year_field(self, "since_year", default=AcademicYear.current())
        academic_year_field(self, "until_year", required=False)


class BodyCreateForm(BodyForm):
    """Creating a body names who heads it in its first year; a ГМО must have its leader."""

    head = forms.ModelChoiceField(
        queryset=Teacher.objects.none(),
        required=False,
        label=gettext_lazy("Руководитель (председатель) в первый учебный год"),
        help_text=gettext_lazy("Для ГМО обязательно. Остальной состав добавляется на странице объединения."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Teacher.objects.select_related("organisation")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == BodyKind.CITY_ASSOCIATION and not cleaned.get("head"):
            self.add_error("head", _("У ГМО должен быть руководитель: выберите педагога."))
        head = cleaned.get("head")
        organisation = cleaned.get("organisation")
        if (
            head is not None
            and cleaned.get("kind") == BodyKind.SCHOOL_ASSOCIATION
            and organisation is not None
            and head.organisation_id != organisation.pk
        ):
            self.add_error(
                "head",
                _("В ШМО входят педагоги организации «%(organisation)s»; этот педагог работает в другой.")
                % {"organisation": organisation},
            )
        return cleaned


class BodyMembershipForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        academic_year_field(self, "academic_year", default=AcademicYear.current())
        self.fields["teacher"].queryset = Teacher.objects.select_related("organisation")  # type: ignore[attr-defined]
        municipality = current_municipality()
        users = self.fields["user"]
        users.queryset = (  # type: ignore[attr-defined]
            municipality_people(municipality_id=municipality.pk) if municipality else users.queryset.none()  # type: ignore[attr-defined]
        )


class BodyYearForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        academic_year_field(self, "academic_year", default=AcademicYear.current())
        protect_file_fields(self, "year", ("plan_file", "analysis_file"))


class BodyMeetingForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protect_file_fields(self, "meeting", ("minutes",))
        attendees = self.fields["attendees"]
        body_id = self.instance.body_id or self.initial.get("body") or self.data.get("body")
        qs = BodyMembership.objects.select_related("teacher", "user")
        try:
            attendees.queryset = qs.filter(body_id=int(body_id)) if body_id else qs.none()  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            attendees.queryset = qs.none()  # type: ignore[attr-defined]
        attendees.label_from_instance = lambda m: f"{m.person_name} — {m.get_role_display()} ({m.year.label})"  # type: ignore[attr-defined]
        if not body_id:
            attendees.help_text = _("Присутствовавших можно отметить после сохранения заседания.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        body, date, attendees = cleaned.get("body"), cleaned.get("date"), cleaned.get("attendees")
        if body is not None and date is not None and attendees:
            try:
                meeting_attendees_check(body=body, date=date, attendees=attendees)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
