"""The leaders' workspace in the municipality's admin (issue 15 §1).

* an association leader's associations and each one's year: composition, plan, meetings with
  minutes, the year's analysis, and sending the plan and the analysis to the methodologist;
* the methodologist's table of plans and analyses to approve or return with a comment.

An association leader holds no permission on the bodies app, so its own screens (and Wagtail's
generic ones) refuse them; here every body is fetched through ``leader_body_get`` — the bodies
they lead, "missing" and "not yours" both a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Role
from accounts.selectors import user_roles
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyMaterial, BodyMeeting, BodyYear
from tenants.bodies.views import document_delivery
from tenants.leadership import selectors, services
from tenants.leadership.forms import LeaderMeetingForm, LeaderYearForm, ReviewDecisionForm
from tenants.leadership.models import LEADER_EDITABLE, BodyYearReview, ReviewPart, ReviewStatus
from tenants.municipalities.schemas import schema_active

FILE_FIELDS: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "year": (BodyYear, ("plan_file", "analysis_file")),
    "meeting": (BodyMeeting, ("minutes",)),
    "material": (BodyMaterial, ("file",)),
}


def held_roles(request: HttpRequest) -> frozenset[str]:
    if not request.user.is_authenticated:
        return frozenset()
    return user_roles(request.user).in_municipality(schema_active())


def _editable(review: BodyYearReview | None) -> bool:
    return review is None or review.status in LEADER_EDITABLE


class WorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    roles: frozenset[str] = frozenset()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request) & self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class LeaderBodiesView(WorkspaceView):
    page_title = gettext_lazy("Мои объединения")
    header_icon = "group"
    template_name = "leadership/leader_bodies.html"
    roles = frozenset({Role.ASSOCIATION_LEADER})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = AcademicYear.current()
        context["year"] = year
        context["rows"] = [
            selectors.leader_year(body=body, year=year) for body in selectors.leader_bodies(self.request.user)
        ]
        return context


class LeaderYearView(WorkspaceView):
    header_icon = "group"
    template_name = "leadership/leader_year.html"
    roles = frozenset({Role.ASSOCIATION_LEADER})

    body: Body
    year: AcademicYear

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request) & self.roles:
            raise PermissionDenied
        body = selectors.leader_body_get(request.user, kwargs["body_id"])
        if body is None or not 2000 <= kwargs["year"] <= 2100:
            raise Http404
        self.body, self.year = body, AcademicYear(kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.body.name}: {self.year.label}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        state = selectors.leader_year(body=self.body, year=self.year)
        body_year = state.body_year
        context["state"] = state
        context.update(
            body=self.body, year=self.year, year_url=reverse("leadership_year", args=[self.body.pk, self.year.start])
        )
        context.setdefault(
            "year_form",
            LeaderYearForm(
                prefix="year",
                initial={
                    "plan_text": body_year.plan_text if body_year else "",
                    "analysis_text": body_year.analysis_text if body_year else "",
                },
            ),
        )
        context.setdefault("meeting_form", LeaderMeetingForm(prefix="meeting"))
        context["parts"] = [
            {
                "part": part,
                "review": state.reviews.get(part.value),
                "editable": _editable(state.reviews.get(part.value)),
            }
            for part in ReviewPart
        ]
        context["years"] = [self.year.previous(), self.year.next()]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        here = reverse("leadership_year", args=[self.body.pk, self.year.start])
        try:
            if action == "year":
                form = LeaderYearForm(request.POST, request.FILES, prefix="year")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(year_form=form))
                data = form.cleaned_data
                state = selectors.leader_year(body=self.body, year=self.year)
                fields: dict[str, Any] = {}
                for part, names in services.PART_FIELDS.items():
                    if _editable(state.reviews.get(part.value)):
                        text, upload = names
                        fields[text] = data[text]
                        if data[upload]:
                            fields[upload] = data[upload]
                services.leader_year_save(body=self.body, academic_year=self.year, acting_user=request.user, **fields)
                messages.success(request, _("Сохранено."))
            elif action == "meeting":
                meeting_form = LeaderMeetingForm(request.POST, request.FILES, prefix="meeting")
                if not meeting_form.is_valid():
                    return self.render_to_response(self.get_context_data(meeting_form=meeting_form))
                services.leader_meeting_add(body=self.body, acting_user=request.user, **meeting_form.cleaned_data)
                messages.success(request, _("Заседание добавлено."))
            elif action == "submit" and request.POST.get("part") in ReviewPart.values:
                body_year = BodyYear.objects.filter(body=self.body, academic_year=self.year.start).first()
                if body_year is None:
                    raise ValidationError(_("Нечего отправлять: заполните текст или приложите файл."))
                services.review_submit(body_year=body_year, part=request.POST["part"], acting_user=request.user)
                messages.success(request, _("Отправлено методисту на утверждение."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(here)


@require_safe
def leader_file(request: HttpRequest, body_id: int, kind: str, pk: int, field: str) -> HttpResponseBase:
    """A plan, analysis, minutes or material file of a body the person leads; nothing of any other body."""
    if Role.ASSOCIATION_LEADER not in held_roles(request):
        raise PermissionDenied
    body = selectors.leader_body_get(request.user, body_id)
    model, fields = FILE_FIELDS.get(kind, (None, ()))
    if body is None or model is None or field not in fields:
        raise Http404
    instance = model._default_manager.filter(pk=pk, body=body).first()
    stored = getattr(instance, field, None) if instance is not None else None
    if not stored:
        raise Http404
    return document_delivery(stored)


class ReviewListView(WorkspaceView):
    page_title = gettext_lazy("Планы и анализ объединений на утверждении")
    header_icon = "tasks"
    template_name = "leadership/review_list.html"
    roles = services.REVIEWER_ROLES

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", ReviewStatus.SUBMITTED)
        status = status if status in ReviewStatus.values else ""
        context["status"] = status
        context["statuses"] = ReviewStatus.choices
        context["reviews"] = selectors.review_list(status=status or None)[:200]
        return context


class ReviewDecideView(WorkspaceView):
    header_icon = "tasks"
    template_name = "leadership/review_decide.html"
    roles = services.REVIEWER_ROLES

    review: BodyYearReview

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request) & self.roles:
            raise PermissionDenied
        review = selectors.review_list().filter(pk=kwargs["pk"]).first()
        if review is None:
            raise Http404
        self.review = review
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.review)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["review"] = self.review
        context["body_year"] = self.review.body_year
        context["is_plan"] = self.review.part == ReviewPart.PLAN
        context.setdefault("form", ReviewDecisionForm())
        context["can_decide"] = self.review.status == ReviewStatus.SUBMITTED
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        approve = request.POST.get("decision") == "approve"
        try:
            services.review_decide(
                review=self.review, approve=approve, comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Утверждено.") if approve else _("Возвращено на доработку."))
        return redirect("leadership_reviews")
