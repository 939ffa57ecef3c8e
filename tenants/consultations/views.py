"""The signed-in person's consultations in this municipality: their requests and a new one.

Anyone holding a role here (a teacher, typically) may use it; the list and each request are
only the person's own — someone else's request is a 404, as is a wrong number.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from accounts.selectors import user_roles
from tenants.consultations.forms import ConsultationRequestForm
from tenants.consultations.models import answer_working_days
from tenants.consultations.pages import consultation_accepted_message
from tenants.consultations.selectors import consultation_list_of_requester, consultation_of_requester
from tenants.municipalities.schemas import schema_active
from tenants.rate_limits import form_error_status


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user_roles(user).in_municipality(schema_active()):
        raise PermissionDenied
    return user


@login_required
def consultation_mine(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    return render(request, "consultations/mine.html", {"consultations": consultation_list_of_requester(user=user)})


@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    if request.method == "POST":
        form = ConsultationRequestForm(request.POST, requester_user=user)
        consultation = form.submit(request)
        if consultation is not None:
            messages.success(request, consultation_accepted_message(consultation))
            return redirect("consultations:detail", pk=consultation.pk)
    else:
        form = ConsultationRequestForm(requester_user=user)
    return render(
        request,
        "consultations/new.html",
        {"form": form, "form_action": request.path, "working_days": answer_working_days()},
        status=form_error_status(form) if form.errors else 200,
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    consultation = consultation_of_requester(user=user, pk=pk)
    if consultation is None:
        raise Http404
    return render(request, "consultations/detail.html", {"consultation": consultation})
