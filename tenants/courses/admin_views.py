"""The staff's course screens in the municipality's admin.

* «Заявки на курсы»: the applications the person may see — every one for the service's
  methodologists and head, their own school's for its coordinator — with the confirmation and the
  refusal (with a reason);
* «Курсы и квоты» (the service only): the offers taking applications with their counts, the quota
  list of each (in and out, in order, within the quota), its XLSX and DOCX for the provider, and
  writing the course records when the course has ended.

Writes go through ``tenants.courses.services``; a screen answers 403 to whoever may not use it,
and an application or offer the person may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from tenants.admin_screens import TitledScreenMixin
from tenants.courses.exports import quota_list_docx, quota_list_xlsx
from tenants.courses.models import ApplicationStatus
from tenants.courses.selectors import (
    application_for,
    application_list_for,
    offer_fill_list,
    quota_candidates,
    user_manages_courses,
    user_may_decide,
    user_sees_applications,
)
from tenants.courses.services import (
    course_application_confirm,
    course_application_decline,
    course_offer_complete,
    course_quota_list_set,
)
from tenants.development.models import CourseOffer
from tenants.imports.spreadsheets import XLSX_CONTENT_TYPE
from tenants.organisations.models import Organisation

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ApplicationsAccess:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_sees_applications(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ManagerAccess:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_manages_courses(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус"), required=False)
    offer = forms.TypedChoiceField(label=_("Курс"), coerce=int, required=False, empty_value=None)
    organisation = forms.TypedChoiceField(label=_("Организация"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", gettext_now("Все"))]
        self.fields["status"].choices = everything + list(ApplicationStatus.choices)  # type: ignore[attr-defined]
        offers = CourseOffer.objects.filter(quota__isnull=False).order_by("-start_date")
        self.fields["offer"].choices = everything + [(o.pk, str(o)) for o in offers]  # type: ignore[attr-defined]
        organisations = Organisation.objects.order_by("short_name")
        self.fields["organisation"].choices = everything + [(o.pk, o.short_name) for o in organisations]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "offer_id": data.get("offer"),
            "organisation_id": data.get("organisation"),
        }


class ApplicationsView(ApplicationsAccess, TitledScreenMixin, TemplateView):
    page_title = _("Заявки на курсы")
    header_icon = "form"
    template_name = "courses/admin/applications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ApplicationFilterForm(self.request.GET or None)
        applications = list(application_list_for(self.request.user, **form.filters())[:500])
        context.update(
            form=form,
            rows=[(a, user_may_decide(self.request.user, a)) for a in applications],
            statuses=ApplicationStatus,
            manages=user_manages_courses(self.request.user),
        )
        return context


class ApplicationConfirmView(ApplicationsAccess, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_for(request.user, pk)
        if application is None:
            raise Http404
        try:
            course_application_confirm(application=application, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, gettext_now("Заявка педагога %(name)s подтверждена.") % {"name": application.teacher}
            )
        return redirect(request.POST.get("next") or reverse("courses_admin:applications"))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отказа"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Педагог увидит её в личном кабинете и в письме."),
    )


class ApplicationDeclineView(ApplicationsAccess, TitledScreenMixin, TemplateView):
    page_title = _("Отклонить заявку на курсы")
    header_icon = "form"
    template_name = "courses/admin/decline.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_sees_applications(request.user):
            raise PermissionDenied
        self.application = application_for(request.user, kwargs["pk"])
        if self.application is None:
            raise Http404
        if not user_may_decide(request.user, self.application):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DeclineForm())
        context["application"] = self.application
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = DeclineForm(request.POST)
        if form.is_valid():
            assert self.application is not None  # dispatch answered 404 otherwise
            try:
                course_application_decline(
                    application=self.application, reason=form.cleaned_data["reason"], acting_user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext_now("Заявка отклонена."))
                return redirect("courses_admin:applications")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OffersView(ManagerAccess, TitledScreenMixin, TemplateView):
    page_title = _("Курсы и квоты")
    header_icon = "date"
    template_name = "courses/admin/offers.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["fills"] = offer_fill_list(with_past=self.request.GET.get("past") == "1")
        return context


def _offer(pk: int) -> CourseOffer:
    offer = CourseOffer.objects.filter(pk=pk, quota__isnull=False).first()
    if offer is None:
        raise Http404
    return offer


class QuotaView(ManagerAccess, TitledScreenMixin, TemplateView):
    """The list for the provider: tick who is in, number the order (blank keeps the list's order)."""

    page_title = _("Список на обучение")
    header_icon = "list-ol"
    template_name = "courses/admin/quota.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offer = _offer(self.kwargs["pk"])
        context.update(offer=offer, candidates=quota_candidates(offer), statuses=ApplicationStatus)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(pk)
        chosen: list[tuple[int, int, int]] = []
        for index, application in enumerate(quota_candidates(offer)):
            if request.POST.get(f"include-{application.pk}") != "on":
                continue
            raw = (request.POST.get(f"position-{application.pk}") or "").strip()
            position = int(raw) if raw.isdigit() else 10_000
            chosen.append((position, index, application.pk))
        try:
            course_quota_list_set(
                offer=offer, application_ids=[pk for _p, _i, pk in sorted(chosen)], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext_now("Список на обучение сохранён."))
        return redirect("courses_admin:quota", pk=offer.pk)


class QuotaExportView(ManagerAccess, View):
    http_method_names = ["get"]
    kind = "xlsx"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(pk)
        if self.kind == "docx":
            response = HttpResponse(quota_list_docx(offer), content_type=DOCX_CONTENT_TYPE)
        else:
            response = HttpResponse(quota_list_xlsx(offer), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="course-{offer.pk}-list.{self.kind}"'
        return response


class OfferCompleteView(ManagerAccess, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = _offer(pk)
        try:
            completed = course_offer_complete(offer=offer, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, gettext_now("Записей о курсовой подготовке создано: %(n)d.") % {"n": len(completed)}
            )
        return redirect("courses_admin:quota", pk=offer.pk)
