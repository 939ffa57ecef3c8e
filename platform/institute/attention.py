"""The institute's and the committee's home on the region host (issue 21): what needs attention
over the region, each count linking to the filtered screen behind it. Five queries."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.workspace_access import workspace_writer
from institute.models import CommentSide, PlanComment
from regional_banks.selectors import practice_nominations_pending_count
from rollups.models import MunicipalityYearRollup, PlanStatus
from tenants.academic_years import AcademicYear
from tenants.staff_home import HomeLine
from unified_calendar.models import ProposalStatus, RegionalEventProposal

WEEK = datetime.timedelta(days=7)


def region_attention(*, user: User, year: AcademicYear, without_agreement: int, missing_filter: str) -> list[HomeLine]:
    """Plans submitted this week, municipalities without an agreement in force, proposals to the
    unified calendar waiting (institute staff only: they decide on them), answers to comments."""
    since = timezone.now() - WEEK
    dashboard = reverse("institute:dashboard")
    submitted = MunicipalityYearRollup.objects.filter(
        academic_year=year.label, plan_status=PlanStatus.SUBMITTED, plan_updated_at__gte=since
    ).count()
    answers = list(
        PlanComment.objects.filter(side=CommentSide.MUNICIPALITY, created_at__gte=since)
        .select_related("municipality")
        .order_by("-created_at")[:50]
    )
    lines = [
        HomeLine("region.plans_submitted", _("планов отправлено на утверждение за неделю"), submitted,
                 f"{dashboard}?{urlencode({'plan_status': PlanStatus.SUBMITTED, 'year': year.start})}"),
        HomeLine("region.without_agreement", _("муниципалитетов без действующего соглашения"), without_agreement,
                 f"{dashboard}?{urlencode({'agreement': missing_filter, 'year': year.start})}",
                 attention=without_agreement > 0),
    ]  # fmt: skip
    if workspace_writer(user):
        pending = RegionalEventProposal.objects.filter(status=ProposalStatus.PENDING).count()
        lines.append(
            HomeLine("region.proposals", _("предложений в единый календарь ждут решения"), pending,
                     reverse("unified_calendar:proposals"), attention=pending > 0)
        )  # fmt: skip
        nominated = practice_nominations_pending_count()
        lines.append(
            HomeLine("region.practices_nominated", _("практик ждут решения экспертного совета"), nominated,
                     f"{reverse('institute:practices')}?status=pending", attention=nominated > 0)
        )  # fmt: skip
    latest = answers[0].municipality.slug if answers else None
    lines.append(
        HomeLine("region.comments_answered", _("ответов муниципалитетов на комментарии за неделю"), len(answers),
                 reverse("institute:municipality", args=(latest,)) if latest else dashboard)
    )  # fmt: skip
    return lines
