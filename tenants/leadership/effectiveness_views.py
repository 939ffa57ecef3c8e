"""Screens of effectiveness (issue 15 §1): the methodologist's table with the heat map, and the
assessment form — a leader's or a coordinator's self-assessment, or the methodologist's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenants.academic_years import AcademicYear
from tenants.bodies.models import ASSOCIATION_KINDS, Body
from tenants.leadership.effectiveness import (
    ASSESSOR_ROLES,
    READER_ROLES,
    Subject,
    assessment_get,
    assessors_allowed,
    criteria_active,
    effectiveness_assess,
    score_tables,
)
from tenants.leadership.models import Assessor, EffectivenessSubject
from tenants.leadership.views import WorkspaceView, held_roles
from tenants.organisations.models import Organisation


class EffectivenessView(WorkspaceView):
    page_title = gettext_lazy("Эффективность объединений и методических служб школ")
    header_icon = "table"
    template_name = "leadership/effectiveness.html"
    roles = READER_ROLES

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("year", "")
        year = AcademicYear(int(raw)) if raw.isdigit() and 2000 <= int(raw) <= 2100 else AcademicYear.current()
        context["year"] = year
        context["years"] = [year.previous(), year.next()]
        context["tables"] = score_tables(year)
        context["may_assess"] = bool(held_roles(self.request) & ASSESSOR_ROLES)
        return context


def _object(subject: str, pk: int) -> Subject | None:
    if subject == EffectivenessSubject.ASSOCIATION:
        return Body.objects.filter(pk=pk, kind__in=ASSOCIATION_KINDS).first()
    if subject == EffectivenessSubject.SCHOOL:
        return Organisation.objects.filter(pk=pk).first()
    return None


PREFIX = "criterion_"


class AssessmentForm(forms.Form):
    comment = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, criteria: list[Any], initial_scores: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"{PREFIX}{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                coerce=int,
                choices=[(n, str(n)) for n in range(criterion.max_score + 1)],
                initial=initial_scores.get(criterion.pk),
                help_text=criterion.source,
            )
        self.order_fields([f"{PREFIX}{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix(PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX)
        }


class AssessView(WorkspaceView):
    header_icon = "table"
    template_name = "leadership/assess.html"

    obj: Subject
    year: AcademicYear
    assessor: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not held_roles(request):
            raise PermissionDenied
        obj = _object(kwargs["subject"], kwargs["pk"])
        if obj is None or not 2000 <= kwargs["year"] <= 2100:
            raise Http404
        allowed = assessors_allowed(request.user, obj)
        if not allowed:
            raise Http404  # "not yours" as "missing"
        wanted = request.GET.get("as") or request.POST.get("as") or allowed[0]
        if wanted not in allowed:
            raise PermissionDenied
        self.obj, self.year, self.assessor = obj, AcademicYear(kwargs["year"]), wanted
        self.subject = kwargs["subject"]
        return super(WorkspaceView, self).dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        name = self.obj.name if isinstance(self.obj, Body) else self.obj.short_name
        return f"{Assessor(self.assessor).label}: {name}, {self.year.label}"

    def _form(self, data: Any = None) -> AssessmentForm:
        existing = assessment_get(self.obj, self.year, self.assessor)
        scores = {m.criterion_id: m.score for m in existing.marks.all()} if existing else {}
        return AssessmentForm(
            data,
            criteria=list(criteria_active(self.subject)),
            initial_scores=scores,
            initial={"comment": existing.comment if existing else ""},
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["assessor"] = self.assessor
        other = Assessor.METHODOLOGIST if self.assessor == Assessor.SELF else Assessor.SELF
        context["other"] = assessment_get(self.obj, self.year, other)
        context["other_label"] = Assessor(other).label
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            effectiveness_assess(
                obj=self.obj,
                academic_year=self.year,
                assessor=self.assessor,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Оценка сохранена."))
        return redirect(request.path + f"?as={self.assessor}")
