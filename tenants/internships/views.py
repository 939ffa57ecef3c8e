"""The teacher's internships on the municipality's site (``internships/``): internships taking
applications, their own applications and internships; they apply or withdraw an application.

Login required; a person acts only as the teacher record linked to their own account in this
municipality. Another teacher's application answers 404, the same as a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.development.selectors import teacher_for_user
from tenants.internships.models import Enrolment, Internship
from tenants.internships.selectors import enrolments_of, internships_open_for
from tenants.internships.services import enrolment_apply, enrolment_withdraw


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    context = {
        "teacher": teacher,
        "open": internships_open_for(teacher=teacher) if teacher else [],
        "enrolments": list(enrolments_of(teacher=teacher)) if teacher else [],
    }
    response = render(request, "internships/mine.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    internship = Internship.objects.filter(pk=pk).first()
    if teacher is None or internship is None:
        raise Http404
    try:
        enrolment_apply(internship=internship, teacher=teacher, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Заявка подана: методист ответит на неё."))
    return redirect("internships_cabinet:mine")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    enrolment = Enrolment.objects.filter(pk=pk, teacher=teacher).first() if teacher else None
    if teacher is None or enrolment is None:
        raise Http404
    try:
        enrolment_withdraw(enrolment=enrolment, teacher=teacher, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Заявка отозвана."))
    return redirect("internships_cabinet:mine")
