"""Network partners in the municipality's Wagtail admin («Партнёры»): partners with the events held
together, their agreements (the scan checked by content: PDF only), joint projects, and a partner's
screen of what was done together."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen
from tenants.downloads import stored_file_response
from tenants.partners.models import JointProject, Partner, PartnerAgreement
from tenants.partners.selectors import agreement_with_scan_get, partner_joint_work
from tenants.partners.services import agreement_scan_check


class PartnerViewSet(ModelViewSet):
    model = Partner
    name = "partners"
    icon = "group"
    menu_label = gettext_lazy("Партнёры")
    menu_order = 100
    copy_view_enabled = False
    list_filter = ["kind", "is_public"]
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        TitleColumn("name", label=gettext_lazy("Партнёр (совместная работа)"), url_name="partners:work"),
        Column("kind", label=gettext_lazy("Вид"), accessor="get_kind_display", sort_key="kind"),
        BooleanColumn("is_public", label=gettext_lazy("На сайте")),
    ]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("website"), FieldPanel("is_public")]),
            FieldPanel("contacts"),
            FieldPanel("description"),
            FieldPanel("events", widget=forms.SelectMultiple(attrs={"size": 10})),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("<int:pk>/work/", PartnerWorkView.as_view(), name="work")]


class PartnerWorkView(PermissionScreen):
    """What was done with a partner: agreements, events held together, joint projects."""

    permission_required = "partners.view_partner"
    template_name = "partners/admin/work.html"
    header_icon = "group"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.partner = get_object_or_404(Partner, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Совместная работа: %(partner)s") % {"partner": self.partner}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            work=partner_joint_work(self.partner),
            edit_url=reverse("partners:edit", args=[self.partner.pk]),
            can_download=self.request.user.has_perm("partners.view_partneragreement"),
        )
        return context


class PartnerAgreementForm(WagtailAdminModelForm):
    def clean_scan(self) -> Any:
        scan = self.cleaned_data.get("scan")
        if isinstance(scan, UploadedFile):
            try:
                self.instance.scan_format = agreement_scan_check(scan)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["scan"]) from error
        return scan


class PartnerAgreementViewSet(ModelViewSet):
    model = PartnerAgreement
    name = "partner_agreements"
    url_prefix = "partners/agreements"
    icon = "doc-full"
    menu_label = gettext_lazy("Соглашения")
    menu_order = 200
    copy_view_enabled = False
    list_filter = ["partner"]
    list_display = [
        TitleColumn("partner", label=gettext_lazy("Партнёр")),
        "number",
        "concluded_on",
        "valid_until",
        BooleanColumn("in_force", label=gettext_lazy("Действует")),
    ]
    ordering = ["partner__name", "-concluded_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("partner"),
            FieldRowPanel([FieldPanel("number"), FieldPanel("concluded_on"), FieldPanel("valid_until")]),
            FieldPanel("subject"),
            FieldPanel("scan", help_text=gettext_lazy("PDF; тип проверяется по содержимому файла.")),
        ],
        base_form_class=PartnerAgreementForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("<int:pk>/scan/", agreement_scan, name="scan")]


def agreement_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.has_perm("partners.view_partneragreement"):
        raise PermissionDenied
    agreement = agreement_with_scan_get(pk=pk)
    if agreement is None:
        raise Http404
    return stored_file_response(agreement.scan, kind=agreement.scan_format, public=False)


class JointProjectViewSet(ModelViewSet):
    model = JointProject
    name = "joint_projects"
    url_prefix = "partners/projects"
    icon = "tasks"
    menu_label = gettext_lazy("Совместные проекты")
    menu_order = 300
    copy_view_enabled = False
    list_filter = ["partners", "is_public"]
    list_display = ["title", "starts_on", "ends_on", BooleanColumn("is_public", label=gettext_lazy("На сайте"))]
    ordering = ["-starts_on", "title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("is_public")]),
            FieldPanel("goals"),
            FieldPanel("result"),
        ]
    )


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Сетевые партнёры")
    menu_icon = "group"
    menu_order = 350
    items = (PartnerViewSet, PartnerAgreementViewSet, JointProjectViewSet)
