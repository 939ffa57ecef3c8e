"""Writes of flags and of the head's decisions on which organisations need methodological help.

Flags are derived from the results (``tenants.quality.flagging``) and recounted inside the
transaction of every change of results, never edited by hand; a flag that stays keeps the day
it was first raised. The head of the service confirms that an organisation needs support, or
dismisses the suggestion with a reason (000 §2.2, 001 §3.7); the permission
``quality.decide_support`` is the head's only (``accounts.role_permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from assessment.selectors import thresholds_get
from audit.services import audit_record
from tenants.academic_years import AcademicYear
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality
from tenants.organisations.models import Organisation
from tenants.quality.flagging import Context, findings
from tenants.quality.models import Flag, SupportDecision, SupportStatus
from tenants.quality.rollup import quality_rollup_lock, quality_rollup_refresh
from tenants.quality.selectors.region import counts_merge, region_counts
from tenants.quality.selectors.results import counts_by, result_cells

DECIDE_PERMISSION = "quality.decide_support"
FIGURES = ("participants", "value", "threshold", "compared_with", "own_quality")


@dataclass(frozen=True)
class FlagsChange:
    raised: int
    kept: int
    cleared: int


def flags_refresh(*, academic_year: int) -> FlagsChange:
    """Recount the flags of one academic year of the municipality in use (the caller's transaction)."""
    cells = result_cells(academic_year=academic_year)
    last_year = counts_by(
        result_cells(academic_year=academic_year - 1),
        lambda c: (c.organisation_id, c.kind.code, c.subject_id, c.grade),
    )
    exams = {
        key: (counts, uses_marks)
        for (key, uses_marks), counts in counts_by(
            (c for c in cells if c.kind.exam_level is not None),
            lambda c: ((c.organisation_id, c.subject_id, c.kind.exam_level), c.kind.uses_marks),
        ).items()
    }
    municipality = current_municipality()
    own = counts_by(cells, lambda c: (c.kind.code, c.subject_code, c.grade))
    others = region_counts(
        academic_year=academic_year,
        exclude_municipality_id=municipality.pk if municipality else None,
        kind_codes={k for k, _s, _g in own},
    )
    context = Context(thresholds=thresholds_get(), last_year=last_year, exams=exams, region=counts_merge(others, own))
    found = {f.key: f for f in findings(cells, context)}
    existing = {
        (f.organisation_id, f.procedure_id, f.subject_id, f.grade, f.reason): f
        for f in Flag.objects.filter(academic_year=academic_year)
    }
    stale = [flag.pk for key, flag in existing.items() if key not in found]
    changed = []
    for key, flag in existing.items():
        finding = found.get(key)
        if finding is not None and any(getattr(flag, name) != getattr(finding, name) for name in FIGURES):
            for name in FIGURES:
                setattr(flag, name, getattr(finding, name))
            changed.append(flag)
    Flag.objects.filter(pk__in=stale).delete()
    Flag.objects.bulk_update(changed, list(FIGURES), batch_size=1000)
    Flag.objects.bulk_create(
        [
            Flag(
                academic_year=academic_year,
                organisation_id=f.organisation_id,
                procedure_id=f.procedure_id,
                subject_id=f.subject_id,
                grade=f.grade,
                reason=f.reason,
                **{name: getattr(f, name) for name in FIGURES},
            )
            for key, f in found.items()
            if key not in existing
        ],
        batch_size=1000,
    )
    return FlagsChange(
        raised=len(found.keys() - existing.keys()), kept=len(found.keys() & existing.keys()), cleared=len(stale)
    )


def user_may_decide(user: ActingUser) -> bool:
    """The head of the service, in the municipality in use, holding the decision permission."""
    return (
        user is not None
        and user.is_authenticated
        and user_roles(user).has(Role.HEAD, schema_active())
        and user.has_perm(DECIDE_PERMISSION)
    )


@transaction.atomic
def support_decide(
    *,
    organisation: Organisation,
    academic_year: AcademicYear | int,
    status: str,
    reason: str,
    acting_user: ActingUser,
    skip_permission_checks: bool = False,
) -> SupportDecision:
    """The head confirms that an organisation needs support this year, or dismisses it with a reason.

    A decision may be changed (the latest stands); each one writes an audit row.
    """
    if not skip_permission_checks and not user_may_decide(acting_user):
        raise PermissionDenied(_("Решение о поддержке организации принимает руководитель методической службы."))
    year = academic_year if isinstance(academic_year, AcademicYear) else AcademicYear(academic_year)
    reason = reason.strip()
    if status not in SupportStatus.values:
        raise ValidationError({"status": _("Неизвестное решение.")})
    if status == SupportStatus.DISMISSED and not reason:
        raise ValidationError({"reason": _("Укажите, почему организации не требуется поддержка.")})
    quality_rollup_lock()
    decision, created = SupportDecision.objects.select_for_update().get_or_create(
        organisation=organisation,
        academic_year=year.start,
        defaults={"status": status, "reason": reason, "decided_by": _signed_in(acting_user)},
    )
    previous = None if created else decision.status
    if not created:
        decision.status, decision.reason, decision.decided_by = status, reason, _signed_in(acting_user)
        decision.save()
    audit_record(
        action="support_decision.decide",
        acting_user=acting_user,
        municipality=current_municipality(),
        target=f"organisation#{organisation.pk}: {organisation}",
        data={"year": year.label, "status": status, "previous": previous, "reason": reason},
    )
    quality_rollup_refresh()
    return decision


def _signed_in(acting_user: ActingUser) -> Any:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None
