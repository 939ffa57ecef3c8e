"""Writes of the institute's workspace: comments on plans, the access log, indicator snapshots.

Comments are the institute's own objects (000 §3.3, 004 §4.4: scientific-methodological support
of the municipal services); the municipality answers them from its admin. Every write records an
audit row in its transaction; e-mails go out on commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from accounts.workspace_access import workspace_writer
from audit.services import audit_record
from institute.models import AccessLogEntry, CommentSide, IndicatorSnapshot, PlanComment
from rollups.models import MunicipalityYearRollup
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.models import Municipality

COMMENT_MAX_LENGTH = 5000
# Municipal roles that answer the institute's comments (the head and the methodologists).
COMMENT_ANSWERING_ROLES = (Role.HEAD, Role.METHODOLOGIST)


def _comment_text_clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Напишите текст комментария.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("Комментарий слишком длинный: не больше 5000 знаков.")})
    return text


def comment_side_of(acting_user: ActingUser, municipality: Municipality) -> str | None:
    """Which side ``acting_user`` writes for in ``municipality``'s threads, or None."""
    if acting_user is None or not acting_user.is_authenticated:
        return None
    if workspace_writer(acting_user):
        return CommentSide.INSTITUTE
    roles = user_roles(acting_user).in_municipality(municipality.schema_name)
    if roles & set(COMMENT_ANSWERING_ROLES):
        return CommentSide.MUNICIPALITY
    return None


def _notify(comment: PlanComment) -> None:
    from institute.tasks import plan_comment_notify_task

    comment_id = comment.pk
    task_send_on_commit(plan_comment_notify_task, schema_name="public", comment_id=comment_id)


@transaction.atomic
def plan_comment_create(
    *,
    municipality: Municipality,
    academic_year: int,
    text: str,
    plan_item_id: int | None = None,
    plan_item_title: str = "",
    acting_user: ActingUser,
) -> PlanComment:
    """The institute comments on a municipality's plan, or on one item of it."""
    if not workspace_writer(acting_user):
        raise PermissionDenied(_("Комментировать планы могут только сотрудники ЛОИРО."))
    assert acting_user is not None and acting_user.is_authenticated
    comment = PlanComment.objects.create(
        municipality=municipality,
        academic_year=academic_year,
        plan_item_id=plan_item_id,
        plan_item_title=plan_item_title[:500],
        author=acting_user,
        author_name=acting_user.get_full_name() or acting_user.email,
        side=CommentSide.INSTITUTE,
        text=_comment_text_clean(text),
    )
    audit_record(
        action="plan_comment.create",
        acting_user=acting_user,
        municipality=municipality,
        target=comment,
        data={"comment_id": comment.pk, "academic_year": academic_year, "plan_item_id": plan_item_id},
    )
    _notify(comment)
    return comment


@transaction.atomic
def plan_comment_reply(*, comment: PlanComment, text: str, acting_user: ActingUser) -> PlanComment:
    """An answer in a comment's thread: the municipality's head or methodologist, or the institute."""
    thread = comment.parent or comment
    side = comment_side_of(acting_user, thread.municipality)
    if side is None:
        raise PermissionDenied(_("Отвечать на комментарии могут руководитель и методисты службы и сотрудники ЛОИРО."))
    assert acting_user is not None and acting_user.is_authenticated
    reply = PlanComment.objects.create(
        municipality=thread.municipality,
        academic_year=thread.academic_year,
        plan_item_id=thread.plan_item_id,
        plan_item_title=thread.plan_item_title,
        parent=thread,
        author=acting_user,
        author_name=acting_user.get_full_name() or acting_user.email,
        side=side,
        text=_comment_text_clean(text),
    )
    audit_record(
        action="plan_comment.reply",
        acting_user=acting_user,
        municipality=thread.municipality,
        target=reply,
        data={"comment_id": reply.pk, "thread_id": thread.pk, "side": side},
    )
    _notify(reply)
    return reply


def access_log_record(
    *, acting_user: ActingUser, municipality: Municipality, section: str, path: str, personal_data: bool
) -> AccessLogEntry:
    """Log a region user's read of a municipality's data through the workspace."""
    assert acting_user is not None and acting_user.is_authenticated
    return AccessLogEntry.objects.create(
        user=acting_user,
        user_email=acting_user.email,
        municipality=municipality,
        section=section,
        path=path[:500],
        personal_data=personal_data,
    )


def access_log_record_many(
    *,
    acting_user: ActingUser,
    municipalities: list[Municipality],
    section: str,
    path: str,
    personal_data: bool,
) -> None:
    """Log one region-wide page's read of several municipalities' data: a row per municipality."""
    assert acting_user is not None and acting_user.is_authenticated
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=acting_user,
                user_email=acting_user.email,
                municipality=municipality,
                section=section,
                path=path[:500],
                personal_data=personal_data,
            )
            for municipality in municipalities
        ]
    )


_SNAPSHOT_COLUMNS = (
    "plan_status",
    "plan_items_total",
    "plan_items_done",
    "plan_items_moved",
    "plan_items_cancelled",
    "events_held",
    "events_participants",
    "teachers_total",
    "pd_up_to_date",
    "pd_overdue",
    "documents_required",
    "documents_in_force",
)


@transaction.atomic
def indicator_snapshots_take_all(*, today: datetime.date | None = None) -> int:
    """Copy every municipality's roll-up rows into the day's snapshots: one statement.

    Taken again the same day, the day's snapshot is overwritten (the task is idempotent).
    """
    day = today or timezone.localdate()
    columns = sql.SQL(", ").join(map(sql.Identifier, _SNAPSHOT_COLUMNS))
    query = sql.SQL(
        "INSERT INTO public.{snapshots} (municipality_id, academic_year, taken_on, {columns}) "
        "SELECT municipality_id, academic_year, %s, {columns} FROM public.{rollups} "
        "ON CONFLICT (municipality_id, academic_year, taken_on) DO UPDATE SET {updates}"
    ).format(
        snapshots=sql.Identifier(IndicatorSnapshot._meta.db_table),
        rollups=sql.Identifier(MunicipalityYearRollup._meta.db_table),
        columns=columns,
        updates=sql.SQL(", ").join(
            sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c)) for c in _SNAPSHOT_COLUMNS
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [day])
        taken = cursor.rowcount
    audit_record(action="indicator_snapshots.take", acting_user=None, data={"day": day.isoformat(), "rows": taken})
    return taken
