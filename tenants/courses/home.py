"""Course applications on the homes (tenants.staff_home): for the service, the applications waiting
for the organisations' decision and those confirmed but not yet on a list; for the teacher, their
own applications in the cabinet. The school coordinator's line (applications of their school to
confirm) is the first of their home."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.courses.models import ApplicationStatus, CourseApplication
from tenants.courses.selectors import VIEW_PERMISSION, organisations_coordinated_by
from tenants.development.selectors import teacher_for_user
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register


def _url(**filters: object) -> str:
    return reverse("courses_admin:applications") + ("?" + urlencode(filters) if filters else "")


def service_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Every application of the municipality to courses not yet started (1 query)."""
    counts = CourseApplication.objects.filter(offer__start_date__gt=today).aggregate(
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        confirmed=Count("pk", filter=Q(status=ApplicationStatus.CONFIRMED)),
    )
    return [
        HomeLine("courses.submitted", _("заявок на курсы ждут решения организаций"), counts["submitted"],
                 _url(status=ApplicationStatus.SUBMITTED)),
        HomeLine("courses.confirmed", _("подтверждённых заявок ждут включения в список"), counts["confirmed"],
                 _url(status=ApplicationStatus.CONFIRMED), attention=counts["confirmed"] > 0),
    ]  # fmt: skip


def coordinator_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Applications of the coordinator's own school waiting for their decision (2 queries)."""
    organisations = organisations_coordinated_by(user)
    if not organisations:
        return []
    waiting = CourseApplication.objects.filter(
        teacher__organisation_id__in=organisations, status=ApplicationStatus.SUBMITTED, offer__start_date__gt=today
    ).count()
    return [
        HomeLine("courses.to_confirm", _("заявок педагогов на курсы ждут подтверждения"), waiting,
                 _url(status=ApplicationStatus.SUBMITTED), attention=waiting > 0),
    ]  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The teacher's own applications: in progress and on a list (2 queries)."""
    teacher = teacher_for_user(user)
    if teacher is None:
        return []
    counts = CourseApplication.objects.filter(teacher=teacher, offer__end_date__gte=today).aggregate(
        waiting=Count("pk", filter=Q(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.CONFIRMED))),
        listed=Count("pk", filter=Q(status=ApplicationStatus.LISTED)),
    )
    url = reverse("courses:mine")
    return [
        HomeLine("cabinet.courses_waiting", _("моих заявок на курсы на рассмотрении"), counts["waiting"], url),
        HomeLine("cabinet.courses_listed", _("курсов, на которые я включён в список"), counts["listed"], url),
    ]


def home_register() -> None:
    cabinet_lines_register(key="courses", order=25, lines=cabinet_lines)
    home_section_register(
        key="courses_service", title=gettext_lazy("Заявки на курсы"), roles=[Role.METHODOLOGIST, Role.HEAD],
        permission=VIEW_PERMISSION, order=35, lines=service_lines,
    )  # fmt: skip
    home_section_register(
        key="courses_coordinator", title=gettext_lazy("Заявки педагогов школы на курсы"),
        roles=[Role.SCHOOL_COORDINATOR], permission="wagtailadmin.access_admin", order=5, lines=coordinator_lines,
    )  # fmt: skip
