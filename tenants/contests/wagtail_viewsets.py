"""Teachers' professional contests in the municipality's Wagtail admin («Конкурсы педагогов»).

The contest of a year with its results screen (how far each juror's sheet is filled, what keeps
the results from publication, publishing, then the protocol as DOCX/PDF and the diplomas), its
stages, nominations, criteria and jury; applications with their documents (checked by content);
the regional and federal results as the region reports them. No screen lists the jurors' marks:
before publication the organisers see only how many are missing. The app is a personal-data app
(``accounts.role_permissions``): the region's observers get none of it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen
from tenants.contests.documents import certificates_pdf, protocol_docx, protocol_pdf
from tenants.contests.imports import StageResultImportSpec
from tenants.contests.models import (
    REPORTED_LEVELS,
    Application,
    ApplicationDocument,
    Contest,
    ContestStage,
    Criterion,
    JuryMember,
    Level,
    Nomination,
    StageResult,
)
from tenants.contests.selectors import (
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    admitted_applications,
    contest_missing_marks,
    contest_results,
)
from tenants.contests.services import (
    contest_results_problems,
    contest_results_publish,
    contest_results_unpublish,
    document_check,
)
from tenants.downloads import stored_file_response
from tenants.imports.admin import ImportableIndexView, ImportableModelViewSet, user_can_import

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ContestViewSet(ModelViewSet):
    model = Contest
    name = "contests_admin"
    url_prefix = "contests"
    icon = "trophy"
    menu_label = gettext_lazy("Конкурсы")
    menu_order = 100
    copy_view_enabled = False
    list_filter = ["academic_year"]
    list_display = [
        TitleColumn("title", label=gettext_lazy("Конкурс (итоги)"), url_name="contests_admin:results"),
        Column("year", label=gettext_lazy("Учебный год"), accessor="year.label", sort_key="academic_year"),
        "applications_until",
        Column("published", label=gettext_lazy("Итоги опубликованы"), accessor="results_published_at"),
    ]
    ordering = ["-academic_year", "title"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("academic_year")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("applications_until"), FieldPanel("prize_places"), FieldPanel("is_public")]),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/results/", ContestResultsView.as_view(), name="results"),
            path("<int:pk>/protocol.<str:kind>", contest_protocol_file, name="protocol_file"),
            path("<int:pk>/certificates.pdf", contest_certificates, name="certificates"),
        ]


def _contest(pk: int) -> Contest:
    return get_object_or_404(Contest, pk=pk)


class ContestResultsView(PermissionScreen):
    """The municipal stage: sheets filled, what blocks publication, the results once published."""

    permission_required = VIEW_PERMISSION
    template_name = "contests/admin/results.html"
    header_icon = "trophy"

    def get_page_title(self) -> str:
        return _("Итоги: %(contest)s") % {"contest": self.contest}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.contest = _contest(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        published = self.contest.is_published
        missing = contest_missing_marks(self.contest) if not published else {}
        jury = list(JuryMember.objects.filter(contest=self.contest).select_related("teacher", "methodologist__user"))
        context.update(
            contest=self.contest,
            admitted=list(admitted_applications(self.contest)),
            jury=[(juror, missing.get(juror, 0)) for juror in jury],
            problems=[] if published else contest_results_problems(self.contest),
            results=contest_results(self.contest) if published else [],
            reported=[(Level(level).label, contest_results(self.contest, level)) for level in REPORTED_LEVELS],
            can_change=self.request.user.has_perm(CHANGE_PERMISSION),
            url=reverse("contests_admin:results", args=[self.contest.pk]),
            docx_url=reverse("contests_admin:protocol_file", args=[self.contest.pk, "docx"]),
            pdf_url=reverse("contests_admin:protocol_file", args=[self.contest.pk, "pdf"]),
            certificates_url=reverse("contests_admin:certificates", args=[self.contest.pk]),
            stage_results_url=reverse("contest_stage_results:index"),
            stage_results_import_url=reverse("contest_stage_results:import")
            if user_can_import(self.request.user, StageResult)
            else "",
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "publish":
                contest_results_publish(contest=self.contest, acting_user=request.user)
                messages.success(request, _("Итоги опубликованы и внесены в карточки педагогов."))
            elif action == "unpublish":
                contest_results_unpublish(contest=self.contest, acting_user=request.user)
                messages.success(request, _("Публикация итогов снята."))
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("contests_admin:results", pk=self.contest.pk)


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _published(pk: int, request: HttpRequest) -> Contest:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    contest = _contest(pk)
    if not contest.is_published:
        raise Http404(_("Итоги ещё не опубликованы."))
    return contest


def contest_protocol_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    contest = _published(pk, request)
    if kind == "docx":
        return _attachment(protocol_docx(contest), content_type=DOCX, filename=f"contest-{contest.pk}.docx")
    if kind == "pdf":
        return _attachment(protocol_pdf(contest), content_type="application/pdf", filename=f"contest-{contest.pk}.pdf")
    raise Http404


def contest_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    content = certificates_pdf(_published(pk, request))
    if content is None:
        raise Http404(_("В конкурсе нет победителей и призёров."))
    return _attachment(content, content_type="application/pdf", filename=f"contest-diplomas-{pk}.pdf")


class ContestStageViewSet(ModelViewSet):
    model = ContestStage
    name = "contests_stages"
    url_prefix = "contests/stages"
    icon = "date"
    menu_label = gettext_lazy("Этапы")
    menu_order = 200
    copy_view_enabled = False
    list_filter = ["level"]
    list_display = [TitleColumn("contest", label=gettext_lazy("Конкурс")), "level", "starts_on", "ends_on", "place"]
    ordering = ["-contest__academic_year", "contest__title", "level"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("contest"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("place"),
            FieldPanel("notes"),
        ]
    )


class NominationViewSet(ModelViewSet):
    model = Nomination
    name = "contest_nominations"
    url_prefix = "contests/nominations"
    icon = "tag"
    menu_label = gettext_lazy("Номинации")
    menu_order = 300
    copy_view_enabled = False
    list_display = [TitleColumn("title", label=gettext_lazy("Номинация")), "contest"]
    ordering = ["-contest__academic_year", "title"]
    form_fields = ["contest", "title"]


class CriterionViewSet(ModelViewSet):
    model = Criterion
    name = "contest_criteria"
    url_prefix = "contests/criteria"
    icon = "list-ol"
    menu_label = gettext_lazy("Критерии оценки")
    menu_order = 400
    copy_view_enabled = False
    list_display = [TitleColumn("title", label=gettext_lazy("Критерий")), "contest", "max_score", "order"]
    ordering = ["-contest__academic_year", "contest__title", "order"]
    edit_handler = ObjectList(
        [
            FieldPanel("contest"),
            FieldRowPanel([FieldPanel("title"), FieldPanel("max_score"), FieldPanel("order")]),
            FieldPanel("description"),
        ]
    )


class JuryMemberIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("contest", "teacher", "methodologist__user")


class JuryMemberViewSet(ModelViewSet):
    model = JuryMember
    name = "contest_jury"
    url_prefix = "contests/jury"
    icon = "group"
    menu_label = gettext_lazy("Жюри")
    menu_order = 500
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = JuryMemberIndexView
    list_display = [
        TitleColumn("name", label=gettext_lazy("Член жюри"), accessor="name"),
        "contest",
        BooleanColumn("is_chair", label=gettext_lazy("Председатель")),
    ]
    ordering = ["-contest__academic_year", "-is_chair"]
    edit_handler = ObjectList(
        [
            FieldPanel("contest"),
            FieldRowPanel([FieldPanel("teacher"), FieldPanel("methodologist")]),
            FieldPanel("is_chair"),
        ]
    )


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("contest", "teacher", "organisation", "nomination")


class ApplicationInspectView(generic.InspectView):
    template_name = "contests/admin/application_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["documents"] = [
            (d, reverse("contest_applications:document", args=[d.pk])) for d in self.object.documents.all()
        ]
        return context


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "contest_applications"
    url_prefix = "contests/applications"
    icon = "form"
    menu_label = gettext_lazy("Заявки")
    menu_order = 600
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    add_to_reference_index = False
    index_view_class = ApplicationIndexView
    list_filter = ["contest", "status", "nomination"]
    search_fields = ["teacher__last_name"]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "teacher", label=gettext_lazy("Педагог"), accessor="teacher.full_name", sort_key="teacher__last_name"
        ),
        Column("contest", label=gettext_lazy("Конкурс")),
        Column("organisation", label=gettext_lazy("Организация"), accessor="organisation.short_name"),
        Column("nomination", label=gettext_lazy("Номинация")),
        Column("status", label=gettext_lazy("Статус"), accessor="get_status_display", sort_key="status"),
        BooleanColumn("from_cabinet", label=gettext_lazy("Из кабинета")),
    ]
    ordering = ["-contest__academic_year", "teacher__last_name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("contest"), FieldPanel("teacher")]),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("nomination")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("tie_break")]),
            FieldPanel("decision_note"),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("documents/<int:pk>/", application_document, name="document")]


def application_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A document of an application, for the municipality's staff."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    document = get_object_or_404(ApplicationDocument, pk=pk)
    return stored_file_response(document.file, kind=document.file_format, public=False)


class ApplicationDocumentForm(WagtailAdminModelForm):
    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            try:
                self.instance.file_format = document_check(file)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from error
        return file


class ApplicationDocumentViewSet(ModelViewSet):
    model = ApplicationDocument
    name = "contest_documents"
    url_prefix = "contests/documents"
    icon = "doc-full"
    menu_label = gettext_lazy("Документы заявок")
    menu_order = 700
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [TitleColumn("title", label=gettext_lazy("Документ")), "application", "uploaded_at"]
    ordering = ["-uploaded_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("application"),
            FieldPanel("title"),
            FieldPanel("file", help_text=gettext_lazy("PDF, DOCX или ODT; тип проверяется по содержимому файла.")),
        ],
        base_form_class=ApplicationDocumentForm,
    )


class StageResultForm(WagtailAdminModelForm):
    """The regional and federal results only: the municipal ones come from the jury's sheets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lvl.value, lvl.label) for lvl in REPORTED_LEVELS]  # type: ignore[attr-defined]


class StageResultIndexView(ImportableIndexView):
    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("application__teacher", "application__contest", "application__nomination")
        )


class StageResultViewSet(ImportableModelViewSet):
    """Typed in one by one, or imported from the region's table (``StageResultImportSpec``)."""

    model = StageResult
    import_spec = StageResultImportSpec()
    name = "contest_stage_results"
    url_prefix = "contests/stage-results"
    icon = "success"
    menu_label = gettext_lazy("Итоги регионального и федерального этапов")
    menu_order = 800
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = StageResultIndexView
    list_filter = ["level", "result", "advances"]
    list_display = [
        TitleColumn("application", label=gettext_lazy("Участник")),
        Column("level", label=gettext_lazy("Этап"), accessor="get_level_display", sort_key="level"),
        Column("result", label=gettext_lazy("Итог"), accessor="get_result_display", sort_key="result"),
        "rank",
        BooleanColumn("advances", label=gettext_lazy("Проходит дальше")),
    ]
    ordering = ["-application__contest__academic_year", "level", "rank"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("application"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("result"), FieldPanel("rank"), FieldPanel("advances")]),
        ],
        base_form_class=StageResultForm,
    )


class ContestsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Конкурсы педагогов")
    menu_icon = "trophy"
    menu_order = 346
    items = (
        ContestViewSet,
        ContestStageViewSet,
        NominationViewSet,
        CriterionViewSet,
        JuryMemberViewSet,
        ApplicationViewSet,
        ApplicationDocumentViewSet,
        StageResultViewSet,
    )
