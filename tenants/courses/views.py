"""The teacher's course applications on the municipality's site (``courses/``), behind sign-in.

A person sees only what their own teacher record in this municipality (``Teacher.user``) applied
for; someone else's application answers 404, as a missing one does. The public page of offers
(``CourseOffersPage``) links here to apply.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tenants.courses.models import ApplicationStatus
from tenants.courses.selectors import (
    application_active,
    application_list_of_teacher,
    application_of_teacher,
    offer_for_application,
    offer_is_full,
    offer_open_list,
)
from tenants.courses.services import course_application_submit, course_application_withdraw
from tenants.development.selectors import teacher_for_user

WITHDRAWABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.CONFIRMED, ApplicationStatus.LISTED)


class ApplyForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Комментарий для организации и методиста"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def applications_mine(request: HttpRequest) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    context = {
        "teacher": teacher,
        "applications": list(application_list_of_teacher(teacher)) if teacher else [],
        "open_offers": offer_open_list() if teacher else [],
        "withdrawable": WITHDRAWABLE,
    }
    return _private(render(request, "courses/mine.html", context))


@login_required
def application_new(request: HttpRequest, offer_id: int) -> HttpResponse:
    """The offer and the application form (GET); the application (POST)."""
    offer = offer_for_application(pk=offer_id)
    if offer is None:
        raise Http404
    teacher = teacher_for_user(request.user)
    form = ApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and teacher is not None and form.is_valid():
        try:
            course_application_submit(
                offer=offer, teacher=teacher, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Заявка на курс «%(programme)s» подана. Её рассмотрит ваша организация.")
                % {"programme": offer.programme},
            )
            return redirect("courses:mine")
    context = {
        "offer": offer,
        "teacher": teacher,
        "form": form,
        "existing": application_active(offer=offer, teacher=teacher) if teacher else None,
        "is_open": offer.applications_open(),
        "is_full": offer_is_full(offer),
    }
    return _private(render(request, "courses/apply.html", context, status=400 if form.errors else 200))


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = teacher_for_user(request.user)
    application = application_of_teacher(teacher, pk) if teacher is not None else None
    if application is None:
        raise Http404
    try:
        course_application_withdraw(application=application, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Заявка отозвана."))
    return redirect("courses:mine")
