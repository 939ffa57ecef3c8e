"""Reads of the notifications: the person's list, their opt-outs, the digest's recipients and lines."""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet

from accounts.models import Role, User
from accounts.municipal_staff import MUNICIPAL_STAFF_ROLES
from accounts.selectors import user_roles
from tenants.municipalities.models import Municipality
from tenants.notifications.models import Notification, NotificationOptOut
from tenants.staff_home import HomeLine, HomeSection, home_lines, home_sections

# Who has notifications and a weekly digest in a municipality: its own staff, and the people bound
# to one of its objects who work in its admin — the association leader and the school coordinator
# (issue 21 item 2). The region's observers and teachers have none here.
NOTIFIED_ROLES = MUNICIPAL_STAFF_ROLES | {Role.ASSOCIATION_LEADER, Role.SCHOOL_COORDINATOR}


def notified_roles(*, user: User, schema_name: str) -> frozenset[str]:
    """The roles ``user`` holds in the municipality ``schema_name`` that give them notifications."""
    return user_roles(user).in_municipality(schema_name) & NOTIFIED_ROLES


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
    """The municipality's staff (head, methodologists, chair), association leaders and school
    coordinators who can receive mail."""
    return (
        User.objects.filter(
            groups__role_group__municipality=municipality,
            groups__role_group__role__in=NOTIFIED_ROLES,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
