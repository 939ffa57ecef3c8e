"""The respondent's pages on the municipality's host: the personal link (no sign-in) and the
teacher's account («Мои анкеты»). Never cached: what they show changes with the answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.models import User
from accounts.selectors import user_roles
from tenants.municipalities.schemas import schema_active
from tenants.needs.forms import AnswerForm
from tenants.needs.models import Recipient
from tenants.needs.selectors import recipient_by_token, recipient_list_of_user, recipient_of_user
from tenants.rate_limits import form_error_status


def _answer_page(request: HttpRequest, recipient: Recipient, *, limit: bool, back: str = "") -> HttpResponse:
    questionnaire = recipient.questionnaire
    context = {"recipient": recipient, "questionnaire": questionnaire, "back": back}
    if recipient.answered:
        return render(request, "needs/answered.html", context, status=409 if request.method == "POST" else 200)
    if not questionnaire.accepts_answers():
        return render(request, "needs/closed.html", context, status=410)
    if request.method == "POST":
        form = AnswerForm(request.POST, questionnaire=questionnaire)
        response = form.submit(request, recipient, limit=limit)
        if response is not None:
            return render(request, "needs/thanks.html", context)
        recipient.refresh_from_db(fields=["answered"])
        if recipient.answered:  # answered meanwhile (another tab): say so, as on a fresh visit
            return render(request, "needs/answered.html", context, status=409)
        status = form_error_status(form)
    else:
        form = AnswerForm(questionnaire=questionnaire)
        status = 200
    context["form"] = form
    return render(request, "needs/answer.html", context, status=status)


@never_cache
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the e-mail: works without signing in, once, until the questionnaire closes."""
    recipient = recipient_by_token(token)
    if recipient is None:
        return render(request, "needs/link_invalid.html", status=404)
    return _answer_page(request, recipient, limit=True)


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user_roles(user).in_municipality(schema_active()):
        raise PermissionDenied
    return user


@never_cache
@login_required
def questionnaire_mine(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    today = timezone.localdate()
    recipients = list(recipient_list_of_user(user))
    return render(
        request,
        "needs/mine.html",
        {
            "waiting": [r for r in recipients if not r.answered and r.questionnaire.accepts_answers(today)],
            "others": [r for r in recipients if r.answered or not r.questionnaire.accepts_answers(today)],
        },
    )


@never_cache
@login_required
def questionnaire_answer_mine(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    recipient = recipient_of_user(user, pk)
    if recipient is None:
        raise Http404
    return _answer_page(request, recipient, limit=False, back="mine")
