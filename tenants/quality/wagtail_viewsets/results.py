"""«Результаты»: results typed in by organisation, grade (class) and subject, listed with filters.

The form checks the numbers against the procedure (``result_problems`` through the model's
``clean``), Wagtail's audited action saves the row, and ``result_saved`` then recounts the
flags, the programmes' effects and the region's roll-ups in the same transaction.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from assessment.indicators import IndicatorValues
from assessment.models import AssessmentSubject
from tenants.organisations.models import Organisation
from tenants.quality.models import AssessmentProcedure, AssessmentResult
from tenants.quality.services.results import result_saved, results_changed


class ResultForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = AssessmentProcedure.objects.select_related("kind")  # type: ignore[attr-defined]
        self.fields["subject"].queryset = AssessmentSubject.objects.all()  # type: ignore[attr-defined]


class ResultFilterSet(WagtailFilterSet):
    procedure = django_filters.ModelChoiceFilter(
        label=_("Процедура"), queryset=AssessmentProcedure.objects.select_related("kind")
    )
    organisation = django_filters.ModelChoiceFilter(label=_("Организация"), queryset=Organisation.objects.all())
    subject = django_filters.ModelChoiceFilter(label=_("Предмет"), queryset=AssessmentSubject.objects.all())
    grade = django_filters.NumberFilter(label=_("Класс"))

    class Meta:
        model = AssessmentResult
        fields: list[str] = []


class ResultIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[AssessmentResult]:
        return AssessmentResult.objects.select_related("procedure__kind", "organisation", "subject")


class ResultCreateView(generic.CreateView):
    def get_initial_form_instance(self) -> AssessmentResult | None:
        procedure_id = self.request.GET.get("procedure", "")
        if procedure_id.isdigit():
            procedure = AssessmentProcedure.objects.filter(pk=int(procedure_id)).first()
            if procedure is not None:
                return AssessmentResult(procedure=procedure)
        return None

    def save_instance(self) -> AssessmentResult:
        with transaction.atomic():
            instance = super().save_instance()
            result_saved(instance)
        return instance


class ResultEditView(generic.EditView):
    def save_instance(self) -> AssessmentResult:
        before = AssessmentResult.objects.filter(pk=self.object.pk).values_list("procedure__academic_year", flat=True)
        years = set(before)
        with transaction.atomic():
            instance = super().save_instance()
            results_changed(academic_years=years | {instance.procedure.academic_year})
        return instance


class ResultDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        year = self.object.procedure.academic_year
        with transaction.atomic():
            super().delete_action()
            results_changed(academic_years=[year])


def _quality(result: AssessmentResult) -> str:
    values = IndicatorValues.of(result.counts())
    shown = values.quality if values.quality is not None else values.success
    return "—" if shown is None else f"{shown} %"


class ResultViewSet(ModelViewSet):
    model = AssessmentResult
    name = "quality_results"
    url_prefix = "quality/results"
    icon = "table"
    menu_label = _("Результаты")
    menu_order = 30
    index_view_class = ResultIndexView
    add_view_class = ResultCreateView
    edit_view_class = ResultEditView
    delete_view_class = ResultDeleteView
    filterset_class = ResultFilterSet
    copy_view_enabled = False
    add_to_reference_index = False
    search_fields = ["organisation__short_name", "organisation__inn"]
    ordering = ["procedure", "organisation__short_name", "grade", "class_letter"]
    list_per_page = 100
    list_display = [
        TitleColumn(
            "organisation", label=_("Организация"), accessor="organisation.short_name", url_name="quality_results:edit"
        ),
        Column("procedure", label=_("Процедура")),
        Column("grade", label=_("Класс"), accessor=lambda r: f"{r.grade}{r.class_letter}", sort_key="grade"),
        Column("subject", label=_("Предмет")),
        Column("participants", label=_("Участников"), sort_key="participants"),
        Column("quality", label=_("Качество (успеваемость для баллов)"), accessor=_quality),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("procedure"),
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("grade"), FieldPanel("class_letter"), FieldPanel("subject")]),
            FieldPanel("participants"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("marks_2"), FieldPanel("marks_3"), FieldPanel("marks_4"), FieldPanel("marks_5")]
                    )
                ],
                heading=_("Отметки (ВПР, ОГЭ, НИКО, диагностические работы)"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("mean_score"), FieldPanel("below_minimum")])],
                heading=_("Баллы (ЕГЭ; средний балл — по желанию и для ОГЭ)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("journal_lowered"), FieldPanel("journal_confirmed"), FieldPanel("journal_raised")]
                    )
                ],
                heading=_("Сравнение с отметкой по журналу (ВПР)"),
            ),
        ],
        base_form_class=ResultForm,
    )
