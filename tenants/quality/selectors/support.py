"""Organisations that need support: the year's flags as suggestions, the head's decisions, the programmes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext

from tenants.organisations.models import Organisation
from tenants.quality.models import (
    OPEN_PROGRAMME_STATUSES,
    Flag,
    FlagKind,
    SupportDecision,
    SupportProgramme,
    SupportStatus,
)


@dataclass
class SupportRow:
    organisation: Organisation
    flags: list[Flag] = field(default_factory=list)
    decision: SupportDecision | None = None
    programme: SupportProgramme | None = None

    @property
    def kinds(self) -> list[str]:
        """The flag kinds' labels, low results first."""
        found = {flag.kind for flag in self.flags}
        return [str(kind.label) for kind in FlagKind if kind in found]

    @property
    def is_suggestion(self) -> bool:
        return bool(self.flags) and self.decision is None

    @property
    def status_label(self) -> str:
        if self.decision is not None:
            return self.decision.get_status_display()
        return gettext("Предложена по результатам") if self.flags else ""


def flag_list(*, academic_year: int, organisation_id: int | None = None) -> QuerySet[Flag]:
    flags = Flag.objects.filter(academic_year=academic_year).select_related(
        "organisation", "procedure__kind", "subject"
    )
    if organisation_id is not None:
        flags = flags.filter(organisation_id=organisation_id)
    return flags


def support_list(*, academic_year: int) -> list[SupportRow]:
    """Organisations flagged or decided on in the year, suggestions first, then by name."""
    rows: dict[int, SupportRow] = {}
    for flag in flag_list(academic_year=academic_year):
        rows.setdefault(flag.organisation_id, SupportRow(flag.organisation)).flags.append(flag)
    for decision in SupportDecision.objects.filter(academic_year=academic_year).select_related(
        "organisation", "decided_by"
    ):
        rows.setdefault(decision.organisation_id, SupportRow(decision.organisation)).decision = decision
    programmes = SupportProgramme.objects.filter(
        academic_year=academic_year, organisation_id__in=list(rows)
    ).select_related("curator__user")
    for programme in programmes.order_by("pk"):
        row = rows[programme.organisation_id]
        if row.programme is None or row.programme.status not in OPEN_PROGRAMME_STATUSES:
            row.programme = programme
    return sorted(
        rows.values(),
        key=lambda r: (
            not r.is_suggestion,
            r.decision is not None and r.decision.status == SupportStatus.DISMISSED,
            r.organisation.short_name,
        ),
    )


def support_decision_get(*, organisation_id: int, academic_year: int) -> SupportDecision | None:
    return SupportDecision.objects.filter(organisation_id=organisation_id, academic_year=academic_year).first()
