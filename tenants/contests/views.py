"""Contests on the municipality's site for the signed-in person (``contests/``).

A teacher (an account linked to a teacher record here) sees their applications, applies to a
contest that takes applications, attaches documents (checked by content) and withdraws. A juror
(a teacher or methodologist on a contest's jury) fills their own scoring sheet — never anyone
else's; once the results are published the sheet is closed and the results show. Someone else's
application, document or sheet answers 404, the same as a missing one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from tenants.contests.models import Application, ApplicationDocument, ApplicationStatus, Contest, Nomination
from tenants.contests.selectors import (
    contest_results,
    juror_for,
    juror_memberships,
    juror_sheet,
    teacher_applications,
)
from tenants.contests.services import (
    application_document_add,
    application_submit,
    application_withdraw,
    contest_accepts_applications,
    score_sheet_save,
)
from tenants.downloads import stored_file_response
from tenants.people.models import Teacher


def _person(request: HttpRequest) -> User:
    """The signed-in account (the views are behind ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


def _teacher(request: HttpRequest) -> Teacher | None:
    return Teacher.objects.select_related("organisation").filter(user_id=_person(request).pk).order_by("pk").first()


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def contests_mine(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    applications = list(teacher_applications(_person(request))) if teacher is not None else []
    applied = {a.contest_id for a in applications}
    open_contests = [
        c
        for c in Contest.objects.prefetch_related("nominations").order_by("applications_until", "title")
        if c.pk not in applied and contest_accepts_applications(c)
    ]
    context = {
        "teacher": teacher,
        "applications": applications,
        "open_contests": open_contests if teacher is not None else [],
        "juries": list(juror_memberships(_person(request))),
    }
    return _private(render(request, "contests/site/mine.html", context))


@login_required
@require_POST
def contest_apply(request: HttpRequest, contest_id: int) -> HttpResponse:
    teacher = _teacher(request)
    if teacher is None:
        raise Http404
    contest = get_object_or_404(Contest, pk=contest_id)
    raw = request.POST.get("nomination", "")
    nomination = Nomination.objects.filter(contest=contest, pk=int(raw)).first() if raw.isdigit() else None
    try:
        application_submit(contest=contest, teacher=teacher, nomination=nomination, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Заявка на конкурс «%(title)s» подана.") % {"title": contest.title})
    return redirect("contests:mine")


def _own_application(request: HttpRequest, pk: int) -> Application:
    application = teacher_applications(_person(request)).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


@login_required
@require_POST
def application_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    file = request.FILES.get("file")
    title = request.POST.get("title", "").strip()
    if file is None or not title:
        messages.error(request, _("Укажите название документа и выберите файл."))
        return redirect("contests:mine")
    try:
        application_document_add(application=application, title=title, file=file, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Документ «%(title)s» добавлен к заявке.") % {"title": title})
    return redirect("contests:mine")


@login_required
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED):
        raise Http404
    try:
        application_withdraw(application=application, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Заявка отозвана."))
    return redirect("contests:mine")


@login_required
def application_document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The teacher's own application document."""
    document = ApplicationDocument.objects.filter(pk=pk, application__teacher__user_id=_person(request).pk).first()
    if document is None:
        raise Http404
    return stored_file_response(document.file, kind=document.file_format, public=False)


@login_required
def jury_sheet(request: HttpRequest, contest_id: int) -> HttpResponse:
    """The juror's own sheet for a contest: participants with their own marks; the results once published."""
    juror = juror_for(_person(request), contest_id)
    if juror is None:
        raise Http404
    criteria, rows = juror_sheet(juror)
    context = {
        "juror": juror,
        "contest": juror.contest,
        "criteria": criteria,
        "rows": rows,
        "results": contest_results(juror.contest) if juror.contest.is_published else [],
    }
    return _private(render(request, "contests/site/jury.html", context))


@login_required
def jury_score(request: HttpRequest, contest_id: int, application_id: int) -> HttpResponse:
    """One participant on the juror's own sheet: a mark per criterion, from 0 to its maximum."""
    juror = juror_for(_person(request), contest_id)
    if juror is None:
        raise Http404
    criteria, rows = juror_sheet(juror)
    row = next((r for r in rows if r.application.pk == application_id), None)
    if row is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    values: dict[int, str] = {c.pk: "" if c.pk not in row.marks else f"{row.marks[c.pk]:g}" for c in criteria}
    if request.method == "POST" and not juror.contest.is_published:
        marks: dict[int, Decimal | None] = {}
        for criterion in criteria:
            raw = request.POST.get(f"criterion_{criterion.pk}", "").strip().replace(",", ".")
            values[criterion.pk] = raw
            try:
                marks[criterion.pk] = Decimal(raw) if raw else None
            except InvalidOperation:
                errors[f"criterion_{criterion.pk}"] = [_("Введите число.")]
        if not errors:
            try:
                score_sheet_save(juror=juror, application=row.application, marks=marks, acting_user=request.user)
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            else:
                messages.success(request, _("Оценки сохранены."))
                return redirect("contests:jury", contest_id=contest_id)
    fields = [(c, values[c.pk], errors.get(f"criterion_{c.pk}", [])) for c in criteria]
    context = {
        "juror": juror,
        "contest": juror.contest,
        "application": row.application,
        "fields": fields,
        "errors": errors,
        "general_errors": errors.get("__all__", []),
    }
    return _private(render(request, "contests/site/score.html", context, status=400 if errors else 200))
