"""The access log of region observers' reads in a municipality's own admin.

Institute staff and the regional committee read every municipality's admin through its observer
group (``accounts.backends``). Where an admin screen names people — a plan's responsible persons,
a practice's authors: the screens the municipal apps declare in ``tenants.admin_screens`` — each
such read is written to the access log, one row per screen answered (the municipality, the
screen's section and the address, which names the object), exactly as the same names read on the
region host are (``institute.views``). The municipality's own staff read their admin unlogged.

Contest participants are not among these screens: observers are not granted them at all
(``accounts.role_permissions.OBSERVER_WITHHELD_PERMISSIONS``), as the region host shows events
without participants' names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts.models import ActingUser
from accounts.selectors import user_roles
from institute.services import access_log_record
from tenants.admin_screens import personal_data_section
from tenants.municipalities.models import Municipality

ADMIN_PREFIX = "/admin/"


def reads_as_observer(user: ActingUser, municipality: Municipality) -> bool:
    """A region observer without a staff role of their own in ``municipality``."""
    if user is None or not user.is_authenticated:
        return False
    roles = user_roles(user)
    return roles.observes_every_municipality() and not roles.is_staff_of(municipality.schema_name)


class ObserverAdminReadLogMiddleware:
    """Log an observer's successful read of a municipal admin screen that names people."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200 and request.path.startswith(ADMIN_PREFIX):
            self._log(request)
        return response

    def _log(self, request: HttpRequest) -> None:
        municipality = getattr(request, "tenant", None)
        match = request.resolver_match
        if not isinstance(municipality, Municipality) or match is None:
            return
        section = personal_data_section(match.namespaces)
        if section is None or not reads_as_observer(request.user, municipality):
            return
        access_log_record(
            acting_user=request.user,
            municipality=municipality,
            section=section,
            path=request.get_full_path(),
            personal_data=True,
        )
