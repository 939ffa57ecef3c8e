"""The internship register in the municipality's Wagtail admin: sites, programmes, internships,
an internship's cohort (enrolment, applications, attendance, outcomes), the institute's proposals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.internships.models import EnrolmentStatus, Internship, InternshipProgramme, InternshipSite
from tenants.internships.selectors import internship_cohort, internship_with_places
from tenants.internships.services import attendance_mark, enrolment_decide, enrolment_enrol, internship_finish
from tenants.organisations.models import Organisation
from tenants.people.models import Teacher

ENROLMENT_VIEW = "internships.view_enrolment"
ENROLMENT_CHANGE = "internships.change_enrolment"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class InternshipSiteViewSet(ModelViewSet):
    model = InternshipSite
    name = "internship_sites"
    url_prefix = "internships/sites"
    icon = "site"
    menu_label = gettext_lazy("Площадки")
    menu_order = 100
    copy_view_enabled = False
    list_filter = ["is_public"]
    list_display = [
        TitleColumn("organisation", label=gettext_lazy("Организация"), url_name="internship_sites:edit"),
        Column("topic", label=gettext_lazy("Направление")),
        Column(
            "in_force", label=gettext_lazy("Статус действует"), accessor=lambda s: _("да") if s.in_force() else _("нет")
        ),
        "is_public",
    ]
    ordering = ["organisation__short_name", "pk"]
    edit_handler = ObjectList(
        [FieldPanel("site_status"), FieldPanel("description"), FieldPanel("contacts"), FieldPanel("is_public")]
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return InternshipSite.objects.select_related("organisation", "site_status")


class InternshipProgrammeViewSet(ModelViewSet):
    model = InternshipProgramme
    name = "internship_programmes"
    url_prefix = "internships/programmes"
    icon = "list-ul"
    menu_label = gettext_lazy("Программы")
    menu_order = 200
    copy_view_enabled = False
    list_filter = ["site", "audience"]
    search_fields = ["title"]
    search_backend_name = None
    list_display = [TitleColumn("title", label=gettext_lazy("Программа")), "site", "hours", "capacity"]
    ordering = ["site", "title"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("capacity"), FieldPanel("audience")]),
            FieldPanel("topics"),
            FieldPanel("description"),
        ]
    )


class InternshipViewSet(ModelViewSet):
    model = Internship
    name = "internships"
    url_prefix = "internships/internships"
    icon = "group"
    menu_label = gettext_lazy("Стажировки")
    menu_order = 300
    copy_view_enabled = False
    list_filter = ["programme__site", "cancelled", "with_institute"]
    list_display = [
        TitleColumn("programme", label=gettext_lazy("Стажировка (группа)"), url_name="internships:cohort"),
        "starts_on",
        "ends_on",
        "capacity",
        Column("finished_on", label=gettext_lazy("Итоги подведены"), accessor=lambda i: i.finished_on or "—"),
    ]
    ordering = ["-starts_on", "pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("capacity")]),
            FieldRowPanel([FieldPanel("applications_open"), FieldPanel("with_institute"), FieldPanel("cancelled")]),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("<int:pk>/cohort/", CohortView.as_view(), name="cohort")]


class CohortView(PermissionScreen):
    """An internship's cohort: enrol teachers or a school's team, answer applications, mark
    attendance, sum up the outcomes (each completion a PD record)."""

    permission_required = ENROLMENT_VIEW
    template_name = "internships/admin_cohort.html"
    header_icon = "group"

    internship: Internship

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        found = internship_with_places(pk=kwargs["pk"])
        if found is None:
            raise Http404
        self.internship = found
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.internship)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cohort = list(internship_cohort(internship=self.internship))
        context.update(
            internship=self.internship,
            free=max(self.internship.capacity - getattr(self.internship, "taken", 0), 0),
            enrolled=[e for e in cohort if e.status == EnrolmentStatus.ENROLLED],
            applications=[e for e in cohort if e.status == EnrolmentStatus.APPLIED],
            others=[e for e in cohort if e.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.APPLIED)],
            can_change=self.request.user.has_perm(ENROLMENT_CHANGE),
            teachers=Teacher.objects.select_related("organisation")
            .exclude(internship_enrolments__internship=self.internship)
            .order_by("last_name", "first_name", "pk"),
            organisations=Organisation.objects.order_by("short_name"),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(ENROLMENT_CHANGE):
            raise PermissionDenied
        action = request.POST.get("action", "")
        internship = self.internship
        try:
            if action == "enrol":
                ids = [int(v) for v in request.POST.getlist("teachers") if v.isdigit()]
                team_id = request.POST.get("team", "")
                team = Organisation.objects.filter(pk=int(team_id)).first() if team_id.isdigit() else None
                teachers = list(Teacher.objects.filter(pk__in=ids))
                enrolment_enrol(internship=internship, teachers=teachers, team=team, acting_user=request.user)
                messages.success(request, _("Зачислено: %(n)d.") % {"n": len(teachers)})
            elif action in ("accept", "decline"):
                enrolment = get_object_or_404(internship.enrolments, pk=request.POST.get("enrolment") or 0)
                enrolment_decide(
                    enrolment=enrolment, accept=action == "accept", answer=request.POST.get("answer", "")[:500],
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, _("Ответ на заявку сохранён."))
            elif action == "attendance":
                marks = {
                    e.pk: f"attended-{e.pk}" in request.POST
                    for e in internship.enrolments.filter(status=EnrolmentStatus.ENROLLED)
                }
                attendance_mark(internship=internship, attended=marks, acting_user=request.user)
                messages.success(request, _("Посещаемость отмечена."))
            elif action == "finish":
                records = internship_finish(internship=internship, acting_user=request.user)
                messages.success(
                    request, _("Итоги подведены; записей о повышении квалификации: %(n)d.") % {"n": len(records)}
                )
            else:
                messages.error(request, _("Неизвестное действие."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("internships:cohort", pk=internship.pk)


class ProposalsView(PermissionScreen):
    """The institute's proposals of regional internships on this municipality's sites: accept or decline."""

    permission_required = "internships.view_internshipsite"
    template_name = "internships/admin_proposals.html"
    header_icon = "mail"
    page_title = gettext_lazy("Предложения ЛОИРО")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from regional_banks.selectors import internship_proposals_of
        from tenants.municipalities.selectors import current_municipality

        context = super().get_context_data(**kwargs)
        municipality = current_municipality()
        if municipality is None:
            raise Http404
        context.update(
            proposals=list(internship_proposals_of(municipality=municipality)),
            can_change=self.request.user.has_perm("internships.add_internship"),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        from regional_banks.selectors import internship_proposal_of
        from tenants.internships.proposals import internship_proposal_accept, internship_proposal_decline
        from tenants.municipalities.selectors import current_municipality

        if not request.user.has_perm("internships.add_internship"):
            raise PermissionDenied
        municipality = current_municipality()
        raw = request.POST.get("proposal", "")
        if municipality is None or not raw.isdigit():
            raise Http404
        proposal = internship_proposal_of(municipality=municipality, pk=int(raw))
        if proposal is None:
            raise Http404
        try:
            if request.POST.get("action") == "accept":
                internship = internship_proposal_accept(
                    proposal=proposal, municipality=municipality, acting_user=request.user
                )
                messages.success(request, _("Предложение принято: стажировка внесена в реестр."))
                return redirect("internships:cohort", pk=internship.pk)
            internship_proposal_decline(
                proposal=proposal, municipality=municipality, acting_user=request.user,
                answer=request.POST.get("answer", "")[:2000],
            )  # fmt: skip
            messages.success(request, _("Предложение отклонено."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("internship_proposals:index")


class ProposalsViewSet(ScreenViewSet):
    name = "internship_proposals"
    url_prefix = "internships/proposals"
    icon = "mail"
    menu_label = gettext_lazy("Предложения ЛОИРО")
    menu_order = 400
    screen = ProposalsView


class InternshipsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Стажировки")
    menu_icon = "group"
    menu_order = 356
    items = (InternshipSiteViewSet, InternshipProgrammeViewSet, InternshipViewSet, ProposalsViewSet)
