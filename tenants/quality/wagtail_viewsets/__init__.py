"""The quality of education in the municipality's Wagtail admin, one module per screen group.

«Качество образования»: the indicators, the procedures (with their results' import), the
results typed in, the organisations that need support (flags, the head's decisions), support
programmes, visits with lesson observations, the organisations' support cards, and the
lesson observation form's criteria.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup


class QualityViewSetGroup(ViewSetGroup):
    menu_label = _("Качество образования")
    menu_icon = "order"
    menu_order = 245

    def __init__(self) -> None:
        from tenants.quality.wagtail_viewsets.card import CardViewSet
        from tenants.quality.wagtail_viewsets.indicators import IndicatorsViewSet
        from tenants.quality.wagtail_viewsets.procedures import ProcedureViewSet
        from tenants.quality.wagtail_viewsets.programmes import ProgrammeViewSet
        from tenants.quality.wagtail_viewsets.results import ResultViewSet
        from tenants.quality.wagtail_viewsets.support import SupportViewSet
        from tenants.quality.wagtail_viewsets.visits import CriterionViewSet, VisitViewSet

        self.items = (
            IndicatorsViewSet,
            ProcedureViewSet,
            ResultViewSet,
            SupportViewSet,
            ProgrammeViewSet,
            VisitViewSet,
            CardViewSet,
            CriterionViewSet,
        )
        super().__init__()
