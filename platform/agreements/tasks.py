"""Celery tasks of the agreements. Agreements live in the public schema, so these run there
(no fan-out into municipal schemas is needed: the expiry check is one query)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, AgreementStatus
from agreements.selectors import agreement_party_emails
from agreements.services import agreements_expiry_advance
from tenants.municipalities.fan_out import fan_out_recorded
from tenants.municipalities.schemas import schema_activate_public
from tenants.municipalities.selectors import region_base_url


@shared_task(acks_late=True)
def agreement_expiry_check(today: str | None = None) -> dict[str, int]:
    """Daily (beat): agreements in force become expiring 60 days before the end, then expired."""
    schema_activate_public()
    day = datetime.date.fromisoformat(today) if today else None
    with fan_out_recorded("agreements.expiry"):
        return agreements_expiry_advance(today=day)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def agreement_notify_task(self: object, *, agreement_id: int, event: str) -> list[str]:
    """E-mail the three parties that an agreement is expiring or has expired."""
    schema_activate_public()
    agreement = Agreement.objects.select_related("municipality").get(pk=agreement_id)
    recipients = agreement_party_emails(agreement)
    if not recipients:
        return []
    context = {
        "agreement": agreement,
        "municipality": agreement.municipality,
        "event": event,
        "expiring": event == AgreementStatus.EXPIRING,
        "link": region_base_url() + reverse("agreements:detail", args=(agreement.pk,), urlconf="metodika.urls_public"),
    }
    with translation.override("ru"):
        subject = render_to_string("agreements/email/status_subject.txt", context).strip()
        body = render_to_string("agreements/email/status_message.txt", context)
    send_mail(subject, body, None, recipients)
    return recipients
