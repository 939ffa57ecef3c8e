"""Writes of the bank of best practices (000 §2.3.1, 004 §3.3.2).

Practices are created and edited through the audited Wagtail actions (the admin's forms use the
same action classes, registered in ``wagtail_hooks``); status changes only through
:func:`practice_status_change`, which checks who may decide, keeps who and when on the
practice and in its history, and writes Wagtail's log entry and our audit row in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_create, audited_update
from tenants.organisations.models import Organisation
from tenants.people.models import Teacher
from tenants.practices.models import (
    DECIDE_PERMISSION,
    STATUS_TRANSITIONS,
    Practice,
    PracticeLevel,
    PracticeMaterial,
    PracticeStatus,
    PracticeStatusChange,
)
from tenants.practices.regional import practice_regional_sync

STATUS_LOG_ACTION = "practices.status"
EDITABLE_FIELDS = ("title", "organisation", "level", "description", "is_public")


@dataclass(frozen=True)
class MaterialData:
    """A material to attach: a title and a file or a link."""

    title: str
    file: UploadedFile | None = None
    link: str = ""


@transaction.atomic
def practice_create(
    *,
    acting_user: ActingUser,
    title: str,
    organisation: Organisation,
    description: str,
    authors: Iterable[Teacher] = (),
    level: str = PracticeLevel.SCHOOL,
    materials: Iterable[MaterialData] = (),
) -> Practice:
    """Propose a practice: it starts as «предложена» and is not public."""
    practice = Practice(
        title=title,
        organisation=organisation,
        level=level,
        description=description,
        created_by=signed_in_user(acting_user),
    )
    for material in materials:
        practice.materials.add(PracticeMaterial(title=material.title, file=material.file, link=material.link))
    for child in practice.materials.all():
        child.full_clean(exclude=["practice"])
    audited_create(practice, acting_user=acting_user)  # saves the materials with it (a cluster)
    practice.authors.set(list(authors))
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, acting_user: ActingUser, data: Mapping[str, Any]) -> Practice:
    """Change a practice's description; never its status (see :func:`practice_status_change`)."""
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(practice, name, data[name])
    audited_update(practice, acting_user=acting_user)
    if "authors" in data:
        practice.authors.set(list(data["authors"]))
        practice_regional_sync(practice)  # the edit action synced before the authors changed
    return practice


@transaction.atomic
def practice_status_change(
    *,
    practice: Practice,
    status: str,
    acting_user: ActingUser,
    comment: str = "",
    skip_permission_checks: bool = False,
) -> Practice:
    """Record a decision on a practice (the expert council's, 003 §3): who, when, why.

    Proposed → reviewed by the expert council → recommended for dissemination; proposed or
    reviewed → rejected, with a comment; rejected → proposed again. Only people allowed to
    decide (methodologists and the head of the service) may do it.
    """
    if not skip_permission_checks and (acting_user is None or not acting_user.has_perm(DECIDE_PERMISSION)):
        raise PermissionDenied(_("Менять статус практики может только методист или руководитель службы."))
    # Two people deciding at once: the second waits and sees the first one's status.
    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    previous = locked.status
    if status not in STATUS_TRANSITIONS.get(previous, ()):
        raise ValidationError(
            _("Нельзя перевести практику из статуса «%(from)s» в статус «%(to)s».")
            % {"from": PracticeStatus(previous).label, "to": _status_label(status)},
            code="transition",
        )
    comment = comment.strip()
    if status == PracticeStatus.REJECTED and not comment:
        raise ValidationError({"comment": _("Укажите, почему практика отклонена.")}, code="comment_required")
    now = timezone.now()
    user = signed_in_user(acting_user)
    Practice.objects.filter(pk=practice.pk).update(
        status=status, status_comment=comment, status_changed_at=now, status_changed_by=user, updated_at=now
    )
    practice.refresh_from_db()
    PracticeStatusChange.objects.create(
        practice=practice, from_status=previous, to_status=status, comment=comment, changed_by=user, changed_at=now
    )
    data = {"id": practice.pk, "from": previous, "to": status, "comment": comment}
    log(instance=practice, action=STATUS_LOG_ACTION, user=user, data=data)
    audit_record_municipal(
        action="practice.status",
        acting_user=acting_user,
        target=f"practice#{practice.pk}: {practice}",
        data=data,
    )
    return practice


def _status_label(status: str) -> str:
    try:
        return str(PracticeStatus(status).label)
    except ValueError:
        return status
