"""«Посещения учебных занятий» (004 §3.2): visits, their observed lessons with the form's marks, follow-up.

The visit's screen (the inspect view) lists its lessons; a lesson is written on one form —
teacher, subject, grade, topic, a mark 0–2 for each criterion of the municipality's observation
form, recommendations. Staff only: the region's observers hold no permission on visits.
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
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.people.models import Subject, Teacher
from tenants.quality.models import ObservationCriterion, ObservationMarkValue, Visit
from tenants.quality.selectors.visits import criteria_active, observation_get, visit_get
from tenants.quality.services.visits import MarkData, observation_delete, observation_save, visit_saved
from tenants.quality.wagtail_viewsets.common import errors_to_form


class VisitWriteMixin:
    def save_instance(self) -> Any:
        instance = super().save_instance()  # type: ignore[misc]
        visit_saved(instance)
        return instance


class VisitCreateView(VisitWriteMixin, generic.CreateView):
    def get_initial_form_instance(self) -> Visit | None:
        from tenants.quality.models import SupportProgramme

        programme_id = self.request.GET.get("programme", "")
        programme = SupportProgramme.objects.filter(pk=int(programme_id)).first() if programme_id.isdigit() else None
        if programme is None:
            return None
        return Visit(programme=programme, organisation=programme.organisation)


class VisitEditView(VisitWriteMixin, generic.EditView):
    pass


class VisitInspectView(generic.InspectView):
    template_name = "quality/admin/visit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit = visit_get(visit_id=self.object.pk)
        context.update(
            visit=visit,
            criteria=list(criteria_active()),
            can_change=self.request.user.has_perm("quality.change_visit"),
        )
        return context


class ObservationForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("Педагог"), queryset=Teacher.objects.none())
    subject = forms.ModelChoiceField(label=_("Предмет"), queryset=Subject.objects.all(), required=False)
    grade = forms.TypedChoiceField(
        label=_("Класс"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *[(g, str(g)) for g in range(1, 12)]],
    )
    class_letter = forms.CharField(label=_("Буква класса"), max_length=4, required=False)
    topic = forms.CharField(label=_("Тема урока"), max_length=500, required=False)
    recommendations = forms.CharField(
        label=_("Рекомендации педагогу"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, visit: Visit, criteria: list[ObservationCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["teacher"].queryset = Teacher.objects.filter(organisation_id=visit.organisation_id)  # type: ignore[attr-defined]
        for criterion in criteria:
            self.fields[f"mark_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, coerce=int, choices=ObservationMarkValue.choices, required=True
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Комментарий: %(criterion)s") % {"criterion": criterion.name}, max_length=500, required=False
            )

    def marks(self) -> list[MarkData]:
        return [
            MarkData(
                criterion=criterion,
                mark=self.cleaned_data[f"mark_{criterion.pk}"],
                comment=self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        ]


class ObservationView(WagtailAdminTemplateMixin, FormView):
    """One observed lesson of a visit: new, or changed."""

    template_name = "quality/admin/observation.html"
    header_icon = "view"
    form_class = ObservationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("quality.change_visit"):
            raise PermissionDenied
        visit = visit_get(visit_id=kwargs["pk"])
        if visit is None:
            raise Http404
        self.visit = visit
        self.observation = None
        if "observation" in kwargs:
            self.observation = observation_get(visit=visit, observation_id=kwargs["observation"])
            if self.observation is None:
                raise Http404
        self.criteria = list(criteria_active())
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Наблюдение урока")

    def get_page_subtitle(self) -> str:
        return str(self.visit)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(visit=self.visit, criteria=self.criteria)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        if self.observation is None:
            return {}
        o = self.observation
        initial: dict[str, Any] = {
            "teacher": o.teacher_id,
            "subject": o.subject_id,
            "grade": o.grade,
            "class_letter": o.class_letter,
            "topic": o.topic,
            "recommendations": o.recommendations,
        }
        for mark in o.marks.all():
            initial[f"mark_{mark.criterion_id}"] = mark.mark
            initial[f"comment_{mark.criterion_id}"] = mark.comment
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            visit=self.visit,
            observation=self.observation,
            general=[form[name] for name in ("teacher", "subject", "grade", "class_letter", "topic")],
            criteria_fields=[(form[f"mark_{c.pk}"], form[f"comment_{c.pk}"]) for c in self.criteria],
            recommendations=form["recommendations"],
        )
        return context

    def form_valid(self, form: ObservationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            observation_save(
                visit=self.visit,
                observation=self.observation,
                acting_user=self.request.user,
                teacher=data["teacher"],
                subject=data.get("subject"),
                grade=data.get("grade"),
                class_letter=data.get("class_letter", ""),
                topic=data.get("topic", ""),
                recommendations=data.get("recommendations", ""),
                marks=form.marks(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Наблюдение урока сохранено."))
        return redirect("quality_visits:inspect", self.visit.pk)


def observation_remove(request: HttpRequest, pk: int, observation: int) -> HttpResponse:
    if request.method != "POST" or not request.user.has_perm("quality.change_visit"):
        raise Http404
    visit = visit_get(visit_id=pk)
    found = observation_get(visit=visit, observation_id=observation) if visit is not None else None
    if visit is None or found is None:
        raise Http404
    observation_delete(observation=found, acting_user=request.user)
    messages.success(request, gettext_now("Наблюдение урока удалено."))
    return redirect(reverse("quality_visits:inspect", args=[visit.pk]))


class VisitIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation", "observer__user")


class VisitViewSet(ModelViewSet):
    model = Visit
    name = "quality_visits"
    url_prefix = "quality/visits"
    icon = "view"
    menu_label = _("Посещения учебных занятий")
    menu_order = 60
    index_view_class = VisitIndexView
    add_view_class = VisitCreateView
    edit_view_class = VisitEditView
    inspect_view_class = VisitInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["status", "organisation", "observer"]
    search_fields = ["organisation__short_name", "purpose"]
    ordering = ["-visited_on", "-pk"]
    list_display = [
        TitleColumn(
            "organisation",
            label=_("Организация"),
            accessor="organisation.short_name",
            url_name="quality_visits:inspect",
        ),
        Column("visited_on", label=_("Дата"), sort_key="visited_on"),
        Column("observer", label=_("Кто посещает")),
        Column("purpose", label=_("Цель")),
        Column("status", label=_("Статус"), accessor="get_status_display"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("visited_on")]),
            FieldRowPanel([FieldPanel("observer"), FieldPanel("status")]),
            FieldPanel("purpose"),
            FieldPanel("programme"),
            FieldPanel("findings"),
            FieldPanel("recommendations"),
            MultiFieldPanel(
                [
                    FieldPanel("follow_up"),
                    FieldRowPanel([FieldPanel("follow_up_due"), FieldPanel("follow_up_done_on")]),
                ],
                heading=_("После посещения"),
            ),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/lessons/add/", ObservationView.as_view(), name="observation_add"),
            path("<int:pk>/lessons/<int:observation>/", ObservationView.as_view(), name="observation_edit"),
            path("<int:pk>/lessons/<int:observation>/delete/", observation_remove, name="observation_delete"),
        ]


class CriterionViewSet(ModelViewSet):
    model = ObservationCriterion
    name = "quality_criteria"
    url_prefix = "quality/criteria"
    icon = "list-ul"
    menu_label = _("Критерии наблюдения урока")
    menu_order = 90
    copy_view_enabled = False
    add_to_reference_index = False
    ordering = ["position", "name"]
    list_display = [
        TitleColumn("name", label=_("Критерий"), url_name="quality_criteria:edit"),
        "position",
        Column(
            "is_active", label=_("В форме"), accessor=lambda c: gettext_now("да") if c.is_active else gettext_now("нет")
        ),
    ]
    form_fields = ["name", "code", "position", "is_active"]
