"""The personal cabinet: where a person works and in which role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.second_factor import second_factor_enrolled, second_factor_offered, second_factor_required
from accounts.selectors import user_roles
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality, municipality_base_url


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
                "admin": bool(held - {Role.TEACHER}),
            }
        )
    here = current_municipality()
    return render(
        request,
        "accounts/cabinet.html",
        {
            # On a municipality's host: the person's own pages there (they see only their own).
            "here": here if here is not None and here.schema_name in roles.schemas() else None,
            "places": places,
            "region_roles": [Role(r).label for r in sorted(roles.region)],
            "is_operator": roles.has(Role.OPERATOR),
            "second_factor": {
                "offered": second_factor_offered(request.user),
                "required": second_factor_required(request.user),
                "enrolled": second_factor_enrolled(request.user),
            },
        },
    )
