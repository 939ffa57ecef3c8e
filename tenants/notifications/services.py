"""Writes of the notifications: reading, the person's choices, and the weekly digest.

The digest claims its week first (a ``DigestSent`` row under a unique constraint): a second run of
beat, or two workers at once, find the week taken and send nothing. The in-app notifications are
written in the same transaction; the e-mail goes out after the commit, as the municipality's
service; should the mail server refuse it, the claim is given back so the next run sends it.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from audit.services import audit_record_municipal
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import municipality_base_url
from tenants.notifications.models import DigestSent, Notification, NotificationOptOut
from tenants.notifications.selectors import digest_lines, notification_kinds, week_start


def notifications_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the person's own notifications read (all of them without ``notification_ids``)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        count = unread.update(read_at=timezone.now())
        if count:
            audit_record_municipal(action="notification.read", acting_user=user, target=user.email, data={"n": count})
    return count


@transaction.atomic
def notification_choices_save(*, user: User, enabled: set[str]) -> set[str]:
    """Keep the kinds in ``enabled`` on and turn the person's other kinds off; returns those off."""
    kinds = {section.key for section in notification_kinds(user=user)}
    off = kinds - enabled
    NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    for kind in off:
        NotificationOptOut.objects.get_or_create(user=user, kind=kind)
    audit_record_municipal(
        action="notification.choices", acting_user=user, target=user.email, data={"off": sorted(off)}
    )
    return off


def digest_send(*, user: User, municipality: Municipality, today: datetime.date | None = None) -> bool:
    """The person's weekly digest: True if it was sent now; False if nothing needs attention or
    this week's was already sent."""
    today = today or timezone.localdate()
    sections = digest_lines(user=user, today=today)
    if not sections:
        return False
    try:
        with transaction.atomic():
            marker = DigestSent.objects.create(user=user, week_start=week_start(today))
            Notification.objects.bulk_create(
                Notification(user=user, kind=section.key, text=f"{line.count} {line.label}", url=line.url)
                for section, lines in sections
                for line in lines
            )
            audit_record_municipal(
                action="notification.digest", acting_user=None, target=user.email, data={"week": str(marker.week_start)}
            )
    except IntegrityError:
        return False  # this week's digest is already out
    base = municipality_base_url(municipality)
    context = {"user": user, "municipality": municipality, "sections": sections, "base": base}
    with translation.override("ru"):
        subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        body = render_to_string("notifications/email/digest_message.txt", context)
    try:
        municipal_mail_send(municipality=municipality, subject=subject, body=body, to=[user.email])
    except OSError:
        DigestSent.objects.filter(pk=marker.pk).delete()
        raise
    return True
