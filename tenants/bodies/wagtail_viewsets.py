"""The bodies in the municipality's Wagtail admin: bodies, compositions, yearly records, meetings.

Grouped under «Объединения и советы». A body's page (the inspect view) shows its composition,
approving order and meetings for a chosen academic year; compositions, yearly records and
meetings also have their own listings, filtered by body and year.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from tenants.academic_years import AcademicYear
from tenants.bodies import views
from tenants.bodies.forms import (
    BodyCreateForm,
    BodyForm,
    BodyMeetingForm,
    BodyMembershipForm,
    BodyYearForm,
    year_choices,
)
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tenants.bodies.selectors import body_active_in_year_q, meeting_without_minutes_q, meetings_in_year_q
from tenants.people.models import Subject


def _year_choices() -> list[tuple[Any, str]]:
    return year_choices()


def _academic_year_filter(**kwargs: Any) -> django_filters.TypedChoiceFilter:
    return django_filters.TypedChoiceFilter(label=_("Учебный год"), choices=_year_choices, coerce=int, **kwargs)


def _body_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=_("Объединение / совет"), queryset=Body.objects.all())


class BodyFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Вид"), choices=BodyKind.choices)
    academic_year = _academic_year_filter(method="filter_academic_year")
    subject = django_filters.ModelChoiceFilter(label=_("Предмет"), queryset=Subject.objects.all())

    class Meta:
        model = Body
        fields = ["kind", "academic_year", "subject"]

    def filter_academic_year(self, queryset: QuerySet[Body], name: str, value: int | None) -> QuerySet[Body]:
        return queryset.filter(body_active_in_year_q(AcademicYear(value))) if value else queryset


class BodyMembershipFilterSet(WagtailFilterSet):
    body = _body_filter()
    academic_year = _academic_year_filter()
    role = django_filters.ChoiceFilter(label=_("Роль"), choices=MemberRole.choices)

    class Meta:
        model = BodyMembership
        fields = ["body", "academic_year", "role"]


class BodyYearFilterSet(WagtailFilterSet):
    body = _body_filter()
    academic_year = _academic_year_filter()

    class Meta:
        model = BodyYear
        fields = ["body", "academic_year"]


class BodyMeetingFilterSet(WagtailFilterSet):
    body = _body_filter()
    academic_year = _academic_year_filter(method="filter_academic_year")
    without_minutes = django_filters.BooleanFilter(label=_("Без протокола"), method="filter_without_minutes")

    class Meta:
        model = BodyMeeting
        fields = ["body", "academic_year"]

    def filter_academic_year(
        self, queryset: QuerySet[BodyMeeting], name: str, value: int | None
    ) -> QuerySet[BodyMeeting]:
        return queryset.filter(meetings_in_year_q(AcademicYear(value))) if value else queryset

    def filter_without_minutes(
        self, queryset: QuerySet[BodyMeeting], name: str, value: bool | None
    ) -> QuerySet[BodyMeeting]:
        return queryset.filter(meeting_without_minutes_q(timezone.localdate())) if value else queryset


def _year_label(instance: Any) -> str:
    return AcademicYear(instance.academic_year).label


BODY_PANELS = [
    MultiFieldPanel(
        [FieldPanel("kind"), FieldPanel("name"), FieldPanel("description")],
        heading=_("Основное"),
    ),
    MultiFieldPanel(
        [FieldPanel("subject"), FieldPanel("category"), FieldPanel("organisation")],
        heading=_("Предмет, категория, организация"),
        help_text=_("ГМО — предмет или категория педагогов; ШМО — организация."),
    ),
    MultiFieldPanel(
        [FieldPanel("topic"), FieldPanel("goal"), FieldPanel("term_start"), FieldPanel("term_end")],
        heading=_("Тема, цель и срок работы"),
        help_text=_("Для творческой (проблемной) группы тема и срок обязательны."),
    ),
    FieldPanel("coordination_area"),
    MultiFieldPanel([FieldPanel("since_year"), FieldPanel("until_year")], heading=_("Учебные годы работы")),
]


class BodyViewSet(ModelViewSet):
    model = Body
    name = "bodies"
    icon = "group"
    menu_label = _("Объединения и советы")
    index_view_class = views.BodyIndexView
    add_view_class = views.BodyCreateView
    inspect_view_enabled = True
    inspect_view_class = views.BodyPageView
    copy_view_enabled = False
    filterset_class = BodyFilterSet
    search_fields = ["name", "topic", "category", "subject__name", "organisation__short_name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("kind", label=_("Вид"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "subject_or_category",
            label=_("Предмет / категория"),
            accessor=lambda body: str(body.subject or body.category or ""),
        ),
        Column("organisation", label=_("Организация"), accessor="organisation"),
        Column("since_year", label=_("С учебного года"), accessor=lambda b: AcademicYear(b.since_year).label),
    ]
    edit_handler = ObjectList(BODY_PANELS, base_form_class=BodyForm)

    @cached_property
    def _create_handler(self) -> Any:
        panels = [*BODY_PANELS, FieldPanel("head")]
        return ObjectList(panels, base_form_class=BodyCreateForm).bind_to_model(Body)

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        handler = self._create_handler
        return super().get_add_view_kwargs(panel=handler, form_class=handler.get_form_class(), **kwargs)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("copy-composition/<int:pk>/", views.composition_copy, name="copy_composition"),
        ]


class BodyPartViewSet(ModelViewSet):
    """A listing of what belongs to one body (compositions, yearly records, meetings): adding is
    prefilled from the body's page, and editing or deleting returns to it."""

    add_view_class = views.BodyPartCreateView
    edit_view_class = views.BodyPartEditView
    delete_view_class = views.BodyPartDeleteView
    copy_view_enabled = False


class BodyMembershipViewSet(BodyPartViewSet):
    model = BodyMembership
    name = "body_memberships"
    url_prefix = "bodies/members"
    icon = "user"
    menu_label = _("Составы")
    filterset_class = BodyMembershipFilterSet
    search_fields = [
        "teacher__last_name",
        "teacher__first_name",
        "teacher__middle_name",
        "user__last_name",
        "user__first_name",
        "user__email",
        "body__name",
    ]
    search_backend_name = None
    list_display = [
        Column("person", label=_("Участник"), accessor="person_name"),
        Column("role", label=_("Роль"), accessor="get_role_display", sort_key="role"),
        Column("body", label=_("Объединение / совет"), accessor="body"),
        Column("academic_year", label=_("Учебный год"), accessor=_year_label, sort_key="academic_year"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldPanel("academic_year"),
            FieldPanel("role"),
            MultiFieldPanel(
                [FieldPanel("teacher"), FieldPanel("user")],
                heading=_("Кто"),
                help_text=_("Педагог — или, только в совете, пользователь платформы: одно из двух."),
            ),
            FieldPanel("position_note"),
            MultiFieldPanel(
                [FieldPanel("start_date"), FieldPanel("end_date")],
                heading=_("Период участия"),
                help_text=_("Пусто — весь учебный год."),
            ),
        ],
        base_form_class=BodyMembershipForm,
    )

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        queryset = BodyMembership.objects.select_related("body", "teacher", "user")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class BodyYearViewSet(BodyPartViewSet):
    model = BodyYear
    name = "body_years"
    url_prefix = "bodies/years"
    icon = "doc-full"
    menu_label = _("Приказы, планы, анализ")
    filterset_class = BodyYearFilterSet
    search_fields = ["body__name", "composition_order_number", "plan_text", "analysis_text"]
    search_backend_name = None
    list_display = [
        "body",
        Column("academic_year", label=_("Учебный год"), accessor=_year_label, sort_key="academic_year"),
        Column("composition_order_number", label=_("Приказ о составе"), accessor="composition_order_number"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldPanel("academic_year"),
            MultiFieldPanel(
                [FieldPanel("composition_order_number"), FieldPanel("composition_order_date")],
                heading=_("Утверждение состава приказом"),
            ),
            MultiFieldPanel([FieldPanel("plan_text"), FieldPanel("plan_file")], heading=_("План работы на год")),
            InlinePanel("plan_items", heading=_("План работы по пунктам"), label=_("пункт плана")),
            MultiFieldPanel(
                [FieldPanel("analysis_text"), FieldPanel("analysis_file")], heading=_("Анализ работы за год")
            ),
        ],
        base_form_class=BodyYearForm,
    )

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(queryset=BodyYear.objects.select_related("body"), **kwargs)


class BodyMeetingViewSet(BodyPartViewSet):
    model = BodyMeeting
    name = "body_meetings"
    url_prefix = "bodies/meetings"
    icon = "date"
    menu_label = _("Заседания")
    filterset_class = BodyMeetingFilterSet
    search_fields = ["agenda", "number", "body__name"]
    search_backend_name = None
    list_display = [
        Column("date", label=_("Дата"), accessor=lambda m: m.date.strftime("%d.%m.%Y"), sort_key="date"),
        Column("body", label=_("Объединение / совет"), accessor="body"),
        Column("number", label=_("Протокол №"), accessor="number"),
        Column("minutes", label=_("Файл протокола"), accessor=lambda m: _("есть") if m.minutes else _("нет")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldPanel("date"),
            FieldPanel("number"),
            FieldPanel("agenda"),
            FieldPanel("minutes"),
            FieldPanel("attendees"),
        ],
        base_form_class=BodyMeetingForm,
    )

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(queryset=BodyMeeting.objects.select_related("body"), **kwargs)


class BodiesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Объединения и советы")
    menu_icon = "group"
    menu_order = 250
    items = (BodyViewSet, BodyMembershipViewSet, BodyYearViewSet, BodyMeetingViewSet)
