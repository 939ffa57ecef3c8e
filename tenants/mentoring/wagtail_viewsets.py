"""Mentoring and the young teacher school in the municipality's Wagtail admin.

«Наставничество»: the pairs (list, filters, create, edit, history, through the audited actions
with the status rule), «Молодые педагоги» (teachers under three years of teaching, flagged when
no active mentor covers them, with a link to pair them), the school's programmes per academic
year with their participants, and its sessions with attendance.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.academic_years import academic_year_choices
from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.mentoring.actions import mentorship_transition_check
from tenants.mentoring.models import Mentorship, MentorshipMeeting, SchoolProgramme, SchoolSession
from tenants.mentoring.selectors import (
    VIEW_PERMISSION,
    active_mentors_by_mentee,
    mentorships_without_meeting,
    young_teacher_list,
)
from tenants.mentoring.services import school_attendance_check
from tenants.people.models import Teacher
from tenants.people.selectors import teacher_young_q


class MentorshipAdminForm(WagtailAdminModelForm):
    """Shows the status rule by the field; the action checks it again inside the transaction."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("status")
        if status:
            previous = (
                Mentorship.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
                if self.instance.pk
                else None
            )
            try:
                mentorship_transition_check(previous=previous, status=status)
            except ValidationError as error:
                self.add_error("status", error.message_dict["status"])
        return data


class MentorshipFilterSet(WagtailFilterSet):
    # A choice, not a checkbox: an unticked checkbox is a value, and Wagtail would count it as a
    # filter in use (the filters' button then shows a count its name does not say).
    quiet = django_filters.ChoiceFilter(
        label=_("Встречи в этом квартале"),
        choices=[("on", _("Без встречи в этом квартале"))],
        empty_label=_("Все"),
        method="filter_quiet",
    )

    class Meta:
        model = Mentorship
        fields = ["status", "mentor", "mentee"]

    def filter_quiet(self, queryset: Any, name: str, value: str) -> Any:
        if not value:
            return queryset
        return queryset.filter(pk__in=mentorships_without_meeting(on=timezone.localdate()).values("pk"))


class MentorshipIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("mentor", "mentee__organisation")


class MentorshipCreateView(generic.CreateView):
    def get_initial(self) -> dict[str, Any]:
        initial = dict(super().get_initial())
        mentee = self.request.GET.get("mentee", "")
        if mentee.isdigit():
            initial["mentee"] = int(mentee)
        return initial


class MentorshipViewSet(ModelViewSet):
    model = Mentorship
    name = "mentorships"
    icon = "group"
    menu_label = _("Пары «наставник — молодой педагог»")
    menu_order = 100
    index_view_class = MentorshipIndexView
    add_view_class = MentorshipCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = MentorshipFilterSet
    search_fields = ["mentor__last_name", "mentee__last_name", "goals"]
    search_backend_name = None
    list_display = [
        TitleColumn("mentee", label=_("Молодой педагог"), accessor="mentee", sort_key="mentee__last_name"),
        Column("organisation", label=_("Организация"), accessor="mentee.organisation.short_name"),
        Column("mentor", label=_("Наставник"), accessor="mentor", sort_key="mentor__last_name"),
        Column("starts_on", label=_("Начало"), sort_key="starts_on"),
        Column("ends_on", label=_("Окончание"), sort_key="ends_on"),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
    ]
    list_export = ["mentee", "mentor", "starts_on", "ends_on", "status", "goals", "result"]
    inspect_view_fields = ["mentee", "mentor", "starts_on", "ends_on", "status", "goals", "plan", "result"]
    ordering = ["-starts_on", "-pk"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("mentee"), FieldPanel("mentor")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("status"),
            FieldPanel("goals"),
            FieldPanel("plan"),
            FieldPanel("result"),
        ],
        base_form_class=MentorshipAdminForm,
    )


class YoungTeachersView(PermissionScreen):
    """Young teachers (under three years) and whether an active mentor covers them (002 §2.2)."""

    page_title = _("Молодые педагоги")
    header_icon = "user"
    template_name = "mentoring/admin/young_teachers.html"
    permission_required = VIEW_PERMISSION
    FILTERS = {"without": False, "with": True}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        chosen = self.request.GET.get("mentor", "")
        teachers = list(young_teacher_list(with_mentor=self.FILTERS.get(chosen)))
        mentors = active_mentors_by_mentee([t.pk for t in teachers])
        context.update(
            rows=[(teacher, mentors.get(teacher.pk)) for teacher in teachers],
            chosen=chosen,
            filters=[("", _("Все")), ("without", _("Без наставника")), ("with", _("С наставником"))],
            without_count=young_teacher_list(with_mentor=False).count(),
            can_add=self.request.user.has_perm("mentoring.add_mentorship"),
            add_url=reverse("mentorships:add"),
        )
        return context


class YoungTeachersViewSet(ScreenViewSet):
    name = "young_teachers"
    url_prefix = "mentoring/young-teachers"
    icon = "user"
    menu_label = _("Молодые педагоги")
    menu_order = 50
    screen = YoungTeachersView


class SchoolProgrammeAdminForm(WagtailAdminModelForm):
    """Participants are chosen among the young teachers (and whoever is already in the programme)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.instance.participants.all() if self.instance.pk else Teacher.objects.none()
        self.fields["participants"].queryset = (  # type: ignore[attr-defined]
            Teacher.objects.filter(Q(teacher_young_q()) | Q(pk__in=chosen.values("pk")))
            .select_related("organisation")
            .order_by("last_name", "first_name", "middle_name", "pk")
        )


def _year_choices() -> list[tuple[int, str]]:
    return academic_year_choices(before=3, after=1)


class SchoolProgrammeIndexView(generic.IndexView):
    pass


class SchoolProgrammeViewSet(ModelViewSet):
    model = SchoolProgramme
    index_view_class = SchoolProgrammeIndexView
    name = "young_teacher_school"
    url_prefix = "mentoring/school"
    icon = "date"
    menu_label = _("Школа молодого педагога: программы")
    menu_order = 200
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        TitleColumn("title", label=_("Программа"), url_name="young_teacher_school:edit"),
        Column("academic_year", label=_("Учебный год"), accessor="year", sort_key="academic_year"),
    ]
    list_export = ["academic_year", "title", "goals"]
    inspect_view_fields = ["academic_year", "title", "goals", "participants"]
    ordering = ["-academic_year"]
    edit_handler = ObjectList(
        [
            FieldPanel("academic_year", widget=forms.Select(choices=_year_choices)),  # type: ignore[arg-type]  # Django takes a callable
            FieldPanel("title"),
            FieldPanel("goals"),
            FieldPanel("participants", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=SchoolProgrammeAdminForm,
    )


class SchoolSessionAdminForm(WagtailAdminModelForm):
    """Only the programme's participants can be marked present."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a session's attendance: its programme's participants to tick
            self.fields["attendees"].queryset = self.instance.programme.participants.order_by(  # type: ignore[attr-defined]
                "last_name", "first_name", "middle_name", "pk"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        programme = data.get("programme")
        attendees = data.get("attendees")
        if programme is not None and attendees:
            probe = SchoolSession(programme=programme)
            try:
                school_attendance_check(session=probe, attendees=attendees)
            except ValidationError as error:
                self.add_error("attendees", error.message_dict["attendees"])
        return data


class SchoolSessionFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Программа"), queryset=lambda request: SchoolProgramme.objects.order_by("-academic_year")
    )

    class Meta:
        model = SchoolSession
        fields = ["programme"]


class SchoolSessionIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("programme", "event")


class SchoolSessionViewSet(ModelViewSet):
    model = SchoolSession
    name = "young_teacher_sessions"
    url_prefix = "mentoring/sessions"
    icon = "calendar-check"
    menu_label = _("Школа молодого педагога: занятия")
    menu_order = 300
    index_view_class = SchoolSessionIndexView
    copy_view_enabled = False
    filterset_class = SchoolSessionFilterSet
    list_display = [
        TitleColumn("topic", label=_("Тема"), url_name="young_teacher_sessions:edit"),
        Column("date", label=_("Дата"), sort_key="date"),
        Column("programme", label=_("Программа"), accessor="programme"),
        Column("event", label=_("Мероприятие"), accessor="event"),
    ]
    list_export = ["programme", "date", "topic", "form_of_work", "event", "attendees"]
    ordering = ["-date", "pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("date"), FieldPanel("form_of_work")]),
            FieldPanel("topic"),
            FieldPanel("event"),
            FieldPanel(
                "attendees",
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Отметьте участников программы, которые присутствовали."),
            ),
        ],
        base_form_class=SchoolSessionAdminForm,
    )


class MentorshipMeetingFilterSet(WagtailFilterSet):
    class Meta:
        model = MentorshipMeeting
        fields = ["mentorship", "form"]


class MentorshipMeetingIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("mentorship__mentor", "mentorship__mentee")


class MentorshipMeetingCreateView(generic.CreateView):
    """«Add a meeting» from a pair's list row comes with ``?mentorship=<pk>``."""

    def get_initial(self) -> dict[str, Any]:
        initial = dict(super().get_initial())
        mentorship = self.request.GET.get("mentorship", "")
        if mentorship.isdigit():
            initial["mentorship"] = int(mentorship)
        return initial


class MentorshipMeetingViewSet(ModelViewSet):
    """The meetings of the pairs (002 §2.2): what each pair did and when."""

    model = MentorshipMeeting
    name = "mentorship_meetings"
    url_prefix = "mentoring/meetings"
    icon = "calendar-check"
    menu_label = _("Встречи наставников")
    menu_order = 150
    index_view_class = MentorshipMeetingIndexView
    add_view_class = MentorshipMeetingCreateView
    copy_view_enabled = False
    filterset_class = MentorshipMeetingFilterSet
    list_display = [
        TitleColumn("date", label=_("Дата"), url_name="mentorship_meetings:edit", sort_key="date"),
        Column("mentorship", label=_("Пара"), accessor="mentorship"),
        Column("form", label=_("Форма"), accessor="get_form_display", sort_key="form"),
    ]
    list_export = ["date", "mentorship", "form", "notes"]
    ordering = ["-date", "-pk"]
    edit_handler = ObjectList(
        [FieldPanel("mentorship"), FieldRowPanel([FieldPanel("date"), FieldPanel("form")]), FieldPanel("notes")]
    )


class MentoringViewSetGroup(ViewSetGroup):
    menu_label = _("Наставничество")
    menu_icon = "group"
    menu_order = 330
    items = (
        YoungTeachersViewSet,
        MentorshipViewSet,
        MentorshipMeetingViewSet,
        SchoolProgrammeViewSet,
        SchoolSessionViewSet,
    )
