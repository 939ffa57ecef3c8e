"""Development only: the page ``http://localhost:8000/`` answers with.

An entry point beside its URLconf (``metodika.urls_front_door``): it reads the registry, the
accounts and the demo region's definition, which no lower layer may gather.

``localhost`` is neither the region's host nor a municipality's, so Django refused it with a bare
"Bad Request (400)" — the first thing a newcomer saw. With DEBUG on and the host in
``DEVELOPMENT_FRONT_DOOR_HOSTS`` (``settings.dev``), the routing middleware sends it to
``metodika.urls_front_door``: this page lists the region and every municipality of the registry
with their sites and admins, and the demo accounts that exist; any other path goes on to the same
path on the region's host. Production sets no such host, so ``localhost`` stays refused there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from accounts.models import Role, User
from region.selectors import municipality_directory
from tenants.municipalities.demo_region import (
    DEMO_PASSWORD,
    PEOPLE_BY_MUNICIPALITY,
    REGION_PEOPLE,
    SHARED_METHODOLOGIST,
)
from tenants.municipalities.selectors import region_base_url


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str


def _demo_logins(names: dict[str, str]) -> list[DemoLogin]:
    """The demo region's accounts (``manage.py demo_region``) that exist in this database;
    ``names`` gives the short name of each municipality in the registry by its slug."""
    candidates = [DemoLogin(p.email, str(Role(p.roles[0][0]).label), "") for p in REGION_PEOPLE]
    for slug, people in PEOPLE_BY_MUNICIPALITY.items():
        if slug in names:
            candidates += [
                DemoLogin(f"{local}@{slug}.example", str(Role(role).label), names[slug]) for local, *_n, role in people
            ]
    shared_in = ", ".join(names[where] for _role, where in SHARED_METHODOLOGIST.roles if where in names)
    if shared_in:
        candidates.append(DemoLogin(SHARED_METHODOLOGIST.email, str(Role.METHODOLOGIST.label), shared_in))
    existing = set(User.objects.filter(email__in=[c.email for c in candidates]).values_list("email", flat=True))
    return [c for c in candidates if c.email in existing]


def development_front_door(request: HttpRequest) -> HttpResponse:
    directory = municipality_directory()
    logins = _demo_logins({entry.municipality.slug: entry.municipality.short_name for entry in directory})
    return render(
        request,
        "region/front_door.html",
        {
            "region_url": region_base_url() + "/",
            "directory": directory,
            "demo_logins": logins,
            "demo_password": DEMO_PASSWORD if logins else "",
        },
    )


def development_front_door_onward(request: HttpRequest, path: str) -> HttpResponse:
    """Any other path on the front door's host: the same path on the region's host."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{region_base_url()}/{path}" + (f"?{query}" if query else ""))
