"""Needs questionnaires in the municipality's Wagtail admin: questionnaires and their questions
(generic views), the questionnaire's card (questions, recipients, sending, closing) and its
results (charts, filters, XLSX)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen
from tenants.needs.models import Question, Questionnaire, QuestionnaireStatus
from tenants.needs.results import questionnaire_results, results_xlsx
from tenants.needs.selectors import (
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    questionnaire_list,
    teacher_list_for_sending,
)
from tenants.needs.services import invitations_resend, questionnaire_close, questionnaire_send
from tenants.organisations.models import Organisation
from tenants.people.models import QualificationCategory, StaffKind, Subject

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class QuestionnaireIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return questionnaire_list()


class QuestionnaireViewSet(ModelViewSet):
    model = Questionnaire
    index_view_class = QuestionnaireIndexView
    name = "needs_questionnaires"
    url_prefix = "needs/questionnaires"
    icon = "form"
    menu_label = gettext_lazy("Анкеты")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["status", "is_anonymous"]
    search_fields = ["title"]
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=gettext_lazy("Анкета (карточка)"), url_name="needs_questionnaires:card"),
        Column("status", label=gettext_lazy("Статус"), accessor="get_status_display", sort_key="status"),
        "closes_on",
        Column("recipients_count", label=gettext_lazy("Адресатов")),
        Column("answered_count", label=gettext_lazy("Ответили")),
    ]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("closes_on"), FieldPanel("is_anonymous")]),
            FieldPanel("description"),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/card/", QuestionnaireCardView.as_view(), name="card"),
            path("<int:pk>/send/", QuestionnaireSendView.as_view(), name="send"),
            path("<int:pk>/results/", QuestionnaireResultsView.as_view(), name="results"),
            path("<int:pk>/results.xlsx", QuestionnaireExportView.as_view(), name="export"),
        ]


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "needs_questions"
    url_prefix = "needs/questions"
    icon = "help"
    menu_label = gettext_lazy("Вопросы анкет")
    menu_order = 200
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["questionnaire", "kind"]
    list_display = [TitleColumn("text", label=gettext_lazy("Вопрос")), "questionnaire", "position", "kind"]
    ordering = ["questionnaire", "position"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("questionnaire"), FieldPanel("position"), FieldPanel("kind")]),
            FieldPanel("text"),
            FieldRowPanel([FieldPanel("required"), FieldPanel("competence_area")]),
            FieldRowPanel(
                [FieldPanel("scale_min"), FieldPanel("scale_max"), FieldPanel("need_at_most")],
                heading=gettext_lazy("Шкала"),
            ),
            FieldRowPanel([FieldPanel("scale_min_label"), FieldPanel("scale_max_label")]),
            InlinePanel(
                "options",
                heading=gettext_lazy("Варианты ответа (для вопросов с выбором)"),
                label=gettext_lazy("Вариант"),
            ),
        ]
    )


class _QuestionnaireScreen(PermissionScreen):
    permission_required = VIEW_PERMISSION
    header_icon = "form"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.questionnaire = get_object_or_404(questionnaire_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.questionnaire)

    def _may_change(self) -> bool:
        return bool(self.request.user.has_perm(CHANGE_PERMISSION))


class QuestionnaireCardView(_QuestionnaireScreen):
    """The questionnaire, its questions and who it went to; closing it."""

    template_name = "needs/admin/card.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questionnaire = self.questionnaire
        context.update(
            questionnaire=questionnaire,
            questions=list(questionnaire.questions.prefetch_related("options").select_related("competence_area")),
            recipients=list(questionnaire.recipients.select_related("teacher", "teacher__organisation")),
            can_change=self._may_change(),
            is_draft=questionnaire.status == QuestionnaireStatus.DRAFT,
            is_closed=questionnaire.status == QuestionnaireStatus.CLOSED,
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self._may_change():
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "close":
            questionnaire_close(questionnaire=self.questionnaire, acting_user=request.user)
            messages.success(request, _("Опрос завершён: ссылки больше не действуют."))
        elif action == "resend":
            try:
                due = invitations_resend(questionnaire=self.questionnaire, acting_user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Писем к отправке: %(n)s.") % {"n": due})
        return redirect("needs_questionnaires:card", pk=self.questionnaire.pk)


class SendForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Организации"), queryset=Organisation.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    subjects = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Предметы"), queryset=Subject.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    staff_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Категория работников"), choices=StaffKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Квалификационная категория"), choices=QualificationCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("short_name")  # type: ignore[attr-defined]
        self.fields["subjects"].queryset = Subject.objects.all()  # type: ignore[attr-defined]

    def teachers(self) -> Any:
        data = self.cleaned_data
        return teacher_list_for_sending(
            organisation_ids=[o.pk for o in data.get("organisations") or []],
            subject_ids=[s.pk for s in data.get("subjects") or []],
            staff_kinds=data.get("staff_kinds") or [],
            categories=data.get("categories") or [],
        )


class QuestionnaireSendView(_QuestionnaireScreen):
    """Choose teachers by organisation, subject and category, see who they are, send."""

    permission_required = CHANGE_PERMISSION
    template_name = "needs/admin/send.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or SendForm(self.request.GET or None)
        teachers = list(form.teachers()[:500]) if form.is_bound and form.is_valid() else []
        context.update(questionnaire=self.questionnaire, form=form, teachers=teachers)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = SendForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            created = questionnaire_send(
                questionnaire=self.questionnaire, teachers=form.teachers(), acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Анкета разослана: новых адресатов %(n)s.") % {"n": len(created)})
        return redirect("needs_questionnaires:card", pk=self.questionnaire.pk)


class ResultsFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Организация"), queryset=Organisation.objects.none(), required=False,
        empty_label=gettext_lazy("Все"),
    )  # fmt: skip
    subject = forms.ModelChoiceField(
        label=gettext_lazy("Предмет"), queryset=Subject.objects.none(), required=False, empty_label=gettext_lazy("Все")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("short_name")  # type: ignore[attr-defined]
        self.fields["subject"].queryset = Subject.objects.all()  # type: ignore[attr-defined]

    def chosen(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"organisation_id": None, "subject_id": None}
        organisation, subject = self.cleaned_data.get("organisation"), self.cleaned_data.get("subject")
        return {
            "organisation_id": organisation.pk if organisation else None,
            "subject_id": subject.pk if subject else None,
        }

    def described(self) -> str:
        if not self.is_valid():
            return ""
        parts = [str(v) for v in (self.cleaned_data.get("organisation"), self.cleaned_data.get("subject")) if v]
        return "; ".join(parts)


class QuestionnaireResultsView(_QuestionnaireScreen):
    template_name = "needs/admin/results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ResultsFilterForm(self.request.GET or None)
        context.update(
            questionnaire=self.questionnaire,
            form=form,
            results=questionnaire_results(self.questionnaire, **form.chosen()),
            query=self.request.GET.urlencode(),
        )
        return context


class QuestionnaireExportView(_QuestionnaireScreen):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ResultsFilterForm(request.GET or None)
        results = questionnaire_results(self.questionnaire, with_suggestions=False, **form.chosen())
        response = HttpResponse(results_xlsx(results, filters=form.described()), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="needs-{self.questionnaire.pk}.xlsx"'
        return response


class NeedsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Потребности педагогов")
    menu_icon = "form"
    menu_order = 345
    items = (QuestionnaireViewSet, QuestionViewSet)
