"""The head of service's screen in the Wagtail admin: the municipality's people and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import BOUND_ROLES, Role
from accounts.selectors import municipality_people, municipality_role_rows
from accounts.services import role_revoke, user_invite
from accounts.staff_forms import RoleRevokeForm, StaffInviteForm
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality

MANAGE_PERMISSION = "accounts.manage_municipal_roles"


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Сотрудники и роли")
    header_icon = "group"
    template_name = "accounts/admin/staff.html"

    municipality: Municipality

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        municipality = current_municipality()
        if municipality is None or not request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        self.municipality = municipality
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("invite_form", StaffInviteForm())
        rows = municipality_role_rows(municipality_id=self.municipality.pk)
        # ``?never_signed_in=1``: those invited who never signed in (the staff home links here).
        never = self.request.GET.get("never_signed_in") == "1"
        context["rows"] = [
            {"person": person, "roles": [(role, Role(role).label, role in BOUND_ROLES) for role in roles]}
            for person, roles in rows
            if not never or (person.last_login is None and person.is_active)
        ]
        context["municipality"] = self.municipality
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            return self._revoke(request)
        form = StaffInviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # Finds the person by a verified address only; refuses one held unverified.
                person = user_invite(
                    municipality=self.municipality,
                    email=data["email"],
                    role=data["role"],
                    acting_user=request.user,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    middle_name=data["middle_name"],
                )
            except ValidationError as exc:
                form.add_error("email", exc.messages)
                return self.render_to_response(self.get_context_data(invite_form=form))
            messages.success(
                request,
                _("%(person)s: роль «%(role)s» назначена, приглашение отправлено.")
                % {"person": person, "role": Role(data["role"]).label},
            )
            return redirect("metodika_staff")
        return self.render_to_response(self.get_context_data(invite_form=form))

    def _revoke(self, request: HttpRequest) -> HttpResponse:
        form = RoleRevokeForm(request.POST)
        person = None
        if form.is_valid():
            people = municipality_people(municipality_id=self.municipality.pk)
            person = people.filter(pk=form.cleaned_data["user_id"]).first()
        if person is None:
            messages.error(request, _("Такого сотрудника в вашей службе нет."))
            return redirect("metodika_staff")
        try:
            role_revoke(
                user=person, role=form.cleaned_data["role"], municipality=self.municipality, acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(person)s: роль «%(role)s» снята.") % {"person": person, "role": form.cleaned_data["role"].label},
            )
        return redirect("metodika_staff")
