"""Reads of the notifications: the person's list, their opt-outs, the digest's recipients and lines."""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet

from accounts.models import User
from accounts.municipal_staff import MUNICIPAL_STAFF_ROLES
from tenants.municipalities.models import Municipality
from tenants.notifications.models import Notification, NotificationOptOut
from tenants.staff_home import HomeLine, HomeSection, home_lines, home_sections


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week: a digest is one per person and week."""
    return day - datetime.timedelta(days=day.weekday())


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The person's own notifications in the municipality in use, unread first."""
    return Notification.objects.filter(user=user).order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def opted_out_kinds(*, user: User) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


def notification_kinds(*, user: User) -> list[HomeSection]:
    """The kinds the person may receive: the sections of their home (its titles name them)."""
    return [section for section in home_sections(user) if section.key != "notifications"]


def digest_lines(*, user: User, today: datetime.date) -> list[tuple[HomeSection, list[HomeLine]]]:
    """What needs attention for the person, by kind, leaving out the kinds they turned off: the
    home's lines marked for attention with something to count."""
    off = opted_out_kinds(user=user)
    found = []
    for section, lines in home_lines(user, today=today):
        if section.key in off or section.key == "notifications":
            continue
        wanted = [line for line in lines if line.attention and line.count]
        if wanted:
            found.append((section, wanted))
    return found


def digest_recipients(*, municipality: Municipality) -> QuerySet[User]:
    """The municipality's staff (head, methodologists, chair) who can receive mail."""
    return (
        User.objects.filter(
            groups__role_group__municipality=municipality,
            groups__role_group__role__in=MUNICIPAL_STAFF_ROLES,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
