"""Writes of the region's data banks (004 §3.3.2–3.3.3), in the public schema.

The institute (ЛОИРО) proposes regional internships and decides on nominated practices; a
municipality's methodologist or head answers proposals and nominates practices. Each write checks
who acts, runs in one transaction and writes its audit row. The internship sites' summary is
written by ``tenants.internships.summary`` inside the municipality's own change.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role, User
from accounts.selectors import user_roles
from accounts.workspace_access import workspace_writer
from audit.services import audit_record
from regional_banks.models import (
    InternshipProposal,
    InternshipSiteEntry,
    NominationStatus,
    PracticeNomination,
    ProposalStatus,
)
from tenants.municipalities.models import Municipality

SEARCH_CONFIG = "russian"  # as the resource bank and the sites' search (cms.base.search_backend)
SNAPSHOT_FIELDS = ("title", "organisation", "authors", "description", "url")


def _institute(acting_user: ActingUser) -> User:
    if not workspace_writer(acting_user):
        raise PermissionDenied(_("Это действие доступно только сотрудникам ЛОИРО."))
    assert isinstance(acting_user, User)
    return acting_user


def _municipal_staff(acting_user: ActingUser, municipality: Municipality) -> User | None:
    """The municipality's methodologist or head; None for a command or the demo (no person)."""
    if acting_user is None:
        return None
    if not ({Role.METHODOLOGIST, Role.HEAD} & user_roles(acting_user).in_municipality(municipality.schema_name)):
        raise PermissionDenied(_("Это может сделать методист или руководитель службы."))
    return acting_user if isinstance(acting_user, User) else None


def _audit(action: str, *, acting_user: ActingUser, municipality: Municipality, target: Any, data: dict) -> None:
    audit_record(
        action=action,
        acting_user=acting_user,
        municipality=municipality,
        target=f"{target._meta.model_name}#{target.pk}: {target}",
        data=data,
    )


# Proposals of regional internships -------------------------------------------------------------


@transaction.atomic
def internship_proposal_create(
    *,
    acting_user: ActingUser,
    site: InternshipSiteEntry,
    title: str,
    hours: int,
    capacity: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    topics: str = "",
    note: str = "",
) -> InternshipProposal:
    """The institute offers a site (in force) to host a regional internship; the municipality answers."""
    user = _institute(acting_user)
    if not site.in_force:
        raise ValidationError(_("Статус этой стажировочной площадки не действует."), code="not_in_force")
    proposal = InternshipProposal(
        municipality=site.municipality, site_id=site.site_id, site_name=site.organisation, title=title.strip(),
        topics=topics.strip(), hours=hours, capacity=capacity, starts_on=starts_on, ends_on=ends_on,
        note=note.strip(), proposed_by=user,
    )  # fmt: skip
    proposal.full_clean()
    proposal.save()
    _audit("internship_proposal.create", acting_user=user, municipality=site.municipality, target=proposal,
           data={"site_id": site.site_id})  # fmt: skip
    return proposal


@transaction.atomic
def internship_proposal_answer(
    *,
    proposal: InternshipProposal,
    municipality: Municipality,
    accept: bool,
    acting_user: ActingUser,
    answer: str = "",
    internship_id: int | None = None,
) -> InternshipProposal:
    """The municipality accepts (naming the internship it entered in its register) or declines with a reason.

    ``municipality`` is the one in use: a proposal to another municipality is "missing" to it."""
    user = _municipal_staff(acting_user, municipality)
    locked = InternshipProposal.objects.select_for_update().filter(pk=proposal.pk, municipality=municipality).first()
    if locked is None:
        raise PermissionDenied(_("Предложение не найдено."))
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(_("На это предложение уже ответили."), code="answered")
    answer = answer.strip()
    if not accept and not answer:
        raise ValidationError({"answer": _("Укажите, почему предложение отклонено.")}, code="answer_required")
    if accept and internship_id is None:
        raise ValueError("an accepted proposal names the internship it became")
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    locked.answer = answer
    locked.internship_id = internship_id
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save()
    _audit(
        "internship_proposal.accept" if accept else "internship_proposal.decline",
        acting_user=acting_user,
        municipality=municipality,
        target=locked,
        data={"answer": answer, "internship_id": internship_id},
    )
    return locked


# The region's bank of best practices ----------------------------------------------------------


def _search_vector_update(nomination: PracticeNomination) -> None:
    PracticeNomination.objects.filter(pk=nomination.pk).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("organisation", "authors", weight="C", config=SEARCH_CONFIG)
    )


@transaction.atomic
def practice_nomination_create(
    *,
    municipality: Municipality,
    acting_user: ActingUser,
    practice_id: int,
    title: str,
    organisation: str,
    description: str,
    authors: str = "",
    url: str = "",
    note: str = "",
    municipal_decision: str = "",
) -> PracticeNomination:
    """A municipality nominates a practice to the region's bank (004 §3.3.2); one live nomination a practice."""
    user = _municipal_staff(acting_user, municipality)
    nomination = PracticeNomination(
        municipality=municipality, practice_id=practice_id, title=title, organisation=organisation,
        authors=authors[:1000], description=description, url=url, note=note.strip(),
        municipal_decision=municipal_decision[:500], nominated_by=user,
    )  # fmt: skip
    nomination.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:
        raise ValidationError(_("Эта практика уже выдвинута или включена в региональный банк."), code="live") from error
    _search_vector_update(nomination)
    _audit("practice_nomination.create", acting_user=acting_user, municipality=municipality, target=nomination,
           data={"practice_id": practice_id})  # fmt: skip
    return nomination


def practice_nomination_refresh(*, municipality: Municipality, practice_id: int, **snapshot: str) -> int:
    """A nominated practice changed while it waits: the council reviews the current text.

    An accepted one keeps the text the council accepted. Runs in the caller's transaction."""
    unknown = set(snapshot) - set(SNAPSHOT_FIELDS)
    if unknown:
        raise ValueError(f"not snapshot fields: {sorted(unknown)}")
    waiting = list(
        PracticeNomination.objects.filter(
            municipality=municipality, practice_id=practice_id, status=NominationStatus.PENDING
        )
    )
    for nomination in waiting:
        for name, value in snapshot.items():
            setattr(nomination, name, value)
        nomination.save(update_fields=list(snapshot))
        _search_vector_update(nomination)
    return len(waiting)


@transaction.atomic
def practice_nomination_withdraw(
    *, municipality: Municipality, practice_id: int, acting_user: ActingUser, reason: str = ""
) -> int:
    """The municipality withdraws its practice from the region (or deleted it): it leaves the bank."""
    live = list(
        PracticeNomination.objects.select_for_update().filter(
            municipality=municipality,
            practice_id=practice_id,
            status__in=[NominationStatus.PENDING, NominationStatus.ACCEPTED],
        )
    )
    for nomination in live:
        nomination.status = NominationStatus.WITHDRAWN
        nomination.save(update_fields=["status"])
        _audit("practice_nomination.withdraw", acting_user=acting_user, municipality=municipality,
               target=nomination, data={"reason": reason})  # fmt: skip
    return len(live)


@transaction.atomic
def practice_nomination_decide(
    *,
    nomination: PracticeNomination,
    accept: bool,
    decided_on: datetime.date,
    protocol_number: str,
    acting_user: ActingUser,
    comment: str = "",
) -> PracticeNomination:
    """The institute's expert council decides (its meeting's date and protocol number, a comment).

    Accepted: the practice enters the region's bank; declined: with a comment for the municipality."""
    user = _institute(acting_user)
    locked = PracticeNomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != NominationStatus.PENDING:
        raise ValidationError(_("По этой практике решение уже принято."), code="decided")
    comment, protocol_number = comment.strip(), protocol_number.strip()
    errors: dict[str, str] = {}
    if not protocol_number:
        errors["protocol_number"] = _("Укажите номер протокола экспертного совета.")
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = _("Укажите дату заседания (не позже сегодняшней).")
    if not accept and not comment:
        errors["comment"] = _("Укажите, почему практика отклонена.")
    if errors:
        raise ValidationError(errors, code="decision")
    locked.status = NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
    locked.decided_on = decided_on
    locked.protocol_number = protocol_number[:50]
    locked.comment = comment
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save()
    _audit(
        "practice_nomination.accept" if accept else "practice_nomination.decline",
        acting_user=user,
        municipality=locked.municipality,
        target=locked,
        data={"decided_on": decided_on.isoformat(), "protocol": locked.protocol_number, "comment": comment},
    )
    return locked
