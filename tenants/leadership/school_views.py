"""The school coordinator's card and the head's appointments screen (issue 15 §1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from tenants.bodies.models import AssociationLeader
from tenants.bodies.selectors import association_leader_list
from tenants.bodies.services import association_leader_appoint, association_leader_remove
from tenants.leadership.forms import CoordinatorAppointForm, LeaderAppointForm
from tenants.leadership.selectors import school_card
from tenants.leadership.views import WorkspaceView
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality
from tenants.organisations.models import SchoolCoordinator
from tenants.organisations.selectors import school_coordinator_list, user_coordinated_organisation
from tenants.organisations.services import school_coordinator_appoint, school_coordinator_remove

APPOINT_PERMISSION = "bodies.add_associationleader"


class SchoolCardView(WorkspaceView):
    """The coordinator's card: the school's ШМО (each opens its screen, where the coordinator keeps
    it: ``school_association_views``), and read-only the teachers' PD and deficits (their school's
    teachers only) and the support programme and visits of the quality app."""

    page_title = gettext_lazy("Методическая карта школы")
    header_icon = "clipboard-list"
    template_name = "leadership/school_card.html"
    roles = frozenset({Role.SCHOOL_COORDINATOR})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = user_coordinated_organisation(self.request.user)
        if organisation is None:
            raise PermissionDenied
        context["card"] = school_card(organisation=organisation)
        return context


class AppointmentsView(WorkspaceView):
    """The head gives and takes the bound roles: who leads which association, who coordinates
    which school's methodological service."""

    page_title = gettext_lazy("Руководители объединений и координаторы школ")
    header_icon = "group"
    template_name = "leadership/appointments.html"
    roles = frozenset({Role.HEAD})

    municipality: Municipality

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        municipality = current_municipality()
        if municipality is None or not request.user.has_perm(APPOINT_PERMISSION):
            raise PermissionDenied
        self.municipality = municipality
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["leaders"] = association_leader_list()
        context["coordinators"] = school_coordinator_list()
        context.setdefault("leader_form", LeaderAppointForm(prefix="leader"))
        context.setdefault("coordinator_form", CoordinatorAppointForm(prefix="coordinator"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action in ("remove_leader", "remove_coordinator"):
            return self._remove(request, action)
        if action == "leader":
            form: Any = LeaderAppointForm(request.POST, prefix="leader")
            context_key = "leader_form"
        else:
            form = CoordinatorAppointForm(request.POST, prefix="coordinator")
            context_key = "coordinator_form"
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{context_key: form}))
        data = form.cleaned_data
        person = {k: data[k] for k in ("email", "first_name", "last_name", "middle_name")}
        try:
            if action == "leader":
                association_leader_appoint(
                    municipality=self.municipality, body=data["body"], acting_user=request.user, **person
                )
            else:
                school_coordinator_appoint(
                    municipality=self.municipality,
                    organisation=data["organisation"],
                    position=data["position"],
                    acting_user=request.user,
                    **person,
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_to_response(self.get_context_data(**{context_key: form}))
        messages.success(request, _("Назначено, приглашение отправлено."))
        return redirect("leadership_appointments")

    def _remove(self, request: HttpRequest, action: str) -> HttpResponse:
        raw = request.POST.get("id", "")
        pk = int(raw) if raw.isdigit() else 0
        removed = False
        if action == "remove_leader":
            leader = AssociationLeader.objects.filter(pk=pk).select_related("user").first()
            if leader is not None:
                association_leader_remove(municipality=self.municipality, leader=leader, acting_user=request.user)
                removed = True
        else:
            coordinator = SchoolCoordinator.objects.filter(pk=pk).select_related("user").first()
            if coordinator is not None:
                school_coordinator_remove(
                    municipality=self.municipality, coordinator=coordinator, acting_user=request.user
                )
                removed = True
        if removed:
            messages.success(request, _("Назначение снято."))
        else:
            messages.error(request, _("Такого назначения нет."))
        return redirect("leadership_appointments")
