"""The teacher's own growth page on the municipality's site (``growth/``).

Login required; a person sees only the teacher record linked to their own account
(``Teacher.user``) in this municipality: their courses and due date, diagnostics, deficits
with suggestions, and their route, whose steps they mark done (004 §3.3.3). Another teacher's
step or file answers 404, the same as a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.development.selectors import (
    course_record_file_for,
    route_step_for_teacher,
    teacher_for_user,
    teacher_growth,
)
from tenants.development.services import route_step_mark_done
from tenants.downloads import stored_file_response


@login_required
def growth(request: HttpRequest) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    context = {"growth": teacher_growth(teacher=teacher) if teacher is not None else None}
    response = render(request, "development/growth.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    step = route_step_for_teacher(teacher=teacher, step_id=pk) if teacher is not None else None
    if teacher is None or step is None:
        raise Http404
    try:
        route_step_mark_done(step=step, acting_user=request.user, teacher=teacher)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Шаг «%(title)s» отмечен выполненным.") % {"title": step.title})
    return redirect("development:growth")


@login_required
def course_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The scan of one of the teacher's own course documents."""
    teacher = teacher_for_user(request.user)
    record = course_record_file_for(record_id=pk, teacher=teacher, user=request.user) if teacher else None
    if record is None or record.teacher_id != (teacher.pk if teacher else None):
        raise Http404
    return stored_file_response(record.file, kind=record.file_kind, public=False)
