"""Effectiveness of the associations and of the schools' methodological services (issue 15 §1;
000 §2.3.1): the municipality's criteria, each year's self-assessment by the association's leader or
the school's coordinator and the assessment by the service's methodologist, the scores and the heat
map the head's monitoring shows and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.bodies.models import ASSOCIATION_KINDS, Body
from tenants.bodies.selectors import body_active_in_year_q, user_leads
from tenants.leadership.models import (
    Assessor,
    EffectivenessAssessment,
    EffectivenessCriterion,
    EffectivenessMark,
    EffectivenessSubject,
)
from tenants.municipalities.schemas import schema_active
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.organisations.selectors import user_coordinates

ASSESSOR_ROLES = frozenset({Role.METHODOLOGIST, Role.HEAD})
# Who reads the scores: the service's staff and the committee chair (the head's monitoring).
READER_ROLES = frozenset({Role.METHODOLOGIST, Role.HEAD, Role.CHAIR})

Subject = Body | Organisation


def criteria_active(subject: str) -> QuerySet[EffectivenessCriterion]:
    return EffectivenessCriterion.objects.filter(subject=subject, is_active=True).order_by("position", "pk")


def subject_objects(subject: str, year: AcademicYear) -> list[Subject]:
    """The associations working in ``year``, or the municipality's active schools."""
    if subject == EffectivenessSubject.ASSOCIATION:
        return list(
            Body.objects.filter(kind__in=ASSOCIATION_KINDS).filter(body_active_in_year_q(year)).order_by("name")
        )
    return list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True).order_by("short_name"))


def assessors_allowed(user: ActingUser, obj: Subject) -> list[str]:
    """How ``user`` may assess ``obj``: as its leader or coordinator (self), as the methodologist."""
    if user is None or not user.is_authenticated:
        return []
    allowed: list[str] = []
    if isinstance(obj, Body) and user_leads(user, obj):
        allowed.append(Assessor.SELF)
    if isinstance(obj, Organisation) and user_coordinates(user, obj):
        allowed.append(Assessor.SELF)
    if user_roles(user).in_municipality(schema_active()) & ASSESSOR_ROLES:
        allowed.append(Assessor.METHODOLOGIST)
    return allowed


def _object_filter(obj: Subject) -> dict[str, Any]:
    return {"body": obj} if isinstance(obj, Body) else {"organisation": obj}


def assessment_get(obj: Subject, year: AcademicYear, assessor: str) -> EffectivenessAssessment | None:
    return (
        EffectivenessAssessment.objects.filter(**_object_filter(obj), academic_year=year.start, assessor=assessor)
        .prefetch_related("marks")
        .first()
    )


@transaction.atomic
def effectiveness_assess(
    *,
    obj: Subject,
    academic_year: AcademicYear,
    assessor: str,
    scores: dict[int, int],
    acting_user: ActingUser,
    comment: str = "",
) -> EffectivenessAssessment:
    """Save one assessment with a score for every active criterion of the set (0..its maximum)."""
    if assessor not in assessors_allowed(acting_user, obj):
        raise PermissionDenied
    subject = EffectivenessSubject.ASSOCIATION if isinstance(obj, Body) else EffectivenessSubject.SCHOOL
    if isinstance(obj, Body) and obj.kind not in ASSOCIATION_KINDS:
        raise ValidationError(_("Эффективность оценивается у объединений и групп, а не у советов."))
    criteria = list(criteria_active(subject))
    errors = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None or not 0 <= score <= criterion.max_score:
            errors.append(
                _("«%(name)s»: поставьте балл от 0 до %(max)s.") % {"name": criterion.name, "max": criterion.max_score}
            )
    if errors:
        raise ValidationError(errors)
    assessment, _created = EffectivenessAssessment.objects.update_or_create(
        **_object_filter(obj),
        academic_year=academic_year.start,
        assessor=assessor,
        defaults={"subject": subject, "comment": comment.strip(), "updated_by": acting_user},
    )
    assessment.marks.all().delete()
    EffectivenessMark.objects.bulk_create(
        EffectivenessMark(assessment=assessment, criterion=c, score=scores[c.pk]) for c in criteria
    )
    audit_record_municipal(
        action="effectiveness_assessment.save",
        acting_user=acting_user,
        target=f"effectivenessassessment#{assessment.pk}: {assessment}",
        data={"id": assessment.pk, "assessor": assessor, "year": academic_year.start, "total": sum(scores.values())},
    )
    return assessment


# The scores and the heat map ------------------------------------------------------------------


@dataclass
class Score:
    total: int
    of: int

    @property
    def percent(self) -> int:
        return round(100 * self.total / self.of) if self.of else 0


@dataclass
class ScoreRow:
    obj: Subject
    name: str
    self_score: Score | None
    methodologist_score: Score | None
    cells: list[int | None] = field(default_factory=list)  # per criterion: the methodologist's, else self


@dataclass
class ScoreTable:
    subject: str
    title: str
    criteria: list[EffectivenessCriterion]
    rows: list[ScoreRow]


def _score(assessment: EffectivenessAssessment | None, criteria: list[EffectivenessCriterion]) -> Score | None:
    if assessment is None:
        return None
    by_criterion = {m.criterion_id: m.score for m in assessment.marks.all()}
    return Score(total=sum(by_criterion.get(c.pk, 0) for c in criteria), of=sum(c.max_score for c in criteria))


def score_table(*, subject: str, year: AcademicYear) -> ScoreTable:
    """Every association (or school) of ``year`` with both scores and its marks by criterion: three queries."""
    criteria = list(criteria_active(subject))
    objects = subject_objects(subject, year)
    key = "body_id" if subject == EffectivenessSubject.ASSOCIATION else "organisation_id"
    found: dict[tuple[int, str], EffectivenessAssessment] = {}
    for assessment in EffectivenessAssessment.objects.filter(
        subject=subject, academic_year=year.start
    ).prefetch_related("marks"):
        found[(getattr(assessment, key), assessment.assessor)] = assessment
    rows = []
    for obj in objects:
        own = found.get((obj.pk, Assessor.SELF))
        theirs = found.get((obj.pk, Assessor.METHODOLOGIST))
        chosen = theirs or own
        marks = {m.criterion_id: m.score for m in chosen.marks.all()} if chosen else {}
        rows.append(
            ScoreRow(
                obj=obj,
                name=obj.name if isinstance(obj, Body) else obj.short_name,
                self_score=_score(own, criteria),
                methodologist_score=_score(theirs, criteria),
                cells=[marks.get(c.pk) for c in criteria],
            )
        )
    title = (
        _("Методические объединения") if subject == EffectivenessSubject.ASSOCIATION else _("Методические службы школ")
    )
    return ScoreTable(subject=subject, title=title, criteria=criteria, rows=rows)


def score_tables(year: AcademicYear) -> list[ScoreTable]:
    return [score_table(subject=s, year=year) for s in EffectivenessSubject.values]
