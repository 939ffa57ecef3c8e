"""The annual plan's viewsets and menu: «Годовой план» groups the plans, the directions catalogue
and the cyclogram; the plan screen's URLs.
"""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    Direction,
)
from tenants.plans.wagtail_viewsets.cyclogram_approval import CyclogramApprovalView
from tenants.plans.wagtail_viewsets.forms import CyclogramDutyForm
from tenants.plans.wagtail_viewsets.screens import (
    PlanAsOfView,
    PlanCorrectionsView,
    PlanCreateView,
    PlanDeleteView,
    PlanItemDoneView,
    PlanItemEditView,
    PlanScreenView,
    PlanTransitionView,
)
from tenants.plans.wagtail_viewsets.whole_plan import (
    PlanImportView,
    plan_action,
    plan_export,
    plan_import_template,
    plan_report_file,
    plan_report_status,
)


class AnnualPlanViewSet(ModelViewSet):
    model = AnnualPlan
    name = "plans"
    icon = "date"
    menu_label = _("Годовые планы")
    add_view_class = PlanCreateView  # type: ignore[assignment]
    delete_view_class = PlanDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["status"]
    list_display = [
        TitleColumn("title", label=_("План"), url_name="plans_screen:plan"),
        "status",
        Column("approved_at", label=_("Утверждён")),
        Column("updated_at", label=_("Изменён")),
    ]
    form_fields = ["note"]
    edit_handler = ObjectList([FieldPanel("note"), FieldPanel("conclusion")])


def plan_screen_urls() -> list[Any]:
    """The plan's own screens, under /admin/plan/ (namespace ``plans_screen``)."""
    return [
        path("cyclogram/approval/", CyclogramApprovalView.as_view(), name="cyclogram_approval"),
        path("<int:pk>/", PlanScreenView.as_view(), name="plan"),
        path("<int:pk>/status/<str:to>/", PlanTransitionView.as_view(), name="transition"),
        path("<int:pk>/item/new/", PlanItemEditView.as_view(), name="item_add"),
        path("<int:pk>/item/<int:item>/", PlanItemEditView.as_view(), name="item_edit"),
        path("<int:pk>/item/<int:item>/done/", PlanItemDoneView.as_view(), name="item_done"),
        path("<int:pk>/corrections/", PlanCorrectionsView.as_view(), name="corrections"),
        path("<int:pk>/corrections/<int:correction>/item/new/", PlanItemEditView.as_view(), name="correction_item_add"),
        path("<int:pk>/as-of/", PlanAsOfView.as_view(), name="as_of"),
        path("<int:pk>/do/<str:action>/", plan_action, name="action"),
        path("<int:pk>/export/<str:file_format>/", plan_export, name="export"),
        path("<int:pk>/import/", PlanImportView.as_view(), name="import"),
        path("<int:pk>/import/template/", plan_import_template, name="import_template"),
        path("<int:pk>/report/<int:report>/", plan_report_status, name="report_status"),
        path("<int:pk>/report/<int:report>/<str:file_format>/", plan_report_file, name="report_file"),
    ]


class DirectionViewSet(ModelViewSet):
    model = Direction
    name = "plan_directions"
    icon = "tag"
    menu_label = _("Направления")
    copy_view_enabled = False
    list_display = ["name", "code", "order", "is_active"]
    form_fields = ["code", "name", "clause", "order", "is_active"]


class CyclogramIndexView(IndexView):
    """The duties' list, with the way to the cyclogram's approval by the committee chair."""

    @cached_property
    def header_buttons(self) -> list[Any]:
        return [
            *super().header_buttons,
            HeaderButton(
                _("Утверждение циклограммы"), url=reverse("plans_screen:cyclogram_approval"), icon_name="tick"
            ),
        ]


class CyclogramDutyViewSet(ModelViewSet):
    model = CyclogramDuty
    name = "cyclogram"
    icon = "repeat"
    menu_label = _("Циклограмма")
    copy_view_enabled = False
    list_display = ["title", "direction", "form", Column("months_label", label=_("Месяцы")), "responsible", "is_active"]
    list_filter = ["direction", "form", "is_active"]
    form_fields = [
        "title",
        "direction",
        "form",
        "months",
        "audience",
        "expected_result",
        "responsible",
        "is_active",
        "order",
    ]

    index_view_class = CyclogramIndexView

    def get_form_class(self, for_update: bool = False) -> Any:
        base = super().get_form_class(for_update)
        return type("CyclogramDutyAdminForm", (CyclogramDutyForm, base), {})


class PlansViewSetGroup(ViewSetGroup):
    menu_label = _("Годовой план")
    menu_icon = "date"
    menu_order = 150
    items = (AnnualPlanViewSet, DirectionViewSet, CyclogramDutyViewSet)


def plans_viewset_group() -> PlansViewSetGroup:
    return PlansViewSetGroup()
