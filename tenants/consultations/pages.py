"""The public consultation request page (000 §2.3.4: consultations for teachers, heads of
associations; 003 §4.4: parents too).

A plain form that works without JavaScript: after a successful request the visitor is sent back
to the page (post/redirect/get) with a message naming the request's number and due day.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.base.pages import SitePageMixin


class ConsultationRequestPage(SitePageMixin, Page):
    """«Задать вопрос методисту»: the public form of a consultation request."""

    intro: models.TextField[str, str] = models.TextField(
        _("вступление"),
        blank=True,
        help_text=_("Кому и по каким вопросам служба даёт консультации, в какой срок отвечает."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("страница обращения за консультацией")
        verbose_name_plural = _("страницы обращения за консультацией")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.consultations.forms import ConsultationRequestForm
        from tenants.consultations.models import answer_working_days
        from tenants.rate_limits import form_error_status

        user = request.user if request.user.is_authenticated else None
        if request.method == "POST":
            form = ConsultationRequestForm(request.POST, requester_user=user)
            consultation = form.submit(request)
            if consultation is not None:
                messages.success(request, consultation_accepted_message(consultation))
                return HttpResponseRedirect(self.get_url(request) or "/")
        else:
            form = ConsultationRequestForm(requester_user=user)
        context = {
            **self.get_context(request, *args, **kwargs),
            "form": form,
            "form_action": self.get_url(request),
            "working_days": answer_working_days(),
        }
        status = form_error_status(form) if form.errors else 200
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        # The form carries a CSRF token and, for a signed-in person, their name: never a shared cache.
        add_never_cache_headers(response)
        return response


def consultation_accepted_message(consultation: Any) -> str:
    from django.utils.formats import date_format

    return gettext_now("Обращение № %(number)s принято. Ответ придёт на %(email)s не позднее %(due)s.") % {
        "number": consultation.pk,
        "email": consultation.email,
        "due": date_format(consultation.due_on, "j E Y"),
    }
