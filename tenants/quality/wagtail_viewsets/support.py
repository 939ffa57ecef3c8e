"""«Организации для поддержки»: the year's flags as suggestions, and the head's decisions on them.

Every methodologist sees which organisations the results flag and why, in words; only the head
of the service confirms that an organisation needs support or dismisses the suggestion with a
reason (``quality.decide_support``). A confirmed organisation gets a support programme.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear
from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.organisations.models import Organisation
from tenants.quality.models import SupportStatus
from tenants.quality.selectors.support import SupportRow, support_list
from tenants.quality.services.flags import support_decide, user_may_decide
from tenants.quality.wagtail_viewsets.common import YearForm

VIEW_PERMISSION = "quality.view_flag"


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Решение"), choices=SupportStatus.choices)
    reason = forms.CharField(
        label=_("Обоснование"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Обязательно, если поддержка не требуется."),
    )
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)


def _decision_form(row: SupportRow, year: AcademicYear) -> DecisionForm:
    return DecisionForm(
        initial={
            "status": row.decision.status if row.decision else SupportStatus.CONFIRMED,
            "reason": row.decision.reason if row.decision else "",
            "year": year.start,
        },
        auto_id=f"id_decision_{row.organisation.pk}_%s",
    )


class SupportScreen(PermissionScreen):
    page_title = _("Организации, которым нужна поддержка")
    header_icon = "warning"
    template_name = "quality/admin/support.html"
    permission_required = VIEW_PERMISSION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = YearForm(self.request.GET or None)
        year = form.chosen()
        may_decide = user_may_decide(self.request.user)
        rows = support_list(academic_year=year.start)
        context.update(
            form=form,
            year=year,
            rows=[(row, _decision_form(row, year) if may_decide else None) for row in rows],
            may_decide=may_decide,
            can_see_card=self.request.user.has_perm("quality.view_supportprogramme"),
            can_add_programme=self.request.user.has_perm("quality.add_supportprogramme"),
        )
        return context


def support_decision_post(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The head's decision on one organisation (POST from the support screen)."""
    if request.method != "POST":
        raise Http404
    if not user_may_decide(request.user):
        raise PermissionDenied
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    form = DecisionForm(request.POST)
    year = AcademicYear.current()
    if form.is_valid():
        year = AcademicYear(form.cleaned_data["year"])
        try:
            support_decide(
                organisation=organisation,
                academic_year=year,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"{organisation}: {message}")
        else:
            messages.success(
                request, gettext_now("Решение по организации «%(name)s» сохранено.") % {"name": organisation}
            )
    else:
        messages.error(request, gettext_now("Решение не сохранено: проверьте форму."))
    return redirect(f"{reverse('quality_support:index')}?year={year.start}")


class SupportViewSet(ScreenViewSet):
    name = "quality_support"
    url_prefix = "quality/support"
    icon = "warning"
    menu_label = _("Организации для поддержки")
    menu_order = 40
    screen = SupportScreen

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("decide/<int:organisation_id>/", support_decision_post, name="decide"),
        ]
