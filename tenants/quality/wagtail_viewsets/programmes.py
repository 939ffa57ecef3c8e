"""«Программы поддержки»: targeted help per organisation — curator, risk factors, roadmap, effect.

The programme's screen (the inspect view) shows its measures with what each produced, the
visits, and the effect (the next procedures' indicators against the first year's). The buttons
follow the lifecycle's rules (``services.programmes``): the head starts and cancels, the curator
or the head finishes; only a draft is deleted. Staff only — measures name teachers.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from assessment.models import AssessmentSubject
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.bodies.models import Body
from tenants.consultations.models import Consultation
from tenants.development.models import CourseRecord
from tenants.events.models import Event
from tenants.mentoring.models import Mentorship
from tenants.people.models import Teacher
from tenants.quality.models import (
    FlagKind,
    ProgrammeStatus,
    RiskFactor,
    SupportMeasure,
    SupportProgramme,
    Visit,
)
from tenants.quality.selectors.effect import programme_effect
from tenants.quality.selectors.programmes import measure_get, programme_get, programme_visits
from tenants.quality.services import programmes as services
from tenants.quality.wagtail_viewsets.common import ServiceFormMixin, errors_to_form

EDITABLE = (*services.PROGRAMME_FIELDS, "subjects")


class ProgrammeForm(WagtailAdminModelForm):
    academic_year = forms.TypedChoiceField(label=_("Базовый учебный год"), coerce=int, choices=())
    reasons = forms.MultipleChoiceField(
        label=_("Причины"), choices=FlagKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    risk_factors = forms.MultipleChoiceField(
        label=_("Факторы риска"), choices=RiskFactor.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Предметы"),
        queryset=AssessmentSubject.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("По ним оценивается эффект; пусто — все предметы."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices(before=3, after=1)  # type: ignore[attr-defined]


def _data(form: forms.ModelForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name in EDITABLE}


class ProgrammeCreateView(ServiceFormMixin, generic.CreateView):
    def get_initial_form_instance(self) -> SupportProgramme | None:
        from tenants.organisations.models import Organisation

        organisation_id, year = self.request.GET.get("organisation", ""), self.request.GET.get("year", "")
        organisation = (
            Organisation.objects.filter(pk=int(organisation_id)).first() if organisation_id.isdigit() else None
        )
        start = int(year) if year.isdigit() else AcademicYear.current().start
        today = timezone.localdate()
        return SupportProgramme(
            organisation=organisation,
            academic_year=start,
            starts_on=today,
            ends_on=AcademicYear(start).last_day if AcademicYear(start).last_day > today else today,
        )

    def save_instance(self) -> SupportProgramme:
        return services.programme_create(acting_user=self.request.user, **_data(self.form))


class ProgrammeEditView(ServiceFormMixin, generic.EditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        programme = SupportProgramme.objects.filter(pk=int(kwargs["pk"])).select_related("curator").first()
        if programme is not None and not services.user_may_edit(request.user, programme):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self) -> SupportProgramme:
        return services.programme_update(programme=self.object, acting_user=self.request.user, data=_data(self.form))

    def get_success_url(self) -> str:
        return reverse("quality_programmes:inspect", args=[self.object.pk])


class ProgrammeDeleteView(generic.DeleteView):
    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            services.programme_delete(programme=self.object, acting_user=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect("quality_programmes:inspect", self.object.pk)
        messages.success(self.request, gettext_now("Черновик программы удалён."))
        return redirect("quality_programmes:index")


class ProgrammeInspectView(generic.InspectView):
    template_name = "quality/admin/programme.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programme = programme_get(programme_id=self.object.pk)
        assert programme is not None
        user = self.request.user
        context.update(
            programme=programme,
            measures=list(programme.measures.all()),
            visits=list(programme_visits(programme=programme)),
            effect=programme_effect(programme),
            may_edit=services.user_may_edit(user, programme),
            may_activate=services.user_may_transition(user, programme, ProgrammeStatus.ACTIVE),
            may_finish=services.user_may_transition(user, programme, ProgrammeStatus.FINISHED),
            may_cancel=services.user_may_transition(user, programme, ProgrammeStatus.CANCELLED),
            risk_labels=[RiskFactor(code).label for code in programme.risk_factors if code in RiskFactor.values],
            reason_labels=[FlagKind(code).label for code in programme.reasons if code in FlagKind.values],
        )
        return context


# Lifecycle -------------------------------------------------------------------------------------


class _ProgrammePage(WagtailAdminTemplateMixin):
    header_icon = "clipboard-list"
    programme: SupportProgramme

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("quality.view_supportprogramme"):
            raise PermissionDenied
        programme = programme_get(programme_id=kwargs["pk"])
        if programme is None:
            raise Http404
        self.programme = programme
        self.check(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def check(self, request: HttpRequest) -> None:
        pass

    def get_page_subtitle(self) -> str:
        return str(self.programme.organisation)

    def done(self) -> HttpResponse:
        return redirect("quality_programmes:inspect", self.programme.pk)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class TransitionView(_ProgrammePage, FormView):
    template_name = "quality/admin/action_form.html"
    form_class = NoteForm
    to_status = ""
    note_label: Any = ""
    submit_label: Any = ""

    def check(self, request: HttpRequest) -> None:
        if not services.user_may_transition(request.user, self.programme, self.to_status):
            raise PermissionDenied

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        if self.note_label:
            form.fields["note"].label = self.note_label
            form.fields["note"].required = True
        else:
            del form.fields["note"]
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "submit_label": self.submit_label}

    def act(self, note: str) -> str:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            message = self.act(form.cleaned_data.get("note", ""))
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return self.done()


class ActivateView(TransitionView):
    page_title = _("Начать выполнение программы")
    to_status = ProgrammeStatus.ACTIVE
    submit_label = _("Начать выполнение")

    def act(self, note: str) -> str:
        services.programme_activate(programme=self.programme, acting_user=self.request.user)
        return gettext_now("Программа выполняется.")


class FinishView(TransitionView):
    page_title = _("Завершить программу")
    to_status = ProgrammeStatus.FINISHED
    note_label = _("Итоги программы")
    submit_label = _("Завершить")

    def act(self, note: str) -> str:
        services.programme_finish(programme=self.programme, acting_user=self.request.user, conclusion=note)
        return gettext_now("Программа завершена.")


class CancelView(TransitionView):
    page_title = _("Отменить программу")
    to_status = ProgrammeStatus.CANCELLED
    note_label = _("Причина отмены")
    submit_label = _("Отменить программу")

    def act(self, note: str) -> str:
        services.programme_cancel(programme=self.programme, acting_user=self.request.user, reason=note)
        return gettext_now("Программа отменена.")


# Measures --------------------------------------------------------------------------------------


class MeasureForm(forms.ModelForm):
    class Meta:
        model = SupportMeasure
        fields = [
            "kind",
            "title",
            "due_on",
            "status",
            "done_on",
            "responsible",
            "teachers",
            "visit",
            "consultation",
            "event",
            "course_record",
            "mentorship",
            "association",
            "note",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "done_on": forms.DateInput(attrs={"type": "date"}),
            "teachers": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, programme: SupportProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = programme.organisation_id
        teachers = Teacher.objects.filter(organisation_id=organisation)
        self.fields["teachers"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["visit"].queryset = Visit.objects.filter(organisation_id=organisation)  # type: ignore[attr-defined]
        self.fields["course_record"].queryset = CourseRecord.objects.filter(  # type: ignore[attr-defined]
            teacher__organisation_id=organisation
        ).select_related("teacher")
        self.fields["mentorship"].queryset = Mentorship.objects.filter(  # type: ignore[attr-defined]
            Q(mentee__organisation_id=organisation) | Q(mentor__organisation_id=organisation)
        ).select_related("mentor", "mentee")
        self.fields["event"].queryset = Event.objects.filter(  # type: ignore[attr-defined]
            pk__in=list(Event.objects.order_by("-starts_at").values_list("pk", flat=True)[:300])
        ).order_by("-starts_at")
        self.fields["consultation"].queryset = Consultation.objects.filter(  # type: ignore[attr-defined]
            pk__in=list(Consultation.objects.order_by("-submitted_at").values_list("pk", flat=True)[:300])
        ).order_by("-submitted_at")
        self.fields["association"].queryset = Body.objects.all()  # type: ignore[attr-defined]


class MeasureView(_ProgrammePage, FormView):
    template_name = "quality/admin/action_form.html"
    form_class = MeasureForm
    measure: SupportMeasure | None = None

    def check(self, request: HttpRequest) -> None:
        if not services.user_may_edit(request.user, self.programme):
            raise PermissionDenied
        measure_id = self.kwargs.get("measure")
        if measure_id is not None:
            self.measure = measure_get(programme=self.programme, measure_id=measure_id)
            if self.measure is None:
                raise Http404

    def get_page_title(self) -> str:
        return gettext_now("Мероприятие программы") if self.measure else gettext_now("Новое мероприятие программы")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(programme=self.programme, instance=self.measure)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        delete_url = (
            reverse("quality_programmes:measure_delete", args=[self.programme.pk, self.measure.pk])
            if self.measure
            else ""
        )
        return {**super().get_context_data(**kwargs), "submit_label": _("Сохранить"), "delete_url": delete_url}

    def form_valid(self, form: MeasureForm) -> HttpResponse:
        data = {k: v for k, v in form.cleaned_data.items()}
        teachers = data.pop("teachers", [])
        try:
            if self.measure is None:
                services.measure_create(
                    programme=self.programme, acting_user=self.request.user, teachers=teachers, **data
                )
            else:
                services.measure_update(
                    measure=self.measure, acting_user=self.request.user, data={**data, "teachers": teachers}
                )
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Мероприятие программы сохранено."))
        return self.done()


def measure_delete(request: HttpRequest, pk: int, measure: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    programme = programme_get(programme_id=pk)
    if programme is None or not request.user.has_perm("quality.view_supportprogramme"):
        raise Http404
    found = measure_get(programme=programme, measure_id=measure)
    if found is None:
        raise Http404
    services.measure_delete(measure=found, acting_user=request.user)
    messages.success(request, gettext_now("Мероприятие удалено из программы."))
    return redirect("quality_programmes:inspect", programme.pk)


class ProgrammeIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation", "curator__user")


class ProgrammeViewSet(ModelViewSet):
    model = SupportProgramme
    name = "quality_programmes"
    url_prefix = "quality/programmes"
    icon = "clipboard-list"
    menu_label = _("Программы поддержки")
    menu_order = 50
    index_view_class = ProgrammeIndexView
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    delete_view_class = ProgrammeDeleteView
    inspect_view_class = ProgrammeInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["status", "academic_year", "curator"]
    search_fields = ["organisation__short_name", "title"]
    ordering = ["-academic_year", "organisation__short_name"]
    list_display = [
        TitleColumn(
            "organisation",
            label=_("Организация"),
            accessor="organisation.short_name",
            url_name="quality_programmes:inspect",
        ),
        Column("academic_year", label=_("Базовый год"), accessor=lambda p: p.year.label, sort_key="academic_year"),
        Column("curator", label=_("Куратор")),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
        Column("ends_on", label=_("До"), sort_key="ends_on"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("academic_year")]),
            FieldPanel("title"),
            FieldPanel("curator"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("reasons"),
            FieldPanel("subjects"),
            FieldPanel("risk_factors"),
            FieldPanel("diagnosis"),
            FieldPanel("goals"),
        ],
        base_form_class=ProgrammeForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/activate/", ActivateView.as_view(), name="activate"),
            path("<int:pk>/finish/", FinishView.as_view(), name="finish"),
            path("<int:pk>/cancel/", CancelView.as_view(), name="cancel"),
            path("<int:pk>/measures/add/", MeasureView.as_view(), name="measure_add"),
            path("<int:pk>/measures/<int:measure>/", MeasureView.as_view(), name="measure_edit"),
            path("<int:pk>/measures/<int:measure>/delete/", measure_delete, name="measure_delete"),
        ]
