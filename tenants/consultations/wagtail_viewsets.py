"""The consultation queue in the municipality's Wagtail admin (000 §2.3.4, 003 §4.4).

«Консультации»: the queue (everything for the head and the chair; a methodologist's own and
the unassigned ones for a methodologist), filters by status, direction, methodologist and
overdue, «Мои консультации» (open requests assigned to me, oldest due first), a request's card
and three actions — assign, answer (e-mailed to the requester), close. Requests are not created
or edited here: they come from the public form and teachers' accounts, and their text is the
requester's. Every action goes through ``tenants.consultations.services``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from cms.base.forms import form_errors_add
from tenants.admin_screens import PermissionScreen, ScreenViewSet, permission_menu_item_class
from tenants.consultations.models import OPEN_STATUSES, Consultation, ConsultationStatus, due_soon_q, overdue_q
from tenants.consultations.selectors import (
    ANSWER_PERMISSION,
    VIEW_PERMISSION,
    consultation_get,
    consultation_mine,
    consultation_queue,
    user_may_answer,
    user_may_handle,
)
from tenants.consultations.services import consultation_answer, consultation_assign, consultation_close
from tenants.people.models import Methodologist
from tenants.people.selectors import methodologist_list


class ConsultationPermissionPolicy(ModelPermissionPolicy):
    """Staff read requests here; nobody adds, edits or deletes them through the generic views."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in {"add", "change", "delete"}:
            return False
        return bool(super().user_has_permission(user, action))


class ConsultationFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Просрочена"), method="filter_overdue")
    waiting = django_filters.BooleanFilter(label=_("Ждёт ответа"), method="filter_waiting")
    due_soon = django_filters.BooleanFilter(label=_("Срок в ближайшие 3 рабочих дня"), method="filter_due_soon")

    class Meta:
        model = Consultation
        fields = ["status", "area", "assignee", "requester_kind"]

    def filter_overdue(self, queryset: QuerySet[Consultation], name: str, value: bool | None) -> QuerySet[Consultation]:
        if value is True:
            return queryset.filter(overdue_q())
        if value is False:
            return queryset.exclude(overdue_q())
        return queryset

    def filter_waiting(self, queryset: QuerySet[Consultation], name: str, value: bool | None) -> QuerySet[Consultation]:
        if value is None:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)

    def filter_due_soon(
        self, queryset: QuerySet[Consultation], name: str, value: bool | None
    ) -> QuerySet[Consultation]:
        return queryset.filter(due_soon_q()) if value else queryset


def _overdue_mark(consultation: Consultation) -> Any:
    if consultation.is_overdue():
        return format_html('<span class="w-status w-status--label">{}</span>', gettext_now("просрочена"))
    return ""


class ConsultationIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Consultation]:
        return consultation_queue(user=self.request.user)


class ConsultationInspectView(generic.InspectView):
    template_name = "consultations/admin/inspect.html"

    def get_object(self, queryset: Any = None) -> Consultation:
        consultation = consultation_get(user=self.request.user, pk=int(self.kwargs["pk"]))
        if consultation is None:
            raise Http404
        return consultation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation: Consultation = self.object
        user = self.request.user
        context["consultation"] = consultation
        context["actions"] = _actions(consultation, user)
        return context


def _actions(consultation: Consultation, user: Any) -> list[tuple[Any, str, str]]:
    if not user.has_perm(ANSWER_PERMISSION):
        return []
    actions: list[tuple[Any, str, str]] = []
    if not user_may_handle(user, consultation):
        return actions
    if ConsultationStatus.ASSIGNED in consultation.next_statuses:
        actions.append(
            (_("Назначить методиста"), reverse("consultations_admin:assign", args=[consultation.pk]), "user")
        )
    if ConsultationStatus.ANSWERED in consultation.next_statuses and user_may_answer(user, consultation):
        actions.append((_("Ответить"), reverse("consultations_admin:answer", args=[consultation.pk]), "mail"))
    if ConsultationStatus.CLOSED in consultation.next_statuses:
        actions.append((_("Закрыть"), reverse("consultations_admin:close", args=[consultation.pk]), "lock"))
    return actions


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Методист"), queryset=Methodologist.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = methodologist_list()  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Ответ"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Ответ уйдёт на e-mail обратившегося сразу после сохранения."),
    )


class CloseForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Обязателен, если консультация закрывается без ответа."),
    )


class ConsultationActionView(WagtailAdminTemplateMixin, FormView):
    """One action on a request from the queue; the service decides whether it is allowed."""

    header_icon = "help"
    template_name = "consultations/admin/action.html"
    consultation: Consultation
    success_message: Any = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(ANSWER_PERMISSION):
            raise PermissionDenied
        consultation = consultation_get(user=request.user, pk=kwargs["pk"])
        if consultation is None:
            raise Http404
        self.consultation = consultation
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.consultation)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("consultations_admin:index"), "label": Consultation._meta.verbose_name_plural},
            {
                "url": reverse("consultations_admin:inspect", args=[self.consultation.pk]),
                "label": str(self.consultation),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "consultation": self.consultation}

    def perform(self, form: forms.Form) -> Consultation:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            self.perform(form)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("consultations_admin:inspect", self.consultation.pk)


class AssignView(ConsultationActionView):
    page_title = _("Назначить методиста")
    form_class = AssignForm
    success_message = _("Консультация назначена методисту.")

    def get_initial(self) -> dict[str, Any]:
        return {"assignee": self.consultation.assignee_id}

    def perform(self, form: forms.Form) -> Consultation:
        return consultation_assign(
            consultation=self.consultation, assignee=form.cleaned_data["assignee"], acting_user=self.request.user
        )


class AnswerView(ConsultationActionView):
    page_title = _("Ответ на обращение")
    form_class = AnswerForm
    success_message = _("Ответ сохранён и отправлен на e-mail обратившегося.")

    def perform(self, form: forms.Form) -> Consultation:
        return consultation_answer(
            consultation=self.consultation, answer=form.cleaned_data["answer"], acting_user=self.request.user
        )


class CloseView(ConsultationActionView):
    page_title = _("Закрыть консультацию")
    form_class = CloseForm
    success_message = _("Консультация закрыта.")

    def perform(self, form: forms.Form) -> Consultation:
        return consultation_close(
            consultation=self.consultation, comment=form.cleaned_data["comment"], acting_user=self.request.user
        )


class ConsultationViewSet(ModelViewSet):
    model = Consultation
    name = "consultations_admin"
    url_prefix = "consultations"
    icon = "help"
    menu_label = _("Все обращения")
    menu_order = 100
    index_view_class = ConsultationIndexView
    inspect_view_class = ConsultationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ConsultationFilterSet
    search_fields = ["topic", "question", "requester_name", "email"]
    search_backend_name = None
    list_display = [
        TitleColumn("topic", label=_("Тема"), url_name="consultations_admin:inspect", sort_key="topic"),
        Column("requester_kind", label=_("Кто обращается"), accessor="get_requester_kind_display"),
        Column("area", label=_("Направление"), accessor="area"),
        Column("assignee", label=_("Методист"), accessor="assignee"),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
        Column("submitted_at", label=_("Поступила"), sort_key="submitted_at"),
        Column("due_on", label=_("Ответить до"), sort_key="due_on"),
        Column("overdue", label=_("Срок"), accessor=_overdue_mark),
    ]
    list_export = [
        "pk",
        "topic",
        "requester_kind",
        "area",
        "assignee",
        "status",
        "submitted_at",
        "due_on",
        "answered_at",
    ]
    export_headings = {"pk": _("Номер")}
    ordering = ["-submitted_at", "-pk"]
    # The generic add and edit views are built by the viewset but never routed (see get_urlpatterns).
    exclude_form_fields: list[str] = []

    def get_urlpatterns(self) -> list[Any]:
        keep = {"index", "index_results", "inspect"}
        return [
            *(p for p in super().get_urlpatterns() if getattr(p, "name", None) in keep),
            path("assign/<int:pk>/", AssignView.as_view(), name="assign"),
            path("answer/<int:pk>/", AnswerView.as_view(), name="answer"),
            path("close/<int:pk>/", CloseView.as_view(), name="close"),
        ]


class MyConsultationsView(PermissionScreen):
    """«Мои консультации»: open requests assigned to the methodologist signed in, oldest due first."""

    page_title = _("Мои консультации")
    header_icon = "help"
    template_name = "consultations/admin/mine.html"
    permission_required = VIEW_PERMISSION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultations = list(consultation_mine(user=self.request.user))
        for consultation in consultations:
            consultation.overdue = consultation.is_overdue()  # type: ignore[attr-defined]
        context["consultations"] = consultations
        return context


class MyConsultationsViewSet(ScreenViewSet):
    name = "consultations_mine"
    url_prefix = "consultations-mine"
    icon = "user"
    menu_label = _("Мои консультации")
    menu_order = 50
    screen = MyConsultationsView

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        # In the menu only for those who answer; the head and the chair reach the queue elsewhere.
        return permission_menu_item_class(ANSWER_PERMISSION)


class ConsultationsViewSetGroup(ViewSetGroup):
    menu_label = _("Консультации")
    menu_icon = "help"
    menu_order = 340
    items = (MyConsultationsViewSet, ConsultationViewSet)
