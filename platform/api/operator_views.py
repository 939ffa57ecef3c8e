"""The operator's screens of API keys on the region host (``/operator/api-keys/``): the keys with
their scopes, municipalities and last use; issuing one (the secret shown once); revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api.forms import ApiKeyForm
from api.scopes import Scope
from api.selectors import api_key_get, api_key_list
from api.services import api_key_issue, api_key_revoke
from region.views import operator_required


@operator_required
def operator_api_key_list(request: HttpRequest) -> HttpResponse:
    labels = dict(Scope.choices)
    rows = [{"key": key, "scopes": [labels.get(s, s) for s in key.scopes]} for key in api_key_list()]
    return render(request, "api/operator_keys.html", {"rows": rows})


@never_cache
@operator_required
def operator_api_key_new(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = api_key_issue(
                acting_user=request.user,
                name=data["name"],
                owner=data["owner_email"],
                scopes=data["scopes"],
                municipalities=data["municipalities"],
                rate_limit_per_minute=data["rate_limit_per_minute"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            # Shown on this answer only: it is not stored, not put in a message, not redirected to.
            return render(request, "api/operator_key_issued.html", {"key": issued.key, "secret": issued.secret})
    return render(request, "api/operator_key_form.html", {"form": form})


@require_POST
@operator_required
def operator_api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = api_key_get(pk=pk)
    if key is None:
        raise Http404
    api_key_revoke(key=key, acting_user=request.user)
    messages.success(request, _("Ключ «%(name)s» отозван.") % {"name": key.name})
    return redirect("operator_api_keys")
