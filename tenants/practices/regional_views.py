"""The practice's way to the region's bank in the municipality's admin: its nominations with the
institute's decisions, and the methodologist's nominate or withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regional_banks.models import NominationStatus
from regional_banks.selectors import practice_nominations_of
from tenants.admin_screens import PermissionScreen
from tenants.municipalities.selectors import current_municipality
from tenants.practices.models import DECIDE_PERMISSION, PracticeLevel, PracticeStatus
from tenants.practices.regional import practice_nominate, practice_regional_withdraw
from tenants.practices.selectors import VIEW_PERMISSION, practice_get


class PracticeRegionalView(PermissionScreen):
    permission_required = VIEW_PERMISSION
    template_name = "practices/admin/regional.html"
    header_icon = "pick"
    page_title = gettext_lazy("Региональный банк практик")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        practice = practice_get(pk=kwargs["pk"])
        if practice is None:
            raise Http404
        self.practice = practice
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.practice.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality = current_municipality()
        if municipality is None:
            raise Http404
        nominations = list(practice_nominations_of(municipality=municipality, practice_id=self.practice.pk))
        live = [n for n in nominations if n.status in (NominationStatus.PENDING, NominationStatus.ACCEPTED)]
        eligible = self.practice.status == PracticeStatus.RECOMMENDED and self.practice.level == PracticeLevel.REGIONAL
        can_decide = self.request.user.has_perm(DECIDE_PERMISSION)
        context.update(
            practice=self.practice,
            nominations=nominations,
            can_nominate=can_decide and eligible and not live,
            can_withdraw=can_decide and bool(live),
            eligible=eligible,
            inspect_url=reverse("practices:inspect", args=[self.practice.pk]),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied
        try:
            if request.POST.get("action") == "withdraw":
                practice_regional_withdraw(practice_id=self.practice.pk, acting_user=request.user, reason="withdrawn")
                messages.success(request, _("Практика отозвана из регионального банка."))
            else:
                practice_nominate(
                    practice=self.practice, acting_user=request.user, note=request.POST.get("note", "")[:2000]
                )
                messages.success(
                    request, _("Практика выдвинута в региональный банк: её рассмотрит экспертный совет ЛОИРО.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("practices:regional", pk=self.practice.pk)
