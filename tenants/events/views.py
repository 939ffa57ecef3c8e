"""Public event views of a municipality's host: the event page, registration, links from e-mails, feeds.

Thin: the services decide, these views show forms and answers. Everything works without
JavaScript; errors are shown next to the fields and announced (``role="alert"``). The event
page is also served under the site's calendar page (``EventCalendarPage``), which calls
:func:`event_page`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from cms.base.forms import form_errors_add
from cms.base.selectors import private_pages_q
from tenants.events.certificate import certificate_pdf
from tenants.events.feeds import municipal_feed_cached, personal_feed
from tenants.events.forms import AttendanceCodeForm, GuestRegistrationForm
from tenants.events.models import Event, EventStatus, RegistrationStatus
from tenants.events.selectors import (
    contest_results,
    event_calendar_page,
    event_seats_left,
    event_visible_get,
    feed_token_user,
    registration_by_secret,
    registration_certificate_get,
    registration_of_user,
    user_registrations,
)
from tenants.events.services import (
    ATTENDANCE_CODE_EARLY,
    feed_token_get_or_create,
    registration_attend_by_code,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from tenants.rate_limits import form_error_status


def calendar_page_url(request: HttpRequest) -> str:
    """The site's calendar page, if the municipality has one open to visitors (the same page the
    site's menu and home page link to)."""
    page = event_calendar_page(private=private_pages_q(request))
    return (page.get_url(request) or "") if page is not None else ""


def event_url(request: HttpRequest, event_id: int) -> str:
    return reverse("events:event", args=[event_id])


def _attendance_open(event: Event) -> bool:
    now = timezone.now()
    local_end = timezone.localtime(event.ends_at).replace(hour=23, minute=59, second=59)
    return event.status != EventStatus.CANCELLED and event.starts_at - ATTENDANCE_CODE_EARLY <= now <= local_end


def event_page(
    request: HttpRequest,
    pk: int,
    *,
    base_context: dict[str, Any] | None = None,
    guest_form: GuestRegistrationForm | None = None,
    code_form: AttendanceCodeForm | None = None,
    status: int = 200,
) -> TemplateResponse:
    """The event's page: what, when, where, seats, the registration form, results of a contest."""
    event = event_visible_get(pk=pk, user=request.user)
    if event is None:
        raise Http404
    mine = registration_of_user(event=event, user=request.user)
    results = contest_results(event=event) if event.is_contest and event.results_published_at else []
    context = {
        **(base_context or {}),
        "event": event,
        "starts": timezone.localtime(event.starts_at),
        "ends": timezone.localtime(event.ends_at),
        "seats_left": event_seats_left(event=event),
        "registration_open": event.registration_open_on(),
        "my_registration": mine,
        "guest_form": guest_form or GuestRegistrationForm(),
        "code_form": code_form or AttendanceCodeForm(),
        "attendance_open": _attendance_open(event) and (mine is None or not mine.attended),
        "results": results,
        "stages": list(event.stages.all()) if event.is_contest else [],
        "calendar_url": (base_context or {}).get("calendar_url") or calendar_page_url(request),
        "register_url": reverse("events:register", args=[event.pk]),
        "attend_url": reverse("events:attend", args=[event.pk]),
    }
    return TemplateResponse(request, "events/event_detail.html", context, status=status)


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The stable address of an event (e-mails and feeds link here)."""
    return event_page(request, pk)


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_visible_get(pk=pk, user=request.user)
    if event is None:
        raise Http404
    if request.user.is_authenticated:
        try:
            registration = registration_create(event=event, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("events:event", pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Вы зарегистрированы. Письмо с подробностями отправлено на ваш e-mail."))
        else:
            messages.info(request, _("Мест нет: вы в листе ожидания. Если место освободится, мы напишем."))
        return redirect("events:event", pk)
    guest_form = GuestRegistrationForm(request.POST)
    if guest_form.submit(request, event=event) is not None:
        messages.success(
            request,
            _("Почти готово: откройте ссылку из письма, отправленного на %(email)s, чтобы подтвердить регистрацию.")
            % {"email": guest_form.cleaned_data["email"]},
        )
        return redirect("events:event", pk)
    return event_page(request, pk, guest_form=guest_form, status=form_error_status(guest_form))


@require_POST
def event_attend(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant enters the code announced at the event."""
    event = event_visible_get(pk=pk, user=request.user)
    if event is None:
        raise Http404
    form = AttendanceCodeForm(request.POST)
    if form.is_valid():
        try:
            registration_attend_by_code(
                event=event, code=form.cleaned_data["code"], email=form.cleaned_data["email"], acting_user=request.user
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request, _("Присутствие отмечено. Сертификат участника доступен по ссылке на этой странице.")
            )
            return redirect("events:event", pk)
    return event_page(request, pk, code_form=form, status=400)


def _registration_or_404(secret: str) -> Any:
    registration = registration_by_secret(secret=secret)
    if registration is None:
        raise Http404
    return registration


def registration_confirm_view(request: HttpRequest, secret: str) -> HttpResponse:
    """The link from a guest's e-mail: a button confirms (a link scanner's GET changes nothing)."""
    registration = _registration_or_404(secret)
    if request.method == "POST":
        try:
            registration = registration_confirm(secret=secret)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Регистрация подтверждена, место за вами."))
            elif registration.status == RegistrationStatus.WAITLISTED:
                messages.info(request, _("Регистрация подтверждена. Мест нет: вы в листе ожидания."))
        return redirect("events:registration_confirm", secret)
    context = {"registration": registration, "event": registration.event, "action": "confirm"}
    return TemplateResponse(request, "events/registration_link.html", context)


def registration_cancel_view(request: HttpRequest, secret: str) -> HttpResponse:
    """The cancellation link: whoever holds it may cancel the registration."""
    registration = _registration_or_404(secret)
    if request.method == "POST":
        try:
            registration = registration_cancel(registration=registration, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Регистрация отменена."))
        return redirect("events:registration_cancel", secret)
    context = {"registration": registration, "event": registration.event, "action": "cancel"}
    return TemplateResponse(request, "events/registration_link.html", context)


@require_safe
def registration_certificate(request: HttpRequest, secret: str) -> HttpResponse:
    """The certificate of a participant marked present, by the registration's secret."""
    registration = registration_certificate_get(secret=secret)
    if registration is None:
        raise Http404
    response = HttpResponse(certificate_pdf(registration=registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{registration.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def feed_municipal(request: HttpRequest) -> HttpResponse:
    """The municipality's public events as an iCalendar feed."""
    response = HttpResponse(municipal_feed_cached(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@require_safe
def feed_personal(request: HttpRequest, token: str) -> HttpResponse:
    """A person's registrations in this municipality, by the secret in the address."""
    user = feed_token_user(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(personal_feed(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-events.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    """My registrations here, and the address of my personal calendar (made or renewed on request)."""
    user = request.user
    assert isinstance(user, User)  # login_required
    if request.method == "POST":
        feed_token_get_or_create(user=user, renew=request.POST.get("renew") == "1")
        messages.success(request, _("Адрес личного календаря готов."))
        return HttpResponseRedirect(reverse("events:mine"))
    from tenants.events.models import CalendarFeedToken

    token = CalendarFeedToken.objects.filter(user=user).first()
    context = {
        "registrations": user_registrations(user=user),
        "feed_url": request.build_absolute_uri(reverse("events:feed_personal", args=[token.token])) if token else "",
        "calendar_url": calendar_page_url(request),
    }
    return TemplateResponse(request, "events/my_events.html", context)
