"""The municipality's side of the region's bank of best practices (004 §3.3.2).

A practice its expert council recommended for dissemination at the regional level (status
«рекомендована», level «региональный») is nominated to the region: its text, authors and the
council's decision are copied to ``regional_banks.PracticeNomination``, where the institute's
expert council decides. While the nomination waits, edits of the practice reach it; deleting the
practice, or withdrawing it, takes it out of the region's bank.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from regional_banks.models import PracticeNomination
from regional_banks.services import (
    practice_nomination_create,
    practice_nomination_refresh,
    practice_nomination_withdraw,
)
from tenants.municipalities.selectors import current_municipality
from tenants.practices.models import Practice, PracticeLevel, PracticeStatus


def _public_url(practice: Practice) -> str:
    """The practice's page on the municipality's site, when it is shown there."""
    from tenants.practices.pages import PracticeIndexPage

    if not (practice.is_public and practice.status == PracticeStatus.RECOMMENDED):
        return ""
    index = PracticeIndexPage.objects.live().first()
    base = index.get_full_url() if index is not None else None
    if not base:
        return ""
    return base.rstrip("/") + "/" + index.reverse_subpage("detail", kwargs={"practice_id": practice.pk}).lstrip("/")  # type: ignore[union-attr]


def practice_regional_snapshot(practice: Practice) -> dict[str, str]:
    return {
        "title": practice.title,
        "organisation": practice.organisation.short_name,
        "authors": ", ".join(t.full_name for t in practice.authors.order_by("last_name", "first_name")),
        "description": practice.description,
        "url": _public_url(practice),
    }


def _council_decision(practice: Practice) -> str:
    change = practice.status_changes.filter(to_status=PracticeStatus.RECOMMENDED).order_by("-changed_at").first()
    if change is None:
        return ""
    text = _("Рекомендована к распространению %(day)s") % {"day": change.changed_at.strftime("%d.%m.%Y")}
    return f"{text}. {change.comment}".strip() if change.comment else text


@transaction.atomic
def practice_nominate(*, practice: Practice, acting_user: ActingUser, note: str = "") -> PracticeNomination:
    """Nominate a practice recommended for the regional level to the region's bank."""
    if practice.status != PracticeStatus.RECOMMENDED or practice.level != PracticeLevel.REGIONAL:
        raise ValidationError(
            _("В региональный банк выдвигают практику, рекомендованную экспертным советом для регионального уровня."),
            code="not_eligible",
        )
    municipality = current_municipality()
    assert municipality is not None, "a practice is nominated inside its municipality"
    return practice_nomination_create(
        municipality=municipality,
        acting_user=acting_user,
        practice_id=practice.pk,
        note=note,
        municipal_decision=_council_decision(practice),
        **practice_regional_snapshot(practice),
    )


def practice_regional_sync(practice: Practice) -> None:
    """After an edit: a nomination still waiting gets the current text (the caller's transaction)."""
    municipality = current_municipality()
    if municipality is not None:
        practice_nomination_refresh(
            municipality=municipality, practice_id=practice.pk, **practice_regional_snapshot(practice)
        )


def practice_regional_withdraw(*, practice_id: int, acting_user: ActingUser, reason: str = "") -> int:
    municipality = current_municipality()
    if municipality is None:
        return 0
    return practice_nomination_withdraw(
        municipality=municipality, practice_id=practice_id, acting_user=acting_user, reason=reason
    )
