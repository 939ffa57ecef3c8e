"""The bank of pedagogical information in the municipality's Wagtail admin.

A listing with filters and the bank's own full-text search, create, edit, delete, history and
inspect views that write through ``tenants.resources.services``, a search screen with ranked
and highlighted results, and a staff download of any material's file.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from tenants.admin_screens import ReadableInspectView
from tenants.downloads import stored_file_response
from tenants.people.models import Subject
from tenants.resources.models import DOCUMENT_KINDS, Audience, Resource, ResourceKind
from tenants.resources.selectors import VIEW_PERMISSION, resource_get, resource_search, resource_search_filter
from tenants.resources.services import resource_create, resource_delete, resource_update
from tenants.uploads import validate_document_upload


class ResourceAdminForm(WagtailAdminModelForm):
    """The admin form; the service checks the file again, this shows the message by the field."""

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document_upload(file, allowed=DOCUMENT_KINDS)
        return file


class ResourceFilterSet(WagtailFilterSet):
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Метки"),
        field_name="tags",
        queryset=lambda request: Tag.objects.filter(resources_resourcetag_items__isnull=False).distinct(),
        distinct=True,
    )

    class Meta:
        model = Resource
        fields = ["kind", "subject", "audience", "tags", "is_public"]


class ResourceIndexView(generic.IndexView):
    def search_queryset(self, queryset: QuerySet[Resource]) -> QuerySet[Resource]:
        # The bank's own Russian full-text search, ranked unless a column ordering was chosen.
        if not self.is_searching:
            return queryset
        return resource_search_filter(queryset, self.search_query, by_rank=not self.is_explicitly_ordered)

    def get_base_queryset(self) -> QuerySet[Resource]:
        return super().get_base_queryset().select_related("subject")

    @property
    def header_more_buttons(self) -> list[Any]:
        return [
            *super().header_more_buttons,
            Button(_("Поиск с подсветкой"), url=reverse("resource_search:index"), icon_name="search", priority=5),
        ]


def _resource_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "title",
        "kind",
        "description",
        "subject",
        "audience",
        "tags",
        "file",
        "link",
        "author",
        "published_on",
        "is_public",
    )
    return {name: data[name] for name in fields if name in data}


class ResourceInspectView(ReadableInspectView):
    def get_file_display_value(self) -> Any:
        if not self.object.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("resources:file", args=[self.object.pk]),
            self.object.file_name,
            self.object.file_kind.upper(),
        )


class ResourceCreateView(generic.CreateView):
    def save_instance(self) -> Resource:
        fields = _resource_fields(self.form.cleaned_data)
        fields["file"] = fields.get("file") or None
        fields["tags"] = fields.get("tags") or ()
        return resource_create(acting_user=self.request.user, **fields)


class ResourceEditView(generic.EditView):
    def save_instance(self) -> Resource:
        return resource_update(
            resource=self.form.instance, acting_user=self.request.user, data=_resource_fields(self.form.cleaned_data)
        )


class ResourceDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        resource_delete(resource=self.object, acting_user=self.request.user)


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Что искать"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Все виды")), *ResourceKind.choices])
    subject = forms.ModelChoiceField(
        label=_("Предмет"), required=False, queryset=Subject.objects.none(), empty_label=_("Все предметы")
    )
    audience = forms.ChoiceField(
        label=_("Для кого"), required=False, choices=[("", _("Для всех категорий")), *Audience.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()  # type: ignore[attr-defined]


class ResourceSearchView(WagtailAdminTemplateMixin, TemplateView):
    """Staff search over every material of the municipality: ranked, highlighted, filterable."""

    page_title = _("Поиск по банку педагогической информации")
    header_icon = "search"
    template_name = "resources/admin/search.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("resources:index"), "label": Resource._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ResourceSearchForm(self.request.GET or None)
        results = None
        if form.is_valid() and form.cleaned_data["q"].strip():
            data = form.cleaned_data
            results = resource_search(
                query=data["q"],
                kind=data["kind"] or None,
                subject_id=data["subject"].pk if data["subject"] else None,
                audience=data["audience"] or None,
                page=self.request.GET.get("page") or 1,
            )
            for hit in results.hits:
                if hit.resource.file:
                    hit.download_url = reverse("resources:file", args=[hit.resource.pk])
        query_without_page = self.request.GET.copy()
        query_without_page.pop("page", None)
        context.update(
            form=form,
            results=results,
            can_change=self.request.user.has_perm("resources.change_resource"),
            query_without_page=query_without_page.urlencode(),
        )
        return context


def resource_file_staff(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Any material's file, for the municipality's staff (public or not)."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    resource = resource_get(pk=pk)
    if resource is None or not resource.file:
        raise Http404
    return stored_file_response(resource.file, kind=resource.file_kind, public=False)


class ResourceViewSet(ModelViewSet):
    model = Resource
    name = "resources"
    icon = "doc-full-inverse"
    menu_label = _("Материалы")
    index_view_class = ResourceIndexView
    add_view_class = ResourceCreateView
    edit_view_class = ResourceEditView
    delete_view_class = ResourceDeleteView
    inspect_view_class = ResourceInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "kind",
        "description",
        "subject",
        "audience",
        "tags",
        "file",
        "link",
        "author",
        "published_on",
        "is_public",
    ]
    filterset_class = ResourceFilterSet
    # Makes the listing searchable; the search itself is ResourceIndexView.search_queryset.
    search_fields = ["title"]
    list_display = [
        TitleColumn("title", label=_("Название"), sort_key="title", url_name="resources:edit"),
        "kind",
        Column("subject", label=_("Предмет"), sort_key="subject__name"),
        "audience",
        Column("published_on", label=_("Дата"), sort_key="published_on"),
        BooleanColumn("is_public", label=_("На сайте")),
    ]
    list_export = ["title", "kind", "subject", "audience", "author", "published_on", "is_public", "link"]
    ordering = ["-published_on", "-pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("subject"), FieldPanel("audience")]),
            FieldPanel("tags"),
            MultiFieldPanel(
                [FieldPanel("file"), FieldPanel("link")],
                heading=_("Файл или ссылка"),
                help_text=_("Нужно одно из двух: файл (PDF, DOCX, ODT) или ссылка на материал."),
            ),
            FieldPanel("author"),
            FieldPanel("is_public"),
        ],
        base_form_class=ResourceAdminForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("file/<int:pk>/", resource_file_staff, name="file"),
        ]


class ResourceSearchViewSet(ViewSet):
    """The search screen, an entry of its own in the bank's submenu for those who may read the bank."""

    name = "resource_search"
    url_prefix = "resources-search"
    icon = "search"
    menu_label = _("Поиск по банку")

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        class SearchMenuItem(MenuItem):
            def is_shown(self, request: HttpRequest) -> bool:
                return request.user.has_perm(VIEW_PERMISSION)

        return SearchMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [path("", ResourceSearchView.as_view(), name="index")]


class ResourceBankViewSetGroup(ViewSetGroup):
    menu_label = _("Банк материалов")
    menu_icon = "folder-open-inverse"
    menu_order = 310
    items = (ResourceViewSet, ResourceSearchViewSet)
