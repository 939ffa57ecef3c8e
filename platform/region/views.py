"""The region's own screens: the portal and the operator's municipality registry."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.selectors import user_roles
from region.forms import MunicipalityProvisionForm
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import municipality_base_url, municipality_list
from tenants.municipalities.services import municipality_archive, municipality_provision, municipality_unarchive


def portal_home(request: HttpRequest) -> HttpResponse:
    municipalities = [
        {"municipality": m, "url": municipality_base_url(m)} for m in municipality_list(include_archived=False)
    ]
    return render(request, "region/home.html", {"municipalities": municipalities})


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_roles(request.user).has(Role.OPERATOR):
            raise PermissionDenied(_("Раздел доступен только оператору платформы."))
        return view(request, *args, **kwargs)

    return wrapped


@operator_required
def operator_municipality_list(request: HttpRequest) -> HttpResponse:
    rows = [{"municipality": m, "url": municipality_base_url(m)} for m in municipality_list()]
    return render(request, "region/operator_list.html", {"rows": rows})


@operator_required
def operator_municipality_provision(request: HttpRequest) -> HttpResponse:
    form = MunicipalityProvisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = municipality_provision(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error)
        else:
            if result.created:
                messages.success(
                    request,
                    _("Муниципалитет «%(name)s» создан: %(url)s")
                    % {"name": result.municipality.name, "url": municipality_base_url(result.municipality)},
                )
            else:
                messages.info(
                    request, _("Муниципалитет «%(name)s» уже был создан.") % {"name": result.municipality.name}
                )
            return redirect("operator_municipalities")
    return render(request, "region/operator_provision.html", {"form": form})


@require_POST
@operator_required
def operator_municipality_archive(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    municipality_archive(municipality=municipality, acting_user=request.user)
    messages.success(request, _("«%(name)s» переведён в архив.") % {"name": municipality.name})
    return redirect("operator_municipalities")


@require_POST
@operator_required
def operator_municipality_unarchive(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    municipality_unarchive(municipality=municipality, acting_user=request.user)
    messages.success(request, _("«%(name)s» снова работает.") % {"name": municipality.name})
    return redirect("operator_municipalities")
