"""The olympiad in the municipality's Wagtail admin («Олимпиады»).

The year (organising committee), its rounds (subject × stage: date, place, jury, maximum score,
quota) with each round's protocol screen (ranking by grade, what keeps it from publication,
suggested statuses, DOCX/PDF, certificates), passing scores, the school stage's counts and the
named participants (import from XLSX, export). Every model of the app is kept from the region's
observers (a personal-data app in ``accounts.role_permissions``): names stay with the organisers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen
from tenants.imports.admin import ImportableIndexView, ImportableModelViewSet
from tenants.olympiads.documents import certificates_pdf, protocol_docx, protocol_pdf
from tenants.olympiads.imports import ParticipantImportSpec
from tenants.olympiads.models import Olympiad, Participant, PassingScore, Round, SchoolStageCount
from tenants.olympiads.rules import Entry, statuses_suggest
from tenants.olympiads.selectors import VIEW_PERMISSION, round_participants
from tenants.olympiads.services import (
    round_protocol_problems,
    round_protocol_publish,
    round_protocol_unpublish,
    round_statuses_apply,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class OlympiadViewSet(ModelViewSet):
    model = Olympiad
    name = "olympiads"
    icon = "trophy"
    menu_label = gettext_lazy("Олимпиада года")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", Column("year", label=gettext_lazy("Учебный год"), accessor="year.label")]
    ordering = ["-academic_year"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("academic_year"), FieldPanel("title")]),
            FieldPanel("committee"),
            FieldPanel("notes"),
        ]
    )


class RoundFilterSet(WagtailFilterSet):
    class Meta:
        model = Round
        fields = ["olympiad", "stage", "subject"]


class RoundIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("olympiad")


class RoundViewSet(ModelViewSet):
    model = Round
    name = "olympiad_rounds"
    url_prefix = "olympiads/rounds"
    icon = "list-ol"
    menu_label = gettext_lazy("Этапы по предметам")
    menu_order = 200
    copy_view_enabled = False
    index_view_class = RoundIndexView
    filterset_class = RoundFilterSet
    list_display = [
        TitleColumn(
            "subject",
            label=gettext_lazy("Предмет (протокол)"),
            accessor="get_subject_display",
            sort_key="subject",
            url_name="olympiad_rounds:protocol",
        ),
        Column("stage", label=gettext_lazy("Этап"), accessor="get_stage_display", sort_key="stage"),
        Column("year", label=gettext_lazy("Учебный год"), accessor="olympiad.year.label"),
        Column("held_on", label=gettext_lazy("Дата"), sort_key="held_on"),
        Column("published", label=gettext_lazy("Протокол опубликован"), accessor="protocol_published_at"),
    ]
    ordering = ["-olympiad__academic_year", "subject", "stage"]
    edit_handler = ObjectList(
        [
            FieldPanel("olympiad"),
            FieldRowPanel([FieldPanel("subject"), FieldPanel("stage")]),
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("place")]),
            FieldRowPanel([FieldPanel("max_score"), FieldPanel("awarded_quota")]),
            FieldPanel("jury"),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/protocol/", RoundProtocolView.as_view(), name="protocol"),
            path("<int:pk>/protocol.<str:kind>", round_protocol_file, name="protocol_file"),
            path("<int:pk>/certificates.pdf", round_certificates, name="certificates"),
        ]


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("olympiad"), pk=pk)


class RoundProtocolView(PermissionScreen):
    """A round's protocol: the ranking by grade, what blocks publication, and the actions."""

    permission_required = VIEW_PERMISSION
    template_name = "olympiads/admin/protocol.html"
    header_icon = "list-ol"

    def get_page_title(self) -> str:
        return _("Протокол: %(round)s") % {"round": self.round}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.round = _round(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participants = list(round_participants(self.round)) if self.round.is_named else []
        suggested = statuses_suggest(
            [Entry(p.pk, p.grade, p.score, p.status) for p in participants],
            quota_percent=self.round.awarded_quota,
            max_score=self.round.max_score,
        )
        labels = dict(Participant._meta.get_field("status").choices or [])
        context.update(
            round=self.round,
            rows=[
                (p, labels.get(suggested.get(p.pk)) if suggested.get(p.pk) != p.status else None) for p in participants
            ],
            problems=round_protocol_problems(self.round) if self.round.is_named else [],
            can_change=self.request.user.has_perm("olympiads.change_participant"),
            passing_scores=list(self.round.passing_scores.all()),
            url=reverse("olympiad_rounds:protocol", args=[self.round.pk]),
            docx_url=reverse("olympiad_rounds:protocol_file", args=[self.round.pk, "docx"]),
            pdf_url=reverse("olympiad_rounds:protocol_file", args=[self.round.pk, "pdf"]),
            certificates_url=reverse("olympiad_rounds:certificates", args=[self.round.pk]),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("olympiads.change_participant"):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "publish":
                round_protocol_publish(round_=self.round, acting_user=request.user)
                messages.success(request, _("Протокол опубликован."))
            elif action == "unpublish":
                round_protocol_unpublish(round_=self.round, acting_user=request.user)
                messages.success(request, _("Публикация протокола снята."))
            elif action == "statuses":
                changed = round_statuses_apply(round_=self.round, acting_user=request.user)
                messages.success(request, _("Статусы по правилам проставлены; изменено: %(n)d.") % {"n": changed})
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("olympiad_rounds:protocol", pk=self.round.pk)


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def round_protocol_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    round_ = _round(pk)
    if kind == "docx":
        return _attachment(protocol_docx(round_), content_type=DOCX, filename=f"protocol-{round_.pk}.docx")
    if kind == "pdf":
        return _attachment(protocol_pdf(round_), content_type="application/pdf", filename=f"protocol-{round_.pk}.pdf")
    raise Http404


def round_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    content = certificates_pdf(_round(pk))
    if content is None:
        raise Http404(_("В этапе нет победителей и призёров."))
    return _attachment(content, content_type="application/pdf", filename=f"certificates-{pk}.pdf")


class PassingScoreViewSet(ModelViewSet):
    model = PassingScore
    name = "olympiad_passing_scores"
    url_prefix = "olympiads/passing-scores"
    icon = "success"
    menu_label = gettext_lazy("Проходные баллы")
    menu_order = 300
    copy_view_enabled = False
    list_filter = ["grade"]
    list_display = [TitleColumn("round", label=gettext_lazy("Этап")), "grade", "score"]
    ordering = ["round", "grade"]
    edit_handler = ObjectList([FieldPanel("round"), FieldRowPanel([FieldPanel("grade"), FieldPanel("score")])])


class SchoolStageCountViewSet(ModelViewSet):
    model = SchoolStageCount
    name = "olympiad_school_counts"
    url_prefix = "olympiads/school-stage"
    icon = "table"
    menu_label = gettext_lazy("Школьный этап: итоги")
    menu_order = 400
    copy_view_enabled = False
    list_filter = ["organisation", "grade"]
    list_display = [
        TitleColumn("round", label=gettext_lazy("Этап")),
        Column("organisation", label=gettext_lazy("Организация"), accessor="organisation.short_name"),
        "grade",
        "participants",
        "winners",
        "prize_winners",
    ]
    ordering = ["round", "organisation__short_name", "grade"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("round"), FieldPanel("organisation"), FieldPanel("grade")]),
            FieldRowPanel([FieldPanel("participants"), FieldPanel("winners"), FieldPanel("prize_winners")]),
        ]
    )


class ParticipantFilterSet(WagtailFilterSet):
    class Meta:
        model = Participant
        fields = ["round", "status", "grade", "organisation", "advances"]


class ParticipantIndexView(ImportableIndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("round__olympiad", "organisation")


class ParticipantViewSet(ImportableModelViewSet):
    model = Participant
    import_spec = ParticipantImportSpec()
    name = "olympiad_participants"
    url_prefix = "olympiads/participants"
    icon = "user"
    menu_label = gettext_lazy("Участники (с муниципального этапа)")
    menu_order = 500
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = ParticipantIndexView
    filterset_class = ParticipantFilterSet
    search_fields = ["last_name", "first_name"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        TitleColumn("last_name", label=gettext_lazy("Участник"), accessor="full_name", sort_key="last_name"),
        Column("round", label=gettext_lazy("Этап")),
        Column("grade", label=gettext_lazy("Класс"), sort_key="grade"),
        Column("organisation", label=gettext_lazy("Организация"), accessor="organisation.short_name"),
        Column("score", label=gettext_lazy("Баллы"), sort_key="score"),
        Column("status", label=gettext_lazy("Статус"), accessor="get_status_display", sort_key="status"),
        BooleanColumn("advances", label=gettext_lazy("Проходит дальше")),
    ]
    ordering = ["round", "grade", "-score", "last_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("round"),
            FieldRowPanel([FieldPanel("last_name"), FieldPanel("first_name"), FieldPanel("middle_name")]),
            FieldRowPanel([FieldPanel("grade"), FieldPanel("organisation"), FieldPanel("teacher")]),
            FieldRowPanel([FieldPanel("score"), FieldPanel("status")]),
            FieldPanel("publication_consent"),
        ]
    )


class OlympiadsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Олимпиады")
    menu_icon = "trophy"
    menu_order = 345
    items = (OlympiadViewSet, RoundViewSet, PassingScoreViewSet, SchoolStageCountViewSet, ParticipantViewSet)
