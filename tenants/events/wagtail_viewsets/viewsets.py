"""The events' viewsets and menu: events, contest stages and participants, the staff calendar and
the unified calendar in the municipality's admin.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.event_vocabulary import EventKind
from tenants.events.models import ContestParticipant, ContestStage, Event
from tenants.events.wagtail_viewsets.filters import EventFilterSet
from tenants.events.wagtail_viewsets.forms import EventAdminForm
from tenants.events.wagtail_viewsets.screens import (
    EventCancelView,
    EventCreateView,
    EventDeleteView,
    EventEditView,
    EventHeldView,
    EventIndexView,
    EventInspectView,
    EventProposeView,
    EventResultsView,
    RegionalEventsView,
    RegistrationsView,
    StaffCalendarView,
    TakeIntoPlanView,
    registrations_export,
)

# --- viewsets -------------------------------------------------------------------------------


class EventViewSet(ModelViewSet):
    model = Event
    name = "event_admin"
    icon = "date"
    menu_label = _("Мероприятия")
    menu_order = 100
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView
    inspect_view_class = EventInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = EventFilterSet
    search_fields = ["title"]
    list_display = [
        TitleColumn("title", label=_("Мероприятие"), sort_key="title", url_name="event_admin:inspect"),
        Column("starts_at", label=_("Начало"), sort_key="starts_at"),
        "kind",
        "status",
        BooleanColumn("is_public", label=_("На сайте")),
    ]
    list_export = ["title", "kind", "starts_at", "ends_at", "audience", "status", "capacity", "is_public"]
    ordering = ["-starts_at", "-pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("audience")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("hours")]),
            MultiFieldPanel(
                [FieldPanel("organisation"), FieldPanel("address"), FieldPanel("online_url")],
                heading=_("Место проведения"),
            ),
            FieldRowPanel([FieldPanel("organiser_body"), FieldPanel("methodologist")]),
            MultiFieldPanel(
                [
                    FieldPanel("registration_enabled"),
                    FieldPanel("capacity"),
                    FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                ],
                heading=_("Регистрация"),
            ),
            FieldPanel("competence_areas"),
            FieldPanel("plan_item"),
            FieldPanel("is_public"),
        ],
        base_form_class=EventAdminForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/registrations/", RegistrationsView.as_view(), name="registrations"),
            path("<int:pk>/registrations.xlsx", registrations_export, name="registrations_export"),
            path("<int:pk>/cancel/", EventCancelView.as_view(), name="cancel"),
            path("<int:pk>/held/", EventHeldView.as_view(), name="held"),
            path("<int:pk>/propose/", EventProposeView.as_view(), name="propose"),
            path("<int:pk>/results/", EventResultsView.as_view(), name="results"),
            path("calendar/", StaffCalendarView.as_view(), name="calendar"),
            path("regional/", RegionalEventsView.as_view(), name="regional"),
            path("regional/<int:pk>/to-plan/", TakeIntoPlanView.as_view(), name="to_plan"),
        ]


class ContestEventChoiceMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        if "event" in form.fields:
            form.fields["event"].queryset = Event.objects.filter(kind__in=[EventKind.CONTEST, EventKind.OLYMPIAD])
        if "stage" in form.fields:
            form.fields["stage"].queryset = ContestStage.objects.select_related("event")
        return form


class StageCreateView(ContestEventChoiceMixin, generic.CreateView):
    pass


class StageEditView(ContestEventChoiceMixin, generic.EditView):
    pass


class ContestStageViewSet(ModelViewSet):
    model = ContestStage
    name = "contest_stages"
    icon = "list-ol"
    menu_label = _("Этапы конкурсов")
    add_view_class = StageCreateView
    edit_view_class = StageEditView
    copy_view_enabled = False
    list_filter = ["event"]
    list_display = ["title", "event", "starts_on", "ends_on"]
    form_fields = ["event", "title", "starts_on", "ends_on", "order"]


class ContestParticipantIndexView(generic.IndexView):
    pass


class ContestParticipantViewSet(ModelViewSet):
    model = ContestParticipant
    name = "contest_participants"
    icon = "trophy"
    menu_label = _("Участники конкурсов")
    index_view_class = ContestParticipantIndexView
    add_view_class = StageCreateView
    edit_view_class = StageEditView
    copy_view_enabled = False
    list_filter = ["event", "outcome"]
    search_fields = ["full_name", "nomination"]
    list_display = ["full_name", "event", "nomination", "outcome", "score"]
    list_export = ["full_name", "event", "organisation", "nomination", "stage", "outcome", "score"]
    form_fields = ["event", "full_name", "organisation", "nomination", "stage", "score", "outcome"]


class EventsMenu(ViewSetGroup):
    menu_label = _("Мероприятия")
    menu_icon = "date"
    menu_order = 150
    items = (EventViewSet(), ContestStageViewSet(), ContestParticipantViewSet())
