from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.bodies.models import ASSOCIATION_KINDS, Body, MemberRole, validate_body_document
from tenants.organisations.models import CoordinatorPosition, Organisation
from tenants.people.models import Subject, Teacher

FILE_HELP = _("PDF, DOCX или ODT, не больше 10 МБ.")


class LeaderYearForm(forms.Form):
    plan_text = forms.CharField(label=_("План работы на год (текст)"), required=False, widget=forms.Textarea)
    plan_file = forms.FileField(
        label=_("План работы (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )
    analysis_text = forms.CharField(label=_("Анализ работы за год (текст)"), required=False, widget=forms.Textarea)
    analysis_file = forms.FileField(
        label=_("Анализ работы (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )


class LeaderMeetingForm(forms.Form):
    date = forms.DateField(label=_("Дата заседания"), widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(label=_("Номер протокола"), max_length=50, required=False)
    agenda = forms.CharField(label=_("Повестка"), widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("Протокол (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Teacher) -> str:  # type: ignore[override]
        return f"{obj.full_name} — {obj.organisation}" if obj.organisation_id else obj.full_name


class LeaderMemberForm(forms.Form):
    """A teacher of the municipality into the year's composition, as a member or its secretary."""

    teacher = TeacherChoiceField(label=_("Педагог"), queryset=Teacher.objects.none())
    role = forms.ChoiceField(
        label=_("Роль"), choices=[(r.value, r.label) for r in (MemberRole.MEMBER, MemberRole.SECRETARY)]
    )
    start_date = forms.DateField(
        label=_("В составе с"), required=False, widget=_date_input(), help_text=_("Пусто — с начала учебного года.")
    )
    end_date = forms.DateField(
        label=_("В составе по"), required=False, widget=_date_input(), help_text=_("Пусто — до конца учебного года.")
    )
    position_note = forms.CharField(label=_("Должность / примечание"), max_length=300, required=False)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class MemberDatesForm(forms.Form):
    start_date = forms.DateField(label=_("В составе с"), required=False, widget=_date_input())
    end_date = forms.DateField(label=_("В составе по"), required=False, widget=_date_input())


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Название материала"), max_length=300)
    file = forms.FileField(label=_("Файл"), validators=[validate_body_document], help_text=FILE_HELP)


class SchoolAssociationForm(forms.Form):
    """What a ШМО is. Its kind and its school are fixed: the coordinator's own."""

    name = forms.CharField(label=_("Название"), max_length=300)
    subject = forms.ModelChoiceField(
        label=_("Предмет"),
        queryset=Subject.objects.none(),
        required=False,
        help_text=_("Для ШМО учителей-предметников."),
    )
    category = forms.CharField(
        label=_("Категория педагогов"),
        max_length=200,
        required=False,
        help_text=_("Если объединение не предметное: например, «учителя начальных классов»."),
    )
    topic = forms.CharField(label=_("Методическая тема"), max_length=500, required=False)
    goal = forms.CharField(label=_("Цель"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Описание"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.order_by("name")  # type: ignore[attr-defined]


class SchoolAssociationCreateForm(SchoolAssociationForm):
    since_year = forms.TypedChoiceField(label=_("Работает с учебного года"), coerce=int, choices=())
    leader = TeacherChoiceField(
        label=_("Руководитель ШМО"),
        queryset=Teacher.objects.none(),
        required=False,
        help_text=_("Педагог школы; можно назначить позже."),
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["since_year"].choices = academic_year_choices(before=1, after=1)  # type: ignore[attr-defined]
        self.fields["since_year"].initial = AcademicYear.current().start


class SchoolAssociationEditForm(SchoolAssociationForm):
    until_year = forms.TypedChoiceField(
        label=_("Работает по учебный год"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        help_text=_("Пусто, если ШМО продолжает работу."),
    )

    def __init__(self, *args: Any, since_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [(y, label) for y, label in academic_year_choices(before=5, after=2) if y >= since_year]
        self.fields["until_year"].choices = [("", "—"), *years]  # type: ignore[attr-defined]


class LeaderSetForm(forms.Form):
    teacher = TeacherChoiceField(label=_("Руководитель ШМО в этом учебном году"), queryset=Teacher.objects.none())

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    plan_text = forms.CharField(label=_("План работы на год (текст)"), required=False, widget=forms.Textarea)
    plan_file = forms.FileField(
        label=_("План работы (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )


class ReviewDecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий (обязателен при возврате)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class _PersonFields(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=User._meta.get_field("email").max_length)
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)


class LeaderAppointForm(_PersonFields):
    body = forms.ModelChoiceField(label=_("Объединение"), queryset=Body.objects.none())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["body"].queryset = Body.objects.filter(kind__in=ASSOCIATION_KINDS).order_by("name")  # type: ignore[attr-defined]
        self.order_fields(["body"])


class CoordinatorAppointForm(_PersonFields):
    organisation = forms.ModelChoiceField(label=_("Организация"), queryset=Organisation.objects.none())
    position = forms.ChoiceField(label=_("Должность"), choices=CoordinatorPosition.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("short_name")  # type: ignore[attr-defined]
        self.order_fields(["organisation", "position"])
