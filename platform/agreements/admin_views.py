"""The municipality's agreements in its Wagtail admin (004 §4.4, §4.10.4).

Its staff read their own agreements (once sent for signature); the head of service signs for the
municipality. Every lookup goes through ``municipality_agreement_get``: another municipality's
agreement and a missing one are the same 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Role
from accounts.municipal_staff import municipal_staff_municipality, municipal_staff_roles
from agreements.files import agreement_docx_response, agreement_scan_response
from agreements.models import Agreement, AgreementStatus, Party
from agreements.selectors import agreement_signature_states, municipality_agreement_get, municipality_agreement_list
from agreements.services import agreement_sign


def _own_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    municipality = municipal_staff_municipality(request)
    agreement = municipality_agreement_get(municipality=municipality, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


class AgreementIndexView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Трёхсторонние соглашения")
    header_icon = "doc-full"
    template_name = "agreements/admin/index.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.municipality = municipal_staff_municipality(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreements = list(municipality_agreement_list(municipality=self.municipality))
        context.update(
            agreements=agreements,
            has_in_force=any(a.is_in_force for a in agreements),
        )
        return context


class AgreementDetailView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    template_name = "agreements/admin/detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.agreement = _own_agreement(request, kwargs["agreement_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.agreement)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        from django.urls import reverse

        return [
            *self.breadcrumbs_items,
            {"url": reverse("municipal_agreements"), "label": _("Трёхсторонние соглашения")},
            {"url": "", "label": str(self.agreement)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        signed = {s.party for s in self.agreement.signatures.all()}
        context.update(
            agreement=self.agreement,
            signatures=agreement_signature_states(self.agreement),
            can_sign=(
                self.agreement.status == AgreementStatus.SENT
                and Party.MUNICIPALITY not in signed
                and Role.HEAD in municipal_staff_roles(self.request)
            ),
        )
        return context


@require_POST
def agreement_sign_admin(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The head of service signs for the municipality (the service checks the role)."""
    agreement = _own_agreement(request, agreement_id)
    try:
        agreement_sign(agreement=agreement, party=Party.MUNICIPALITY, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Соглашение подписано за муниципалитет."))
    return redirect("municipal_agreement", agreement.pk)


@require_safe
def agreement_scan_admin(request: HttpRequest, agreement_id: int) -> HttpResponseBase:
    return agreement_scan_response(_own_agreement(request, agreement_id))


@require_safe
def agreement_docx_admin(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return agreement_docx_response(_own_agreement(request, agreement_id))
