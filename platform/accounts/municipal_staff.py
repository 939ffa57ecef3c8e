"""Who may open the region's objects (agreements, the institute's comments) in a municipality's
Wagtail admin: the municipality's own staff — its head, methodologists and committee chair —
and nobody else, whatever their region roles (the region works on the region host)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import Role
from accounts.selectors import user_roles
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality

MUNICIPAL_STAFF_ROLES = frozenset({Role.HEAD, Role.METHODOLOGIST, Role.CHAIR})


def municipal_staff_roles(request: HttpRequest) -> frozenset[str]:
    municipality = current_municipality()
    if municipality is None or not request.user.is_authenticated:
        return frozenset()
    return user_roles(request.user).in_municipality(municipality.schema_name) & MUNICIPAL_STAFF_ROLES


def municipal_staff_municipality(request: HttpRequest) -> Municipality:
    """The current municipality, if the user is on its staff; PermissionDenied otherwise."""
    municipality = current_municipality()
    if municipality is None or not municipal_staff_roles(request):
        raise PermissionDenied
    return municipality
