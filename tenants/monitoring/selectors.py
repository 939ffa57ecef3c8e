"""The municipal monitoring dashboard's numbers (000 §2.3.1, 002 §3.3), read in the schema in use.

Aggregates only — no names of teachers or requesters. The quality of education (assessment
results, flagged organisations, support programmes) comes from ``tenants.quality``.
Professional development, deficits and routes come from ``tenants.development``'s selectors;
mentoring, consultations and associations from this municipality's own tables. PD, deficits,
routes and mentoring are as of today; consultations and associations' meetings belong to the chosen academic year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.academic_years import AcademicYear
from tenants.consultations.rollups import consultation_counts
from tenants.development.selectors import (
    AreaDeficits,
    PdSummary,
    RouteProgress,
    deficit_counts_by_area,
    pd_summary,
    route_progress,
)
from tenants.mentoring.rollups import mentoring_counts
from tenants.mentoring.selectors import mentorship_counts, school_programme_get
from tenants.monitoring.associations import AssociationActivity, association_activity
from tenants.municipalities.schemas import schema_active
from tenants.quality.selectors.monitoring import QualityMonitoring, quality_monitoring

# 000 §2.3.1: the head of the service runs monitoring; methodologists work with it; the committee
# chair reads it. Region observers read the region's roll-ups instead.
DASHBOARD_ROLES = frozenset({Role.HEAD, Role.METHODOLOGIST, Role.CHAIR})


def user_may_see_dashboard(user: object) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return bool(user_roles(user).in_municipality(schema_active()) & DASHBOARD_ROLES)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


@dataclass(frozen=True)
class Indicator:
    section: str
    label: str
    value: int
    of: int | None = None  # the whole the value is a part of, for a share

    @property
    def share(self) -> str:
        return percent(self.value, self.of) if self.of is not None else ""


@dataclass(frozen=True)
class SchoolFigures:
    participants: int
    sessions: int
    sessions_held: int
    attendances: int


@dataclass(frozen=True)
class Dashboard:
    year: AcademicYear
    on: datetime.date
    pd: PdSummary
    deficits: list[AreaDeficits]
    routes: RouteProgress
    mentoring: dict[str, int]
    mentorships: dict[str, int]
    school: SchoolFigures | None
    consultations: dict[str, int]
    associations: list[AssociationActivity]
    quality: QualityMonitoring

    @property
    def associations_active(self) -> int:
        return sum(1 for a in self.associations if a.meetings)

    @property
    def young_without_mentor(self) -> int:
        return self.mentoring["young_teachers"] - self.mentoring["young_teachers_with_mentor"]

    def indicators(self) -> list[Indicator]:
        """Every number of the dashboard, in order, for its table and the XLSX export."""
        pd, routes, m, c = self.pd, self.routes, self.mentoring, self.consultations
        section_pd = _("Повышение квалификации")
        section_routes = _("Индивидуальные образовательные маршруты")
        section_mentoring = _("Наставничество и школа молодого педагога")
        section_consult = _("Консультации")
        section_assoc = _("Методические объединения")
        rows = [
            Indicator(section_pd, _("Педагогов всего"), pd.total),
            Indicator(section_pd, _("Курсы пройдены в последние три года"), pd.up_to_date, pd.total),
            Indicator(section_pd, _("Срок курсов наступает в ближайшие 12 месяцев"), pd.due_soon, pd.total),
            Indicator(section_pd, _("Курсы просрочены (более трёх лет)"), pd.overdue, pd.total),
            Indicator(
                _("Профессиональные дефициты"),
                _("Открытых дефицитов"),
                sum(a.deficits_open for a in self.deficits),
            ),
            Indicator(section_routes, _("Маршрутов"), routes.routes_total),
            Indicator(section_routes, _("Маршрутов завершено"), routes.routes_completed, routes.routes_total),
            Indicator(section_routes, _("Шагов маршрутов выполнено"), routes.steps_done, routes.steps_total),
            Indicator(section_mentoring, _("Молодых педагогов (стаж менее трёх лет)"), m["young_teachers"]),
            Indicator(
                section_mentoring,
                _("Молодых педагогов с наставником"),
                m["young_teachers_with_mentor"],
                m["young_teachers"],
            ),
            Indicator(
                section_mentoring, _("Молодых педагогов без наставника"), self.young_without_mentor, m["young_teachers"]
            ),
            Indicator(section_mentoring, _("Действующих пар наставничества"), m["mentorships_active"]),
        ]
        if self.school is not None:
            rows += [
                Indicator(section_mentoring, _("Участников школы молодого педагога"), self.school.participants),
                Indicator(
                    section_mentoring, _("Занятий школы проведено"), self.school.sessions_held, self.school.sessions
                ),
                Indicator(
                    section_mentoring,
                    _("Посещений занятий"),
                    self.school.attendances,
                    self.school.participants * self.school.sessions_held,
                ),
            ]
        rows += [
            Indicator(section_consult, _("Обращений за учебный год"), c["consultations_total"]),
            Indicator(section_consult, _("Дан ответ"), c["consultations_answered"], c["consultations_total"]),
            Indicator(
                section_consult, _("Ответ дан в срок"), c["consultations_answered_in_time"], c["consultations_answered"]
            ),
            Indicator(
                section_consult,
                _("Просрочено (ответа нет, срок прошёл)"),
                c["consultations_overdue"],
                c["consultations_total"],
            ),
            Indicator(section_assoc, _("Объединений работает в учебном году"), len(self.associations)),
            Indicator(
                section_assoc, _("Провели хотя бы одно заседание"), self.associations_active, len(self.associations)
            ),
        ]
        return rows


def _school_figures(year: AcademicYear, on: datetime.date) -> SchoolFigures | None:
    from tenants.mentoring.models import SchoolSession

    programme = school_programme_get(academic_year=year.start)
    if programme is None:
        return None
    sessions = programme.sessions.all()
    held = sessions.filter(date__lte=on)
    attendances = SchoolSession.attendees.through.objects.filter(
        schoolsession__in=held, teacher__in=programme.participants.all()
    ).count()
    return SchoolFigures(
        participants=programme.participants.count(),
        sessions=sessions.count(),
        sessions_held=held.count(),
        attendances=attendances,
    )


def dashboard_get(*, year: AcademicYear | None = None, on: datetime.date | None = None) -> Dashboard:
    on = on or timezone.localdate()
    year = year or AcademicYear.of(on)
    return Dashboard(
        year=year,
        on=on,
        pd=pd_summary(on=on),
        deficits=deficit_counts_by_area(),
        routes=route_progress(),
        mentoring=mentoring_counts(on=on),
        mentorships=mentorship_counts(),
        school=_school_figures(year, on),
        consultations=consultation_counts(year, today=on),
        associations=association_activity(year=year),
        quality=quality_monitoring(year=year),
    )
