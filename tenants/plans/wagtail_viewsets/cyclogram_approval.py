"""The cyclogram's approval screen (001 §3.2): its state, what was approved, and the steps.

The head submits the cyclogram as it stands; the committee chair approves it or returns it with
a comment. Every write goes through ``tenants.plans.services``; the view only asks and shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from tenants.plans import services
from tenants.plans.models import CyclogramDuty, CyclogramStatus
from tenants.plans.selectors import cyclogram_reviews, cyclogram_snapshot, cyclogram_status

READ_PERMISSIONS = ("plans.view_cyclogramduty", "plans.submit_annualplan", "plans.approve_annualplan")


class CyclogramApprovalView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/cyclogram_approval.html"
    header_icon = "repeat"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not any(request.user.has_perm(permission) for permission in READ_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Утверждение циклограммы")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cyclogram:index"), "label": CyclogramDuty._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reviews = cyclogram_reviews()
        duties = cyclogram_snapshot()
        status = cyclogram_status(current_duties=duties, reviews=reviews)
        user = self.request.user
        context.update(
            status=status,
            status_label=CyclogramStatus(status).label,
            duties=duties,
            reviews=reviews,
            can_submit=status != CyclogramStatus.SUBMITTED and user.has_perm("plans.submit_annualplan"),
            can_decide=status == CyclogramStatus.SUBMITTED and user.has_perm("plans.approve_annualplan"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action, comment = request.POST.get("action"), request.POST.get("comment", "")
        try:
            if action == "submit":
                services.cyclogram_submit(acting_user=request.user)
                messages.success(request, gettext_now("Циклограмма направлена на утверждение."))
            elif action == "approve":
                services.cyclogram_approve(acting_user=request.user, comment=comment)
                messages.success(request, gettext_now("Циклограмма утверждена."))
            elif action == "return":
                services.cyclogram_return(acting_user=request.user, comment=comment)
                messages.success(request, gettext_now("Циклограмма возвращена на доработку."))
            else:
                raise PermissionDenied
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("plans_screen:cyclogram_approval")
