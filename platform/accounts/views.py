"""The personal cabinet, and the one way in: Wagtail's login sends people to allauth's."""

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Role
from accounts.second_factor import second_factor_enrolled, second_factor_offered, second_factor_required
from accounts.selectors import user_roles
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import (
    current_municipality,
    municipality_base_url,
    municipality_signed_in_url,
    region_base_url,
)
from tenants.staff_home import cabinet_lines


@login_required
def cabinet(request: HttpRequest) -> HttpResponse:
    roles = user_roles(request.user)
    places = []
    for municipality in Municipality.objects.filter(schema_name__in=roles.schemas()).order_by("name"):
        held = roles.in_municipality(municipality.schema_name)
        places.append(
            {
                "municipality": municipality,
                "roles": [Role(r).label for r in held],
                "url": municipality_base_url(municipality),
                # The admin without signing in again: shared session, or the handoff on an extra domain.
                "admin_url": municipality_signed_in_url(municipality, "/admin/"),
                "admin": bool(held - {Role.TEACHER}),
            }
        )
    here = current_municipality()
    if here is not None and here.schema_name not in roles.schemas():
        here = None
    return render(
        request,
        "accounts/cabinet.html",
        {
            # On a municipality's host: the person's own pages there (they see only their own).
            "here": here,
            # Counts of the person's own registrations, route, PD and questions (tenants.staff_home).
            "my_lines": cabinet_lines(request.user) if here is not None else [],  # type: ignore[arg-type]
            "places": places,
            "region_roles": [Role(r).label for r in sorted(roles.region)],
            # The registry lives on the region host only: an absolute link, whichever host this is.
            "operator_url": (
                region_base_url().rstrip("/") + reverse("operator_municipalities", urlconf="metodika.urls_public")
                if roles.has(Role.OPERATOR)
                else ""
            ),
            "second_factor": {
                "offered": second_factor_offered(request.user),
                "required": second_factor_required(request.user),
                "enrolled": second_factor_enrolled(request.user),
            },
        },
    )


def admin_login_redirect(request: HttpRequest, default_next: str = "") -> HttpResponse:
    """Wagtail's ``/admin/login/`` answers with allauth's login, keeping where the person was going.

    Wagtail's own form authenticated past allauth's per-account limits and its rule that an
    unverified address cannot sign in, and its password reset mailed any address without limit
    (issue 13). Nothing is authenticated here, whatever is posted; an unsafe ``next`` is dropped.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = default_next
    target = reverse("account_login")
    if next_url:
        target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    return redirect(target)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form, in Russian and the site's look (``CSRF_FAILURE_VIEW``).

    The CSRF secret lives in the session (issue 21), so a form opened before a sign-out — here or,
    signing out everywhere, on another host of the region — is refused when sent: say so, and how
    to go on, instead of Django's technical page. ``reason`` is for the log, not for the visitor.
    """
    return render(request, "errors/csrf_failure.html", status=403)
