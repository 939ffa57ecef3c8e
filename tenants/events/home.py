"""Events on the staff home (tenants.staff_home): this week's events and their fill, registrations
and guests waiting, events held whose attendance is not marked; a methodologist's own."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.events.models import Event, Registration, RegistrationStatus
from tenants.events.selectors import VIEW_PERMISSION
from tenants.events.wagtail_viewsets.filters import attendance_unmarked_q, this_week_q
from tenants.people.models import Methodologist
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register


def _url(**filters: object) -> str:
    return reverse("event_admin:index") + ("?" + urlencode(filters) if filters else "")


def _lines(today: datetime.date, prefix: str, methodologist: Methodologist | None = None) -> list[HomeLine]:
    events = Event.objects.all() if methodologist is None else Event.objects.filter(methodologist=methodologist)
    this_week = events.filter(this_week_q(today))
    week = this_week.aggregate(n=Count("pk"), seats=Sum("capacity"))
    week["taken"] = Registration.objects.filter(event__in=this_week, status=RegistrationStatus.CONFIRMED).count()
    unmarked = events.filter(attendance_unmarked_q(timezone.now())).count()
    scope: dict[str, object] = {"methodologist": methodologist.pk} if methodologist is not None else {}
    fill = (
        _("зарегистрировано %(taken)d из %(seats)d мест") % {"taken": week["taken"], "seats": week["seats"]}
        if week["seats"]
        else _("зарегистрировано %(taken)d") % {"taken": week["taken"]}
    )
    lines = [
        HomeLine(f"{prefix}.week", _("мероприятий на этой неделе"), week["n"], _url(**scope, this_week="true"),
                 note=fill if week["n"] else ""),
        HomeLine(f"{prefix}.unmarked", _("прошедших мероприятий без отметки посещаемости"), unmarked,
                 _url(**scope, unmarked="true"), attention=unmarked > 0),
    ]  # fmt: skip
    if methodologist is None:
        waiting = Registration.objects.filter(
            status__in=(RegistrationStatus.AWAITING_CONFIRMATION, RegistrationStatus.WAITLISTED),
            event__ends_at__gte=timezone.now(),
        ).count()
        lines.insert(1, HomeLine(f"{prefix}.waiting", _("регистраций ждут подтверждения или места"), waiting,
                                 _url(waiting="true")))  # fmt: skip
    return lines


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The municipality's events (4 queries)."""
    return _lines(today, "events")


def methodologist_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The events the methodologist is responsible for (3 queries)."""
    methodologist = Methodologist.objects.filter(user=user).first()
    return [] if methodologist is None else _lines(today, "events.mine", methodologist)


UPCOMING_STATUSES = (
    RegistrationStatus.CONFIRMED, RegistrationStatus.AWAITING_CONFIRMATION, RegistrationStatus.WAITLISTED,
)  # fmt: skip


def home_register() -> None:
    cabinet_lines_register(key="events", order=10, lines=cabinet_lines)
    home_section_register(
        key="events_head", title=gettext_lazy("Мероприятия"), roles=[Role.HEAD], permission=VIEW_PERMISSION,
        order=40, lines=head_lines,
    )  # fmt: skip
    home_section_register(
        key="events_mine", title=gettext_lazy("Мои мероприятия"), roles=[Role.METHODOLOGIST],
        permission=VIEW_PERMISSION, order=30, lines=methodologist_lines,
    )  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The person's registrations to come and the certificates they may download (1 query)."""
    counts = Registration.objects.filter(user=user).aggregate(
        upcoming=Count("pk", filter=Q(status__in=UPCOMING_STATUSES, event__ends_at__gte=timezone.now())),
        certificates=Count("pk", filter=Q(attended=True)),
    )
    url = reverse("events:mine")
    return [
        HomeLine("cabinet.registrations", _("моих регистраций на предстоящие мероприятия"), counts["upcoming"], url),
        HomeLine("cabinet.certificates", _("сертификатов участника можно скачать"), counts["certificates"], url),
    ]
