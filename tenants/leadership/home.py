"""The homes of the association leader and the school coordinator, and the methodologist's line of
plans waiting for approval (issue 21 item 1: "the association leader's and school coordinator's
homes follow when those roles exist"; issue 15 §1)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.academic_years import AcademicYear
from tenants.bodies.selectors import user_led_body_ids
from tenants.development.models import Deficit, DeficitStatus
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import pd_summary
from tenants.leadership.models import BodyYearReview, ReviewPart, ReviewStatus
from tenants.organisations.selectors import user_coordinated_organisation
from tenants.staff_home import HomeLine, home_section_register


def leader_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Two queries: the bodies led, then their reviews this year."""
    body_ids = user_led_body_ids(user)
    if not body_ids:
        return []
    year = AcademicYear.of(today)
    url = reverse("leadership_bodies")
    rows = BodyYearReview.objects.filter(body_year__body_id__in=body_ids, body_year__academic_year=year.start)
    by_status: dict[tuple[str, str], int] = {}
    for part, status in rows.values_list("part", "status"):
        by_status[(part, status)] = by_status.get((part, status), 0) + 1
    returned = sum(n for (_p, s), n in by_status.items() if s == ReviewStatus.RETURNED)
    approved_plans = by_status.get((ReviewPart.PLAN, ReviewStatus.APPROVED), 0)
    waiting = sum(n for (_p, s), n in by_status.items() if s == ReviewStatus.SUBMITTED)
    return [
        HomeLine("leadership.bodies", _("объединений веду"), len(body_ids), url),
        HomeLine("leadership.plans_missing", _("планов на год не утверждено"), len(body_ids) - approved_plans, url,
                 attention=len(body_ids) > approved_plans),
        HomeLine("leadership.returned", _("возвращено на доработку"), returned, url, attention=returned > 0),
        HomeLine("leadership.waiting", _("на утверждении у методиста"), waiting, url),
    ]  # fmt: skip


def coordinator_lines(user: User, today: datetime.date) -> list[HomeLine]:
    organisation = user_coordinated_organisation(user)
    if organisation is None:
        return []
    url = reverse("leadership_school")
    pd = pd_summary(on=today, organisation_id=organisation.pk)
    deficits = Deficit.objects.filter(teacher__organisation=organisation, status=DeficitStatus.OPEN).count()
    return [
        HomeLine("school.teachers", _("педагогов школы"), pd.total, url),
        HomeLine("school.pd_overdue", str(PdStatus.OVERDUE.label).lower(), pd.overdue, url, attention=pd.overdue > 0),
        HomeLine("school.pd_due", _("курсы в ближайшие 12 месяцев"), pd.due_soon, url),
        HomeLine("school.deficits", _("открытых профессиональных дефицитов"), deficits, url),
    ]  # fmt: skip


def reviewer_lines(user: User, today: datetime.date) -> list[HomeLine]:
    count = BodyYearReview.objects.filter(status=ReviewStatus.SUBMITTED).count()
    return [
        HomeLine("leadership.reviews", _("планов и анализов объединений ждут утверждения"), count,
                 reverse("leadership_reviews"), attention=count > 0),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="leadership_leader", title=gettext_lazy("Мои объединения"), roles=[Role.ASSOCIATION_LEADER],
        permission="", order=5, lines=leader_lines,
    )  # fmt: skip
    home_section_register(
        key="leadership_school", title=gettext_lazy("Методическая служба школы"), roles=[Role.SCHOOL_COORDINATOR],
        permission="", order=5, lines=coordinator_lines,
    )  # fmt: skip
    home_section_register(
        key="leadership_reviews", title=gettext_lazy("Планы объединений"), roles=[Role.METHODOLOGIST, Role.HEAD],
        permission="", order=61, lines=reviewer_lines,
    )  # fmt: skip
