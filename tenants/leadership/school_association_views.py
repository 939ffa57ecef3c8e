"""The coordinator's screens of their school's ШМО (issue 15 §1; 002 table 1, 004 §3.2): create a
ШМО, change what it is, set the year's leader (a teacher of the school), keep the year's plan.

Every ШМО is fetched through ``coordinator_association_get``: a ШМО of another school, or a body
of another kind, is a 404. The writes are ``tenants.leadership.school_associations``' services,
which check the binding again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.models import Role
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyYear
from tenants.bodies.selectors import body_composition, body_year_get
from tenants.bodies.views import document_delivery
from tenants.leadership import school_associations as shmo
from tenants.leadership.composition_views import _form_errors
from tenants.leadership.forms import LeaderSetForm, PlanForm, SchoolAssociationCreateForm, SchoolAssociationEditForm
from tenants.leadership.views import WorkspaceView, held_roles
from tenants.organisations.models import Organisation
from tenants.organisations.selectors import user_coordinated_organisation

COORDINATOR = frozenset({Role.SCHOOL_COORDINATOR})


class CoordinatorView(WorkspaceView):
    header_icon = "clipboard-list"
    roles = COORDINATOR

    organisation: Organisation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request) & self.roles:
            raise PermissionDenied
        organisation = user_coordinated_organisation(request.user)
        if organisation is None:
            raise PermissionDenied
        self.organisation = organisation
        self.setup_object(request, **kwargs)
        return super(WorkspaceView, self).dispatch(request, *args, **kwargs)

    def setup_object(self, request: HttpRequest, **kwargs: Any) -> None:
        pass

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("leadership_school"), "label": _("Методическая карта школы")},
            {"url": "", "label": self.get_page_title()},
        ]


class SchoolAssociationCreateView(CoordinatorView):
    page_title = gettext_lazy("Новое ШМО")
    template_name = "leadership/school_association_add.html"

    def _form(self, data: Any = None) -> SchoolAssociationCreateForm:
        return SchoolAssociationCreateForm(data, prefix="shmo", teachers=shmo.school_teachers(self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["organisation"] = self.organisation
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = dict(form.cleaned_data)
        since_year = AcademicYear(data.pop("since_year"))
        try:
            body = shmo.coordinator_association_create(
                organisation=self.organisation, since_year=since_year, acting_user=request.user, **data
            )
        except ValidationError as error:
            _form_errors(form, _renamed(error, {"head": "leader"}))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("ШМО создано."))
        return redirect("leadership_school_association", body.pk, since_year.start)


class SchoolAssociationView(CoordinatorView):
    """One ШМО of the school in one year: what it is, its leader, its composition, its plan."""

    template_name = "leadership/school_association.html"

    body: Body
    year: AcademicYear

    def setup_object(self, request: HttpRequest, **kwargs: Any) -> None:
        body = shmo.coordinator_association_get(request.user, kwargs["body_id"])
        if body is None or not 2000 <= kwargs["year"] <= 2100:
            raise Http404
        self.body, self.year = body, AcademicYear(kwargs["year"])

    def get_page_title(self) -> str:
        return f"{self.body.name}: {self.year.label}"

    def here(self) -> str:
        return reverse("leadership_school_association", args=[self.body.pk, self.year.start])

    def _edit_form(self, data: Any = None) -> SchoolAssociationEditForm:
        body = self.body
        initial = {name: getattr(body, name) for name in ("name", "category", "topic", "goal", "description")}
        initial.update(subject=body.subject_id, until_year=body.until_year)
        return SchoolAssociationEditForm(data, prefix="shmo", initial=initial, since_year=body.since_year)

    def _leader_form(self, data: Any = None) -> LeaderSetForm:
        current = shmo.association_leader_membership(body=self.body, academic_year=self.year)
        return LeaderSetForm(
            data,
            prefix="leader",
            teachers=shmo.school_teachers(self.organisation),
            initial={"teacher": current.teacher_id if current else None},
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        body_year = body_year_get(body=self.body, academic_year=self.year)
        context.update(
            body=self.body,
            year=self.year,
            years=[self.year.previous(), self.year.next()],
            is_active=self.body.is_active_in(self.year),
            leader=shmo.association_leader_membership(body=self.body, academic_year=self.year),
            composition=list(body_composition(body=self.body, academic_year=self.year)),
            body_year=body_year,
            plan_review=shmo.plan_review(body_year),
            plan_editable=shmo.plan_editable(body_year),
        )
        context.setdefault("edit_form", self._edit_form())
        context.setdefault("leader_form", self._leader_form())
        context.setdefault(
            "plan_form", PlanForm(prefix="plan", initial={"plan_text": body_year.plan_text if body_year else ""})
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "edit":
            form: Any = self._edit_form(request.POST)
            key = "edit_form"
        elif action == "leader":
            form = self._leader_form(request.POST)
            key = "leader_form"
        elif action == "plan":
            form = PlanForm(request.POST, request.FILES, prefix="plan")
            key = "plan_form"
        else:
            raise Http404
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{key: form}))
        data = form.cleaned_data
        try:
            if action == "edit":
                shmo.coordinator_association_update(body=self.body, acting_user=request.user, **data)
                done = _("Сохранено.")
            elif action == "leader":
                shmo.coordinator_association_leader_set(
                    body=self.body, academic_year=self.year, teacher=data["teacher"], acting_user=request.user
                )
                done = _("Руководитель ШМО назначен.")
            else:
                shmo.coordinator_association_plan_save(
                    body=self.body,
                    academic_year=self.year,
                    plan_text=data["plan_text"],
                    plan_file=data["plan_file"] or None,
                    acting_user=request.user,
                )
                done = _("План сохранён.")
        except ValidationError as error:
            self.body.refresh_from_db()
            _form_errors(form, error)
            return self.render_to_response(self.get_context_data(**{key: form}))
        messages.success(request, done)
        return redirect(self.here())


@require_safe
def school_association_file(request: HttpRequest, body_id: int, pk: int, field: str) -> HttpResponseBase:
    """The plan or analysis file of a ШМО of the coordinator's school; nothing of any other body."""
    if Role.SCHOOL_COORDINATOR not in held_roles(request):
        raise PermissionDenied
    body = shmo.coordinator_association_get(request.user, body_id)
    if body is None or field not in ("plan_file", "analysis_file"):
        raise Http404
    body_year = BodyYear.objects.filter(pk=pk, body=body).first()
    stored = getattr(body_year, field, None) if body_year is not None else None
    if not stored:
        raise Http404
    return document_delivery(stored)


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(field, field): errors for field, errors in error.error_dict.items()})
