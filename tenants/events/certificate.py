"""The certificate of participation (PDF, WeasyPrint): municipality, event, date, hours (issue 5)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tenants.events.models import Registration
from tenants.municipalities.selectors import current_municipality
from tenants.pdf_render import pdf_from_html


def certificate_pdf(*, registration: Registration) -> bytes:
    """A one-page A4 certificate for a participant marked present."""
    return pdf_from_html(certificate_html(registration=registration))


def certificate_html(*, registration: Registration) -> str:
    """The certificate's HTML, as WeasyPrint gets it."""
    event = registration.event
    municipality = current_municipality()
    context = {
        "registration": registration,
        "event": event,
        "municipality": municipality,
        "starts": timezone.localtime(event.starts_at),
        "ends": timezone.localtime(event.ends_at),
        "hours": event.duration_hours,
        "issued_on": timezone.localdate(),
    }
    with translation.override("ru"):
        return render_to_string("events/certificate.html", context)
