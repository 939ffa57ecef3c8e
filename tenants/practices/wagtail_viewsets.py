"""The bank of best practices in the municipality's Wagtail admin.

Listing with filters and search, create and edit (with materials inline) through the audited
actions, history, an inspect view with the materials and the decisions taken, a screen for the
status decision (``practice_status_change``) and a staff download of any material.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, ListingButton

from cms.base.forms import form_errors_add
from tenants.admin_screens import ReadableInspectView
from tenants.downloads import stored_file_response
from tenants.practices.models import DECIDE_PERMISSION, Practice, PracticeMaterial, PracticeStatus
from tenants.practices.regional_views import PracticeRegionalView
from tenants.practices.selectors import VIEW_PERMISSION, practice_get, practice_status_history
from tenants.practices.services import practice_status_change


def _status_url(practice: Practice) -> str:
    return reverse("practices:status", args=[practice.pk])


class PracticeIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation")

    def get_list_more_buttons(self, instance: Practice) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if instance.next_statuses and self.request.user.has_perm(DECIDE_PERMISSION):
            buttons.append(
                ListingButton(_("Изменить статус"), url=_status_url(instance), icon_name="tasks", priority=15)
            )
        return buttons


class PracticeCreateView(generic.CreateView):
    def save_instance(self) -> Practice:
        if self.request.user.is_authenticated:
            self.form.instance.created_by = self.request.user
        return super().save_instance()


class PracticeInspectView(ReadableInspectView):
    template_name = "practices/admin/inspect.html"

    def get_authors_display_value(self) -> str:
        return ", ".join(t.full_name for t in self.object.authors.all()) or "—"

    def get_status_display_value(self) -> Any:
        return format_html('<span class="w-status w-status--primary">{}</span>', self.object.get_status_display())

    @property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        if self.object.next_statuses and self.request.user.has_perm(DECIDE_PERMISSION):
            buttons.append(Button(_("Изменить статус"), url=_status_url(self.object), icon_name="tasks", priority=5))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["materials"] = [
            (m, reverse("practices:material_file", args=[m.pk]) if m.file else "") for m in self.object.materials.all()
        ]
        context["decisions"] = practice_status_history(practice=self.object)
        context["can_decide"] = bool(self.object.next_statuses) and self.request.user.has_perm(DECIDE_PERMISSION)
        context["status_url"] = _status_url(self.object)
        context["regional_url"] = reverse("practices:regional", args=[self.object.pk])
        return context


class PracticeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Решение"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Обязателен, если практика отклонена: авторы увидят, что доработать."),
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, PracticeStatus(s).label) for s in practice.next_statuses]  # type: ignore[attr-defined]


class PracticeStatusView(WagtailAdminTemplateMixin, FormView):
    """The expert council's decision on a practice, recorded by a methodologist or the head."""

    page_title = _("Решение по практике")
    header_icon = "tasks"
    template_name = "practices/admin/status.html"
    form_class = PracticeStatusForm
    practice: Practice

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        practice = practice_get(pk=kwargs["pk"])
        if practice is None:
            raise Http404
        if not request.user.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied
        self.practice = practice
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.practice.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("practices:index"), "label": Practice._meta.verbose_name_plural},
            {"url": reverse("practices:inspect", args=[self.practice.pk]), "label": self.practice.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "practice": self.practice}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["practice"] = self.practice
        context["decisions"] = practice_status_history(practice=self.practice)
        return context

    def form_valid(self, form: PracticeStatusForm) -> HttpResponse:
        try:
            practice = practice_status_change(
                practice=self.practice,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext_now("Практика «%(title)s»: %(status)s.")
            % {"title": practice.title, "status": practice.get_status_display().lower()},
        )
        return redirect("practices:inspect", practice.pk)


def practice_material_file_staff(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Any practice material's file, for the municipality's staff."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    material = PracticeMaterial.objects.filter(pk=pk).exclude(file="").first()
    if material is None:
        raise Http404
    return stored_file_response(material.file, kind=material.file_kind, public=False)


class PracticeViewSet(ModelViewSet):
    model = Practice
    name = "practices"
    icon = "pick"
    menu_label = _("Банк лучших практик")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = PracticeIndexView
    add_view_class = PracticeCreateView
    inspect_view_class = PracticeInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "title",
        "authors",
        "organisation",
        "level",
        "description",
        "status",
        "status_comment",
        "status_changed_at",
        "status_changed_by",
        "is_public",
    ]
    list_filter = ["status", "level", "organisation", "is_public"]
    search_fields = ["title", "description"]
    list_display = [
        TitleColumn("title", label=_("Практика"), sort_key="title", url_name="practices:inspect"),
        Column("organisation", label=_("Организация"), sort_key="organisation__short_name"),
        "level",
        "status",
        BooleanColumn("is_public", label=_("На сайте")),
        Column("status_changed_at", label=_("Решение от"), sort_key="status_changed_at"),
    ]
    list_export = ["title", "organisation", "level", "status", "status_comment", "status_changed_at", "is_public"]
    ordering = ["-created_at", "-pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("authors"),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("level")]),
            FieldPanel("description"),
            InlinePanel(
                "materials",
                label=_("Материалы"),
                panels=[FieldPanel("title"), FieldPanel("file"), FieldPanel("link")],
                help_text=_("Конспекты, презентации, видео: файл (PDF, DOCX, ODT) или ссылка."),
            ),
            FieldPanel("is_public"),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", PracticeStatusView.as_view(), name="status"),
            path("material/<int:pk>/", practice_material_file_staff, name="material_file"),
            path("regional/<int:pk>/", PracticeRegionalView.as_view(), name="regional"),
        ]
