"""Celery tasks of the institute's workspace. They run in the public schema: snapshots are one
statement over the roll-up table, and comments live in the public schema too."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.template.loader import render_to_string
from django.utils import translation

from institute.models import CommentSide, PlanComment
from institute.selectors import plan_comment_recipients
from institute.services import indicator_snapshots_take_all
from rollups.rebuild import rollup_rebuilder_names, rollups_rebuild
from tenants.municipalities.fan_out import fan_out_recorded
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.schemas import schema_activate_public
from tenants.municipalities.selectors import municipality_signed_in_url, region_base_url


@shared_task(acks_late=True)
def indicator_snapshots_take(today: str | None = None) -> int:
    """Daily (beat): refresh the document register's share (annual documents go out of date as
    the academic year turns, with no write to notice it), then snapshot every roll-up row."""
    schema_activate_public()
    if "registry" in rollup_rebuilder_names():
        rollups_rebuild(names=["registry"])
    day = datetime.date.fromisoformat(today) if today else None
    with fan_out_recorded("institute.snapshots"):
        return indicator_snapshots_take_all(today=day)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def plan_comment_notify_task(self: object, *, comment_id: int) -> list[str]:
    """E-mail the other side of a comment thread: the municipality's head and methodologists
    about the institute's comment, the institute's authors about the municipality's answer."""
    schema_activate_public()
    comment = PlanComment.objects.select_related("municipality", "parent").get(pk=comment_id)
    recipients = plan_comment_recipients(comment)
    if not recipients:
        return []
    to_municipality = comment.side == CommentSide.INSTITUTE
    link = (
        # Signed in from the region's session, on an extra primary domain too (accounts.handoff).
        municipality_signed_in_url(comment.municipality, "/admin/plan-comments/")
        if to_municipality
        else region_base_url() + f"/institute/m/{comment.municipality.slug}/"
    )
    context = {
        "comment": comment,
        "municipality": comment.municipality,
        "to_municipality": to_municipality,
        "link": link,
    }
    with translation.override("ru"):
        subject = render_to_string("institute/email/comment_subject.txt", context).strip()
        body = render_to_string("institute/email/comment_message.txt", context)
    # The municipality's answer goes out in its name; the institute's comment in the platform's.
    sender = None if to_municipality else comment.municipality
    municipal_mail_send(municipality=sender, subject=subject, body=body, to=recipients)
    return recipients
