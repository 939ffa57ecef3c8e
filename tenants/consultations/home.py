"""Consultations on the staff home (tenants.staff_home): for the head every open request, those due
within three working days and the late ones; for a methodologist the same of their own."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.consultations.models import OPEN_STATUSES, Consultation, ConsultationStatus, due_soon_q, overdue_q
from tenants.consultations.selectors import VIEW_PERMISSION
from tenants.people.models import Methodologist
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register


def _url(**filters: object) -> str:
    return reverse("consultations_admin:index") + ("?" + urlencode(filters) if filters else "")


def _lines(today: datetime.date, prefix: str, assignee: Methodologist | None = None) -> list[HomeLine]:
    scope = Consultation.objects.filter(assignee=assignee) if assignee is not None else Consultation.objects.all()
    counts = scope.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        soon=Count("pk", filter=due_soon_q(today)),
        late=Count("pk", filter=overdue_q(today)),
    )
    filters: dict[str, object] = {"assignee": assignee.pk} if assignee is not None else {}
    return [
        HomeLine(f"{prefix}.open", _("обращений ждут ответа"), counts["open"], _url(**filters, waiting="true")),
        HomeLine(
            f"{prefix}.due_soon", _("со сроком ответа в ближайшие 3 рабочих дня"), counts["soon"],
            _url(**filters, due_soon="true"), attention=counts["soon"] > 0,
        ),
        HomeLine(
            f"{prefix}.late", _("просрочено"), counts["late"], _url(**filters, overdue="true"),
            attention=counts["late"] > 0,
        ),
    ]  # fmt: skip


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Every request of the municipality (1 query)."""
    return _lines(today, "consultations")


def methodologist_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The methodologist's own requests (2 queries)."""
    methodologist = Methodologist.objects.filter(user=user).first()
    if methodologist is None:
        return []
    return _lines(today, "consultations.mine", assignee=methodologist)


def home_register() -> None:
    cabinet_lines_register(key="consultations", order=30, lines=cabinet_lines)
    home_section_register(
        key="consultations_head", title=gettext_lazy("Консультации"), roles=[Role.HEAD],
        permission=VIEW_PERMISSION, order=30, lines=head_lines,
    )  # fmt: skip
    home_section_register(
        key="consultations_mine", title=gettext_lazy("Мои консультации"), roles=[Role.METHODOLOGIST],
        permission=VIEW_PERMISSION, order=10, lines=methodologist_lines,
    )  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The person's own requests: waiting, and answered (1 query)."""
    counts = Consultation.objects.filter(requester_user=user).aggregate(
        waiting=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        answered=Count("pk", filter=Q(status=ConsultationStatus.ANSWERED)),
    )
    url = reverse("consultations:mine")
    return [
        HomeLine("cabinet.consultations_waiting", _("моих вопросов ждут ответа"), counts["waiting"], url),
        HomeLine("cabinet.consultations_answered", _("ответов на мои вопросы"), counts["answered"], url),
    ]
