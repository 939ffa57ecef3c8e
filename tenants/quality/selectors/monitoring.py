"""The quality of education on the head's monitoring dashboard (000 §2.3.1: monitoring the results
of external and municipal assessment): the year's results by procedure and subject, organisations
by flag, support programmes by status. Numbers only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from assessment.indicators import IndicatorValues, ResultCounts
from assessment.models import AssessmentSubject, ProcedureKind
from tenants.academic_years import AcademicYear
from tenants.quality.models import (
    REASON_KIND,
    AssessmentResult,
    Flag,
    FlagKind,
    ProgrammeStatus,
    SupportDecision,
    SupportProgramme,
    SupportStatus,
)
from tenants.quality.selectors.results import grouped_counts


@dataclass(frozen=True)
class SubjectResults:
    subject: AssessmentSubject
    counts: ResultCounts

    @property
    def values(self) -> IndicatorValues:
        return IndicatorValues.of(self.counts)


@dataclass(frozen=True)
class KindResults:
    kind: ProcedureKind
    subjects: list[SubjectResults]


@dataclass(frozen=True)
class QualityLine:
    section: str
    label: str
    value: int


@dataclass(frozen=True)
class QualityMonitoring:
    year: AcademicYear
    kinds: list[KindResults]
    organisations_with_results: int
    flagged_low: int
    flagged_nonobjective: int
    flagged: int
    suggested: int
    confirmed: int
    dismissed: int
    programmes: dict[str, int]
    improved: int

    def lines(self) -> list[QualityLine]:
        """Every number of the section, in order, for its table and the XLSX export."""
        organisations = _("Организации и отметки о результатах")
        programmes = _("Программы поддержки (по базовому году)")
        return [
            QualityLine(organisations, _("Организаций с результатами"), self.organisations_with_results),
            QualityLine(organisations, _("С низкими результатами"), self.flagged_low),
            QualityLine(organisations, _("С признаками необъективности"), self.flagged_nonobjective),
            QualityLine(organisations, _("С любой отметкой"), self.flagged),
            QualityLine(organisations, _("Предложены, решение не принято"), self.suggested),
            QualityLine(organisations, _("Нуждаются в поддержке (решение руководителя)"), self.confirmed),
            QualityLine(organisations, _("Поддержка не требуется (решение руководителя)"), self.dismissed),
            *(QualityLine(programmes, str(status.label), self.programmes.get(status, 0)) for status in ProgrammeStatus),
            QualityLine(programmes, _("Результаты организации улучшились"), self.improved),
        ]


def quality_monitoring(*, year: AcademicYear) -> QualityMonitoring:
    results = AssessmentResult.objects.filter(procedure__academic_year=year.start)
    grouped = grouped_counts(results, "procedure__kind_id", "subject_id")
    kinds = {k.pk: k for k in ProcedureKind.objects.filter(pk__in={key[0] for key, _c in grouped})}
    subjects = {s.pk: s for s in AssessmentSubject.objects.filter(pk__in={key[1] for key, _c in grouped})}
    by_kind: dict[int, list[SubjectResults]] = {}
    for (kind_id, subject_id), counts in grouped:
        by_kind.setdefault(kind_id, []).append(SubjectResults(subject=subjects[subject_id], counts=counts))
    kind_results = [
        KindResults(kind=kinds[kind_id], subjects=sorted(rows, key=lambda r: (r.subject.position, r.subject.name)))
        for kind_id, rows in by_kind.items()
    ]
    kind_results.sort(key=lambda k: (k.kind.position, k.kind.short_name))

    reasons_by_org: dict[int, set[str]] = {}
    for organisation_id, reason in Flag.objects.filter(academic_year=year.start).values_list(
        "organisation_id", "reason"
    ):
        reasons_by_org.setdefault(organisation_id, set()).add(REASON_KIND[reason])
    decisions = dict(SupportDecision.objects.filter(academic_year=year.start).values_list("organisation_id", "status"))
    statuses = Counter(
        dict(
            SupportProgramme.objects.filter(academic_year=year.start)
            .values("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    return QualityMonitoring(
        year=year,
        kinds=kind_results,
        organisations_with_results=results.values("organisation_id").distinct().count(),
        flagged_low=sum(1 for kinds_ in reasons_by_org.values() if FlagKind.LOW in kinds_),
        flagged_nonobjective=sum(1 for kinds_ in reasons_by_org.values() if FlagKind.NONOBJECTIVE in kinds_),
        flagged=len(reasons_by_org),
        suggested=sum(1 for org in reasons_by_org if org not in decisions),
        confirmed=sum(1 for status in decisions.values() if status == SupportStatus.CONFIRMED),
        dismissed=sum(1 for status in decisions.values() if status == SupportStatus.DISMISSED),
        programmes=dict(statuses),
        improved=SupportProgramme.objects.filter(academic_year=year.start, effect_improved=True).count(),
    )
