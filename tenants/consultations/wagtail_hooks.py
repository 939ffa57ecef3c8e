"""Wagtail hooks of consultations: the queue's permission policy and its admin menu."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from tenants.consultations.home import home_register
from tenants.consultations.models import Consultation
from tenants.consultations.wagtail_viewsets import ConsultationPermissionPolicy, ConsultationsViewSetGroup

# Staff read requests in the generic views; assigning, answering and closing are the queue's own
# actions (``tenants.consultations.services``), so add, change and delete are never offered there.
register_permission_policy(Consultation, ConsultationPermissionPolicy(Consultation))


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    return ConsultationsViewSetGroup()


home_register()
