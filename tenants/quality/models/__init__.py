"""Models of the quality of education, one module per concern, imported here for Django and callers."""

from tenants.quality.models.flags import REASON_KIND, Flag, FlagKind, FlagReason, SupportDecision, SupportStatus
from tenants.quality.models.procedures import AssessmentProcedure
from tenants.quality.models.programmes import (
    KIND_LINKS,
    OPEN_PROGRAMME_STATUSES,
    MeasureKind,
    MeasureStatus,
    ProgrammeStatus,
    RiskFactor,
    SupportMeasure,
    SupportProgramme,
)
from tenants.quality.models.results import AssessmentResult, result_counts, result_problems
from tenants.quality.models.visits import (
    LessonObservation,
    ObservationCriterion,
    ObservationMark,
    ObservationMarkValue,
    Visit,
    VisitStatus,
)

__all__ = [
    "KIND_LINKS",
    "OPEN_PROGRAMME_STATUSES",
    "REASON_KIND",
    "AssessmentProcedure",
    "AssessmentResult",
    "Flag",
    "FlagKind",
    "FlagReason",
    "LessonObservation",
    "MeasureKind",
    "MeasureStatus",
    "ObservationCriterion",
    "ObservationMark",
    "ObservationMarkValue",
    "ProgrammeStatus",
    "RiskFactor",
    "SupportDecision",
    "SupportMeasure",
    "SupportProgramme",
    "SupportStatus",
    "Visit",
    "VisitStatus",
    "result_counts",
    "result_problems",
]
