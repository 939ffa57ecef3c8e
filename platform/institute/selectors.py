"""Reads of the institute's workspace: comment threads, snapshots, the access log, yearly analyses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from institute.models import AccessLogEntry, IndicatorSnapshot, PlanComment
from rollups.models import MunicipalityYearRollup
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.plans.models import ReportSubmission


def plan_comment_threads(*, municipality: Municipality, academic_year: int | None = None) -> QuerySet[PlanComment]:
    """A municipality's comment threads (the first comments, with their replies), newest first."""
    qs = PlanComment.objects.filter(municipality=municipality, parent__isnull=True)
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year)
    return qs.prefetch_related(Prefetch("replies", queryset=PlanComment.objects.order_by("created_at", "pk"))).order_by(
        "-created_at", "-pk"
    )


def plan_comment_thread_get(*, municipality: Municipality, comment_id: int) -> PlanComment | None:
    """A thread of ``municipality``; None when missing or another municipality's (same answer)."""
    return PlanComment.objects.filter(municipality=municipality, parent__isnull=True, pk=comment_id).first()


def indicator_series(*, municipality: Municipality, academic_year: str, limit: int = 60) -> list[IndicatorSnapshot]:
    """The municipality's daily snapshots for the year, oldest first (the last ``limit`` days)."""
    newest = IndicatorSnapshot.objects.filter(municipality=municipality, academic_year=academic_year).order_by(
        "-taken_on"
    )[:limit]
    return sorted(newest, key=lambda s: s.taken_on)


def access_log_list(*, municipality_id: int | None = None, limit: int = 200) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.select_related("municipality")
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.order_by("-created_at")[:limit]


def plan_comment_recipients(comment: PlanComment) -> list[str]:
    """Who hears of ``comment``: the other side of its thread, never its author."""
    from accounts.models import Role, User
    from institute.models import CommentSide
    from institute.services import COMMENT_ANSWERING_ROLES

    thread = comment.parent or comment
    if comment.side == CommentSide.INSTITUTE:
        people = User.objects.filter(
            groups__role_group__municipality_id=comment.municipality_id,
            groups__role_group__role__in=list(COMMENT_ANSWERING_ROLES),
        )
    else:
        authors = PlanComment.objects.filter(pk=thread.pk) | PlanComment.objects.filter(parent=thread)
        author_ids = authors.filter(side=CommentSide.INSTITUTE).values_list("author_id", flat=True)
        people = User.objects.filter(
            pk__in=author_ids,
            groups__role_group__municipality__isnull=True,
            groups__role_group__role=Role.INSTITUTE,
        )
    people = people.filter(is_active=True)
    if comment.author_id is not None:
        people = people.exclude(pk=comment.author_id)
    emails = set(people.values_list("email", flat=True))
    return sorted(emails)


@dataclass(frozen=True)
class AnnualReportRow:
    name: str
    slug: str
    status: str  # "" (not submitted), or a tenants.plans ReportSubmission value
    status_label: str


def annual_report_rows(*, academic_year: str) -> list[AnnualReportRow]:
    """Every active municipality with the state of its yearly analysis for the year. Two queries."""
    states = dict(
        MunicipalityYearRollup.objects.filter(academic_year=academic_year).values_list(
            "municipality_id", "annual_report_status"
        )
    )
    labels = {"": _("не направлен"), **dict(ReportSubmission.choices)}
    municipalities = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public")
    return [
        AnnualReportRow(name, slug, states.get(pk, ""), str(labels.get(states.get(pk, ""), "")))
        for pk, name, slug in municipalities.order_by("name").values_list("pk", "name", "slug")
    ]
