"""Writes of tripartite agreements (004 §4.4, §4.10.4). Every caller goes through these.

Who may do what: the institute drafts, edits drafts, sends for signature, attaches the signed
scan, terminates and renews, and signs for the institute; the regional committee signs for the
committee; the head of the municipality's service signs for the municipality. Each action writes
its audit row (``agreement.<verb>``) in its transaction; e-mails go out on commit.
"""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role, signed_in_user
from accounts.selectors import user_roles
from agreements.models import (
    EXPIRING_DAYS,
    FINAL_STATUSES,
    IN_FORCE_STATUSES,
    Agreement,
    AgreementSignature,
    AgreementStatus,
    Party,
)
from audit.services import audit_record
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.models import Municipality
from tenants.uploads import MAX_DOCUMENT_SIZE, validate_document_upload

EDITABLE_FIELDS = frozenset(
    {
        "number",
        "concluded_on",
        "subject",
        "term_from",
        "term_to",
        "municipality_responsible",
        "committee_responsible",
        "institute_responsible",
        "obligations",
    }
)


# --- who acts for which party ---------------------------------------------------------------


def agreement_parties_of(acting_user: ActingUser, municipality: Municipality) -> set[str]:
    """The parties ``acting_user`` may sign for on an agreement of ``municipality``."""
    if acting_user is None or not acting_user.is_authenticated:
        return set()
    roles = user_roles(acting_user)
    parties: set[str] = set()
    if roles.has(Role.INSTITUTE):
        parties.add(Party.INSTITUTE)
    if roles.has(Role.COMMITTEE):
        parties.add(Party.COMMITTEE)
    # 004 §4.4: the education authority signs; on the platform its head of service does.
    if roles.has(Role.HEAD, municipality.schema_name):
        parties.add(Party.MUNICIPALITY)
    return parties


def agreement_can_manage(acting_user: ActingUser) -> bool:
    """The institute drafts, sends, terminates and renews agreements."""
    return acting_user is not None and acting_user.is_authenticated and user_roles(acting_user).has(Role.INSTITUTE)


def _require_manager(acting_user: ActingUser) -> None:
    if not agreement_can_manage(acting_user):
        raise PermissionDenied(_("Это действие доступно только сотрудникам ЛОИРО."))


def _validate(agreement: Agreement) -> None:
    if agreement.term_to and agreement.term_from and agreement.term_to < agreement.term_from:
        raise ValidationError({"term_to": _("Срок действия не может закончиться раньше, чем начнётся.")})
    agreement.full_clean(exclude=["scan", "municipality", "replaces", "created_by"])


def _audit(agreement: Agreement, verb: str, acting_user: ActingUser, **data: Any) -> None:
    audit_record(
        action=f"agreement.{verb}",
        acting_user=acting_user,
        municipality=agreement.municipality,
        target=agreement,
        data={"agreement_id": agreement.pk, "status": agreement.status, **data},
    )


def _status_set(agreement: Agreement, status: str) -> None:
    agreement.status = status
    agreement.status_changed_at = timezone.now()


# --- drafting -------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    municipality: Municipality,
    number: str,
    concluded_on: datetime.date,
    subject: str,
    term_from: datetime.date,
    term_to: datetime.date,
    municipality_responsible: str,
    committee_responsible: str,
    institute_responsible: str,
    obligations: str,
    replaces: Agreement | None = None,
    acting_user: ActingUser,
) -> Agreement:
    """A draft agreement with a municipality, drafted by the institute (004 §4.4)."""
    _require_manager(acting_user)
    if replaces is not None and replaces.municipality_id != municipality.pk:
        raise ValidationError(_("Новое соглашение должно быть с тем же муниципалитетом."))
    agreement = Agreement(
        municipality=municipality,
        number=number,
        concluded_on=concluded_on,
        subject=subject,
        term_from=term_from,
        term_to=term_to,
        municipality_responsible=municipality_responsible,
        committee_responsible=committee_responsible,
        institute_responsible=institute_responsible,
        obligations=obligations,
        replaces=replaces,
        created_by=signed_in_user(acting_user),
    )
    _validate(agreement)
    agreement.save()
    _audit(agreement, "create", acting_user)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict[str, Any], acting_user: ActingUser) -> Agreement:
    """Change a draft; once sent for signature the text is fixed."""
    _require_manager(acting_user)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable on an agreement: {sorted(unknown)}")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Изменять можно только проект соглашения."))
    for field, value in data.items():
        setattr(agreement, field, value)
    _validate(agreement)
    agreement.save()
    _audit(agreement, "update", acting_user, fields=sorted(data))
    return agreement


@transaction.atomic
def agreement_renew(
    *,
    agreement: Agreement,
    number: str,
    concluded_on: datetime.date,
    term_from: datetime.date,
    term_to: datetime.date,
    acting_user: ActingUser,
) -> Agreement:
    """A draft of the next agreement with the same parties and text; the old one becomes
    «заменено новым» when the new one enters into force."""
    if agreement.status not in (*IN_FORCE_STATUSES, AgreementStatus.EXPIRED):
        raise ValidationError(_("Продлить можно только действующее или истёкшее соглашение."))
    if Agreement.objects.filter(replaces=agreement).exists():
        raise ValidationError(_("Для этого соглашения уже подготовлено новое."))
    return agreement_create(
        municipality=agreement.municipality,
        number=number,
        concluded_on=concluded_on,
        subject=agreement.subject,
        term_from=term_from,
        term_to=term_to,
        municipality_responsible=agreement.municipality_responsible,
        committee_responsible=agreement.committee_responsible,
        institute_responsible=agreement.institute_responsible,
        obligations=agreement.obligations,
        replaces=agreement,
        acting_user=acting_user,
    )


@transaction.atomic
def agreement_delete(*, agreement: Agreement, acting_user: ActingUser) -> None:
    """Delete a draft that was never sent."""
    _require_manager(acting_user)
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Удалить можно только проект соглашения."))
    _audit(agreement, "delete", acting_user, number=agreement.number)
    agreement.delete()


# --- signing --------------------------------------------------------------------------------


@transaction.atomic
def agreement_send(*, agreement: Agreement, acting_user: ActingUser) -> Agreement:
    """Send the draft to the parties for signature."""
    _require_manager(acting_user)
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("На подпись направляется только проект соглашения."))
    _status_set(agreement, AgreementStatus.SENT)
    agreement.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(agreement, "send", acting_user)
    return agreement


@transaction.atomic
def agreement_sign(
    *, agreement: Agreement, party: str, acting_user: ActingUser, today: datetime.date | None = None
) -> Agreement:
    """Record ``party``'s signature; with all three in any order the agreement enters into force.

    A renewal in force marks the agreement it replaces «заменено новым». An agreement whose term
    already ends within 60 days enters straight as expiring (or expired, if it has ended).
    """
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    if party not in agreement_parties_of(acting_user, agreement.municipality):
        raise PermissionDenied(_("Вы не можете подписать соглашение за эту сторону."))
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(_("Подписать можно только соглашение, направленное на подпись."))
    if agreement.signatures.filter(party=party).exists():
        raise ValidationError(_("Эта сторона уже подписала соглашение."))
    assert acting_user is not None and acting_user.is_authenticated
    AgreementSignature.objects.create(
        agreement=agreement,
        party=party,
        signed_by=acting_user,
        signed_by_name=acting_user.get_full_name() or acting_user.email,
    )
    _audit(agreement, "sign", acting_user, party=party)
    if agreement.signatures.count() == len(Party):
        _status_set(agreement, AgreementStatus.IN_FORCE)
        agreement.save(update_fields=["status", "status_changed_at", "updated_at"])
        _audit(agreement, "in_force", acting_user)
        if agreement.replaces_id is not None:
            previous = Agreement.objects.select_for_update().get(pk=agreement.replaces_id)
            if previous.status not in (AgreementStatus.TERMINATED, AgreementStatus.RENEWED):
                _status_set(previous, AgreementStatus.RENEWED)
                previous.save(update_fields=["status", "status_changed_at", "updated_at"])
                _audit(previous, "renewed", acting_user, new_agreement_id=agreement.pk)
        _term_advance(agreement, today or timezone.localdate(), acting_user=acting_user)
    return agreement


# --- the signed scan ------------------------------------------------------------------------


@transaction.atomic
def agreement_scan_attach(*, agreement: Agreement, file: File | IO[bytes], acting_user: ActingUser) -> Agreement:
    """Attach the signed scan: a PDF by content, no bigger than the upload limit."""
    _require_manager(acting_user)
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    if agreement.status == AgreementStatus.DRAFT:
        raise ValidationError(_("Скан прикладывается к соглашению, направленному на подпись или подписанному."))
    try:
        validate_document_upload(file, allowed=("pdf",), max_size=MAX_DOCUMENT_SIZE)
    except ValidationError as error:
        raise ValidationError({"scan": error.error_list}) from error
    old_name = agreement.scan.name
    agreement.scan.save("scan.pdf", file if isinstance(file, File) else File(file), save=False)
    agreement.save(update_fields=["scan", "updated_at"])
    _audit(agreement, "scan_attach", acting_user)
    if old_name:
        storage = agreement.scan.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return agreement


# --- the end of an agreement ----------------------------------------------------------------


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, reason: str, acting_user: ActingUser) -> Agreement:
    """Terminate an agreement before its term ends (the parties' decision, recorded by the institute)."""
    _require_manager(acting_user)
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    if agreement.status in FINAL_STATUSES or agreement.status == AgreementStatus.DRAFT:
        raise ValidationError(_("Расторгнуть можно только соглашение на подписании или действующее."))
    if not reason.strip():
        raise ValidationError({"termination_reason": _("Укажите основание расторжения.")})
    agreement.termination_reason = reason.strip()
    _status_set(agreement, AgreementStatus.TERMINATED)
    agreement.save(update_fields=["status", "status_changed_at", "termination_reason", "updated_at"])
    _audit(agreement, "terminate", acting_user, reason=agreement.termination_reason)
    return agreement


def _term_advance(agreement: Agreement, today: datetime.date, *, acting_user: ActingUser) -> str | None:
    """Move an agreement in force to expiring or expired by its term; the new status or None."""
    if agreement.status not in IN_FORCE_STATUSES:
        return None
    if today > agreement.term_to:
        new_status = AgreementStatus.EXPIRED
    elif today >= agreement.expiring_from() and agreement.status == AgreementStatus.IN_FORCE:
        new_status = AgreementStatus.EXPIRING
    else:
        return None
    _status_set(agreement, new_status)
    agreement.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(agreement, new_status, acting_user, term_to=agreement.term_to.isoformat())
    from agreements.tasks import agreement_notify_task

    agreement_id = agreement.pk
    task_send_on_commit(agreement_notify_task, schema_name="public", agreement_id=agreement_id, event=new_status)
    return new_status


@transaction.atomic
def agreements_expiry_advance(*, today: datetime.date | None = None) -> dict[str, int]:
    """Move every agreement in force to expiring (60 days before the end) or expired.

    Idempotent: an agreement changes status once, and the parties are e-mailed on that change only.
    """
    day = today or timezone.localdate()
    moved = {AgreementStatus.EXPIRING.value: 0, AgreementStatus.EXPIRED.value: 0}
    candidates = (
        Agreement.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("municipality")
        .filter(status__in=IN_FORCE_STATUSES)
        .filter(term_to__lte=day + datetime.timedelta(days=EXPIRING_DAYS))
    )
    for agreement in candidates:
        new_status = _term_advance(agreement, day, acting_user=None)
        if new_status is not None:
            moved[new_status] += 1
    return moved
