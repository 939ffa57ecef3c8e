"""The leader's composition and materials of their body's year (issue 15 §1; 002 table 2).

Like the year's screen, each body is fetched through ``leader_body_get``: a body the person does
not lead, or a member or material of another body, is a 404. Writes go to the leadership services,
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

from accounts.models import Role
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMaterial, BodyMembership
from tenants.bodies.selectors import body_composition, body_materials, body_year_get
from tenants.leadership import selectors, services
from tenants.leadership.forms import LeaderMemberForm, MaterialForm, MemberDatesForm
from tenants.leadership.views import WorkspaceView, held_roles
from tenants.people.models import Teacher


class LeaderBodyYearView(WorkspaceView):
    """A screen of one body the person leads, in one academic year."""

    header_icon = "group"
    roles = frozenset({Role.ASSOCIATION_LEADER})
    title_suffix: Any = ""
    url_name = ""

    body: Body
    year: AcademicYear

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request) & self.roles:
            raise PermissionDenied
        body = selectors.leader_body_get(request.user, kwargs["body_id"])
        if body is None or not 2000 <= kwargs["year"] <= 2100:
            raise Http404
        self.body, self.year = body, AcademicYear(kwargs["year"])
        return super(WorkspaceView, self).dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.title_suffix}: {self.body.name}, {self.year.label}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("leadership_bodies"), "label": _("Мои объединения")},
            {
                "url": reverse("leadership_year", args=[self.body.pk, self.year.start]),
                "label": f"{self.body.name}: {self.year.label}",
            },
            {"url": "", "label": self.title_suffix},
        ]

    def here(self) -> str:
        return reverse(self.url_name, args=[self.body.pk, self.year.start])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(body=self.body, year=self.year, is_active=self.body.is_active_in(self.year))
        context["years"] = [self.year.previous(), self.year.next()]
        context["year_url"] = reverse("leadership_year", args=[self.body.pk, self.year.start])
        return context


class LeaderCompositionView(LeaderBodyYearView):
    """Who is in the body this year: the leader adds teachers (their school's, for a ШМО), records
    when someone joined or left, and takes out who was added by mistake."""

    template_name = "leadership/leader_composition.html"
    url_name = "leadership_composition"

    title_suffix = gettext_lazy("Состав")

    def _teachers(self) -> Any:
        present = BodyMembership.objects.filter(body=self.body, academic_year=self.year.start).exclude(teacher=None)
        teachers = Teacher.objects.select_related("organisation").exclude(pk__in=present.values("teacher_id"))
        if self.body.kind == BodyKind.SCHOOL_ASSOCIATION:
            teachers = teachers.filter(organisation=self.body.organisation)
        return teachers.order_by("last_name", "first_name", "middle_name", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        composition = list(body_composition(body=self.body, academic_year=self.year))
        context["members"] = [
            {
                "membership": m,
                "editable": m.role in services.LEADER_GIVEN_ROLES,
                "form": MemberDatesForm(
                    prefix=f"m{m.pk}", initial={"start_date": m.start_date, "end_date": m.end_date}
                ),
            }
            for m in composition
        ]
        if "dates_form" in kwargs:
            for row in context["members"]:
                if row["membership"].pk == kwargs["dates_for"]:
                    row["form"] = kwargs["dates_form"]
        context.setdefault("member_form", LeaderMemberForm(prefix="member", teachers=self._teachers()))
        body_year = body_year_get(body=self.body, academic_year=self.year)
        context["approved"] = body_year is not None and body_year.is_approved
        context["body_year"] = body_year
        return context

    def _membership(self, request: HttpRequest) -> BodyMembership:
        raw = request.POST.get("id", "")
        membership = (
            BodyMembership.objects.filter(
                pk=int(raw) if raw.isdigit() else 0, body=self.body, academic_year=self.year.start
            )
            .select_related("body", "teacher")
            .first()
        )
        if membership is None:
            raise Http404
        return membership

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        try:
            if action == "add":
                form = LeaderMemberForm(request.POST, prefix="member", teachers=self._teachers())
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(member_form=form))
                try:
                    services.leader_member_add(
                        body=self.body, academic_year=self.year, acting_user=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    _form_errors(form, error)
                    return self.render_to_response(self.get_context_data(member_form=form))
                messages.success(request, _("Педагог включён в состав."))
            elif action == "dates":
                membership = self._membership(request)
                if membership.role not in services.LEADER_GIVEN_ROLES:
                    raise ValidationError(_("Руководителя в составе меняет методист, а в ШМО — координатор школы."))
                dates = MemberDatesForm(request.POST, prefix=f"m{membership.pk}")
                if not dates.is_valid():
                    return self.render_to_response(self.get_context_data(dates_form=dates, dates_for=membership.pk))
                try:
                    services.leader_member_update(membership=membership, acting_user=request.user, **dates.cleaned_data)
                except ValidationError as error:
                    _form_errors(dates, error)
                    return self.render_to_response(self.get_context_data(dates_form=dates, dates_for=membership.pk))
                messages.success(request, _("Сроки участия сохранены."))
            elif action == "remove":
                services.leader_member_remove(membership=self._membership(request), acting_user=request.user)
                messages.success(request, _("Участник исключён из состава."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.here())


class LeaderMaterialsView(LeaderBodyYearView):
    """The materials of the body's year: methodological developments, presentations of meetings,
    open lessons' outlines — checked by their content, kept in the municipality's storage."""

    template_name = "leadership/leader_materials.html"
    url_name = "leadership_materials"

    title_suffix = gettext_lazy("Материалы")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["materials"] = list(body_materials(body=self.body, academic_year=self.year))
        context.setdefault("form", MaterialForm(prefix="material"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "add":
            form = MaterialForm(request.POST, request.FILES, prefix="material")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            try:
                services.leader_material_add(
                    body=self.body, academic_year=self.year, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
                return self.render_to_response(self.get_context_data(form=form))
            messages.success(request, _("Материал загружен."))
        elif action == "delete":
            raw = request.POST.get("id", "")
            material = BodyMaterial.objects.filter(
                pk=int(raw) if raw.isdigit() else 0, body=self.body, academic_year=self.year.start
            ).first()
            if material is None:
                raise Http404
            services.leader_material_delete(material=material, acting_user=request.user)
            messages.success(request, _("Материал удалён."))
        else:
            raise Http404
        return redirect(self.here())


def _form_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: by field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
