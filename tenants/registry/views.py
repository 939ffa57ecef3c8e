"""Admin views of the document register, and the file responses for staff and the public.

The viewsets' create, edit and delete views hand the validated form to the services, so the
admin follows the same rules (a version put in force supersedes the previous one) and writes
the same log entries and audit rows as any other caller.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from tenants.academic_years import academic_year_choices
from tenants.admin_screens import ServiceErrorsMixin
from tenants.file_delivery import field_file_delivery
from tenants.registry.forms import DocumentKindForm, DocumentVersionForm
from tenants.registry.models import CONTENT_TYPES, DocumentKind, DocumentVersion
from tenants.registry.selectors import KindState, nomenclature_overview, register_summary_of, version_get
from tenants.registry.services import (
    VERSION_EDITABLE_FIELDS,
    document_kind_create,
    document_kind_delete,
    document_kind_update,
    document_version_create,
    document_version_delete,
    document_version_update,
)

ANY_PERMISSION = ["add", "change", "delete", "view"]
version_permission_policy = ModelPermissionPolicy(DocumentVersion)
kind_permission_policy = ModelPermissionPolicy(DocumentKind)


# --- files --------------------------------------------------------------------------------


def version_file_response(version: DocumentVersion) -> HttpResponseBase:
    """The version's file: PDFs open in the browser, DOCX and ODT download."""
    return field_file_delivery(
        version.file,
        as_attachment=version.file_format != "pdf",
        filename=version.download_name,
        content_type=CONTENT_TYPES.get(version.file_format, "application/octet-stream"),
        cache_control="private, no-cache",
    )


@require_safe
def version_file_admin(request: HttpRequest, version_id: int) -> HttpResponseBase:
    """Any version's file, for the municipality's staff and the region's observers."""
    if not version_permission_policy.user_has_any_permission(request.user, ANY_PERMISSION):
        raise PermissionDenied
    version = version_get(version_id=version_id)
    if version is None:
        raise Http404
    return version_file_response(version)


def version_file_link(version: DocumentVersion) -> str:
    url = reverse("registry_version_file", args=(version.pk,))
    return format_html('<a href="{}">{}</a>', url, _("Файл (%(label)s)") % {"label": version.file_label})


# --- the nomenclature at a glance ---------------------------------------------------------


class NomenclatureView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each kind of the nomenclature with its state: in force, missing or out of date."""

    permission_policy = kind_permission_policy
    any_permission_required = ANY_PERMISSION
    page_title = _("Номенклатура документов")
    header_icon = "list-ul"
    template_name = "registry/admin/nomenclature.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entries = nomenclature_overview()
        # ``?state=missing`` (or ``outdated``): the required documents in that state, as the staff
        # home links to them.
        state = self.request.GET.get("state", "")
        shown = [e for e in entries if e.state == state and e.kind.is_required] if state in KindState else entries
        context.update(
            entries=shown,
            summary=register_summary_of(entries),
            states=KindState,
            can_add_version=version_permission_policy.user_has_permission(user, "add"),
            can_add_kind=kind_permission_policy.user_has_permission(user, "add"),
            can_change_kind=kind_permission_policy.user_has_permission(user, "change"),
            versions_url=reverse(DocumentVersionViewSet.url_namespace + ":index"),
            add_version_url=reverse(DocumentVersionViewSet.url_namespace + ":add"),
            add_kind_url=reverse(DocumentKindViewSet.url_namespace + ":add"),
        )
        return context


# --- versions -----------------------------------------------------------------------------


# Wagtail's stock phrases put the model's name in one grammatical case; a Russian feminine noun
# («редакция») needs others, so the register's views say their own.


class VersionIndexView(generic.IndexView):
    add_item_label = _("Добавить редакцию")

    def get_base_queryset(self) -> Any:
        return DocumentVersion.objects.select_related("kind")


class VersionCreateView(ServiceErrorsMixin, generic.CreateView):
    success_message = _("Редакция «%(object)s» добавлена.")
    error_message = _("Редакция не сохранена: исправьте ошибки.")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = super().get_breadcrumbs_items()
        return [*items[:-1], {"url": "", "label": _("Новая редакция")}]

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        kind_id = self.request.GET.get("kind", "")
        if kind_id.isdigit():
            initial["kind"] = int(kind_id)
        return initial

    def save_instance(self) -> DocumentVersion:
        data = self.form.cleaned_data
        return document_version_create(
            kind=data["kind"],
            acting_user=self.request.user,
            **{field: data[field] for field in VERSION_EDITABLE_FIELDS if field in data},
        )


class VersionEditView(ServiceErrorsMixin, generic.EditView):
    success_message = _("Редакция «%(object)s» сохранена.")
    error_message = _("Редакция не сохранена: исправьте ошибки.")

    def save_instance(self) -> DocumentVersion:
        data = {field: value for field, value in self.form.cleaned_data.items() if field in VERSION_EDITABLE_FIELDS}
        return document_version_update(version=self.form.instance, data=data, acting_user=self.request.user)


class VersionDeleteView(generic.DeleteView):
    success_message = _("Редакция «%(object)s» удалена.")

    @property
    def confirmation_message(self) -> str:
        return str(_("Удалить эту редакцию документа вместе с её файлом?"))

    def delete_action(self) -> None:
        document_version_delete(version=self.object, acting_user=self.request.user)


class VersionInspectView(generic.InspectView):
    def get_file_display_value(self) -> str:
        return version_file_link(self.object)

    def get_academic_year_display_value(self) -> str:
        return self.object.academic_year_label or "—"


class DocumentVersionFilterSet(WagtailFilterSet):
    academic_year = django_filters.ChoiceFilter(
        label=_("Учебный год"),
        choices=lambda: sorted(academic_year_choices(before=6, after=1), reverse=True),
        empty_label=_("Все"),
    )

    class Meta:
        model = DocumentVersion
        fields = ["kind", "status", "academic_year", "is_public"]


class DocumentVersionViewSet(ModelViewSet):
    model = DocumentVersion
    name = "registry_versions"
    url_prefix = "registry/versions"
    url_namespace = "registry_versions"
    icon = "doc-full"
    menu_label = _("Редакции документов")
    menu_order = 200
    add_to_admin_menu = False
    index_view_class = VersionIndexView
    add_view_class = VersionCreateView
    edit_view_class = VersionEditView
    delete_view_class = VersionDeleteView
    inspect_view_class = VersionInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "kind",
        "title",
        "status",
        "academic_year",
        "approved_on",
        "order_number",
        "order_date",
        "is_public",
        "file",
    ]
    copy_view_enabled = False
    filterset_class = DocumentVersionFilterSet
    search_fields = ["title", "kind__name", "order_number"]
    search_backend_name = None
    list_display = [
        "__str__",
        Column("kind", label=_("Вид документа"), accessor="kind.name", sort_key="kind__order"),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
        Column("academic_year", label=_("Учебный год"), accessor="academic_year_label", sort_key="academic_year"),
        Column("approved_on", label=_("Утверждён"), sort_key="approved_on"),
        BooleanColumn("is_public", label=_("На сайте")),
        Column("file", label=_("Файл"), accessor=version_file_link),
    ]
    list_export = ["kind", "title", "status", "academic_year", "approved_on", "order_number", "order_date", "is_public"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return DocumentVersionForm


# --- kinds --------------------------------------------------------------------------------

KIND_FIELDS = ("name", "clause", "is_required", "renewal", "order")


class KindCreateView(ServiceErrorsMixin, generic.CreateView):
    success_message = _("Вид документа «%(object)s» добавлен.")
    error_message = _("Вид документа не сохранён: исправьте ошибки.")

    def save_instance(self) -> DocumentKind:
        data = self.form.cleaned_data
        return document_kind_create(acting_user=self.request.user, **{f: data[f] for f in KIND_FIELDS})


class KindEditView(ServiceErrorsMixin, generic.EditView):
    success_message = _("Вид документа «%(object)s» сохранён.")
    error_message = _("Вид документа не сохранён: исправьте ошибки.")

    def save_instance(self) -> DocumentKind:
        data = {f: self.form.cleaned_data[f] for f in KIND_FIELDS}
        return document_kind_update(kind=self.form.instance, data=data, acting_user=self.request.user)


class KindDeleteView(generic.DeleteView):
    success_message = _("Вид документа «%(object)s» удалён.")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            document_kind_delete(kind=self.object, acting_user=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(reverse(DocumentKindViewSet.url_namespace + ":edit", args=(self.object.pk,)))
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())


class DocumentKindViewSet(ModelViewSet):
    model = DocumentKind
    name = "registry_kinds"
    url_prefix = "registry/kinds"
    url_namespace = "registry_kinds"
    icon = "tag"
    menu_label = _("Виды документов")
    menu_order = 300
    add_to_admin_menu = False
    add_view_class = KindCreateView
    edit_view_class = KindEditView
    delete_view_class = KindDeleteView
    copy_view_enabled = False
    search_fields = ["name", "clause"]
    search_backend_name = None
    list_filter = ["is_required", "renewal"]
    list_display = [
        "name",
        BooleanColumn("is_required", label=_("Обязательный")),
        Column("renewal", label=_("Срок действия"), accessor="get_renewal_display"),
        Column("clause", label=_("Основание")),
        Column("order", label=_("Порядок"), sort_key="order"),
    ]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return DocumentKindForm


document_version_viewset = DocumentVersionViewSet()
document_kind_viewset = DocumentKindViewSet()
