"""The regional and federal stages' results of teachers' contests, as the region reports them, for the
import engine (000 §2.3.3; 003 §1.3).

A row is one participant's result at one stage: the year (empty: the current one) and the contest's
title name the contest, which must be set up; the teacher's full name finds their application to it
(the organisation, by short name or INN, tells apart namesakes). Each row keeps the rules a form
keeps (``StageResult.clean``): the application admitted, a regional result only for a winner who
went on from the municipal stage, a federal one only for someone who went on from the regional
stage (said earlier in the same file, or already entered), nowhere to go after the federal stage.
A bad row is named with its reason and the file is applied whole or not at all; the result of a
participant already entered for that stage is updated, not doubled. What changes lands on the
teacher's record and in the region's roll-up in the import's transaction.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.academic_years import AcademicYear
from tenants.contests.models import (
    REPORTED_LEVELS,
    Application,
    ApplicationStatus,
    Contest,
    Level,
    Result,
    StageResult,
    previous_level,
)
from tenants.contests.rollup import contest_rollup_refresh
from tenants.contests.services import teacher_record_sync
from tenants.imports import cells
from tenants.imports.cells import CellError, cell_text, normalised
from tenants.imports.engine import import_apply
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportResult, ImportSpec, PlannedRow, RowAction

WRITTEN = ("result", "rank", "advances")
LEVEL_ORDER_INDEX = {Level.MUNICIPAL.value: 0, Level.REGIONAL.value: 1, Level.FEDERAL.value: 2}
LEVEL_SYNONYMS = {
    "региональный": Level.REGIONAL,
    "федеральный": Level.FEDERAL,
    "всероссийский": Level.FEDERAL,
    "всероссийский этап": Level.FEDERAL,
    "заключительный": Level.FEDERAL,
}
RESULT_SYNONYMS = {"победитель": Result.WINNER, "призер": Result.PRIZE_WINNER, "призёр": Result.PRIZE_WINNER}


def _rank(value: Any) -> int | None:
    raw = cell_text(value).removesuffix("место").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 999:
        raise CellError(_("Место — целое число от 1, а не «%(value)s».") % {"value": cell_text(value)})
    return int(raw)


class StageResultImportSpec(ImportSpec):
    """Results of the regional and federal stages: a participant's result at a stage is added or updated."""

    name = "contest-stage-results"
    title = gettext_lazy("Итоги регионального и федерального этапов")
    model = StageResult
    audit_action = "contest_stage_result.import"
    export_filename = "contest-stage-results"
    columns = (
        Column(
            "year",
            gettext_lazy("Учебный год"),
            cells.academic_year,
            example="",
            width=12,
            help=gettext_lazy("Пусто — текущий учебный год."),
        ),
        Column(
            "contest",
            gettext_lazy("Конкурс"),
            cells.text(max_length=300),
            required=True,
            example="Педагог года",
            width=24,
            help=gettext_lazy("Название конкурса, как он заведён в разделе «Конкурсы педагогов»."),
        ),
        Column(
            "level",
            gettext_lazy("Этап"),
            cells.choice({lvl.value: lvl.label for lvl in REPORTED_LEVELS}, synonyms=LEVEL_SYNONYMS),
            required=True,
            example=Level.REGIONAL.label,
            width=20,
        ),
        Column(
            "teacher",
            gettext_lazy("Педагог"),
            cells.text(max_length=500),
            required=True,
            aliases=("ФИО", "ФИО педагога", "Участник"),
            example="Иванова Мария Петровна",
            width=28,
        ),
        Column(
            "organisation",
            gettext_lazy("Организация"),
            cells.text(max_length=500),
            aliases=("ОО", "Образовательная организация"),
            example="",
            width=24,
            help=gettext_lazy(
                "Нужна, только если в конкурсе несколько участников с одинаковым ФИО: краткое наименование или ИНН."
            ),
        ),
        Column(
            "result",
            gettext_lazy("Итог"),
            cells.choice(dict(Result.choices), default=Result.PARTICIPANT, synonyms=RESULT_SYNONYMS),
            aliases=("Результат", "Статус"),
            example=Result.PRIZE_WINNER.label,
            width=14,
            help=gettext_lazy("Пусто — участник."),
        ),
        Column("rank", gettext_lazy("Место"), _rank, example=2, width=8),
        Column(
            "advances",
            gettext_lazy("Проходит на следующий этап"),
            cells.boolean(default=False),
            aliases=("Проходит дальше",),
            example="нет",
            width=14,
        ),
    )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        columns = {c.key: c for c in self.columns}
        current = AcademicYear.current().start
        contests = {(c.academic_year, normalised(c.title)): c for c in Contest.objects.all()}
        applications: dict[tuple[int, str], list[Application]] = {}
        for application in Application.objects.select_related("teacher", "organisation", "teacher__organisation"):
            key = (application.contest_id, normalised(application.teacher.full_name))
            applications.setdefault(key, []).append(application)
        for row in rows:
            values = row.values
            year = values.pop("year", None) or current
            contest = contests.get((year, normalised(values["contest"])))
            if contest is None:
                row.add_error(
                    _("Конкурс «%(title)s» в %(year)s учебном году не заведён.")
                    % {"title": values["contest"], "year": AcademicYear(year).label},
                    columns["contest"],
                )
                continue
            values["contest"] = contest
            found = self._application(row, applications.get((contest.pk, normalised(values["teacher"])), []))
            if found is not None:
                values["application"] = found
        self._rules_check([row for row in rows if not row.errors])
        self._targets([row for row in rows if not row.errors])

    def _application(self, row: PlannedRow, found: list[Application]) -> Application | None:
        columns = {c.key: c for c in self.columns}
        values = row.values
        organisation = cell_text(values.get("organisation"))
        if organisation:
            wanted = normalised(organisation)
            found = [
                a
                for a in found
                if wanted in {normalised(a.organisation.short_name), normalised(a.organisation.full_name)}
                or organisation == a.organisation.inn
            ]
        if not found:
            row.add_error(
                _("Педагог «%(name)s» не подавал заявку на конкурс «%(contest)s».")
                % {"name": values["teacher"], "contest": values["contest"]}
                if not organisation
                else _("Заявки педагога «%(name)s» от организации «%(org)s» на конкурс «%(contest)s» нет.")
                % {"name": values["teacher"], "org": organisation, "contest": values["contest"]},
                columns["teacher"],
            )
            return None
        if len(found) > 1:
            row.add_error(
                _("Участников «%(name)s» в конкурсе несколько: укажите организацию.") % {"name": values["teacher"]},
                columns["organisation"],
            )
            return None
        return found[0]

    def _rules_check(self, rows: list[PlannedRow]) -> None:
        """The model's rules, with the file's own regional rows counting for its federal rows."""
        columns = {c.key: c for c in self.columns}
        application_ids = {row.values["application"].pk for row in rows}
        went_on = {
            (application_id, level): advances
            for application_id, level, advances in StageResult.objects.filter(
                application_id__in=application_ids
            ).values_list("application_id", "level", "advances")
        }
        # Regional rows first: a federal row may rest on a regional one of the same file.
        for row in sorted(rows, key=lambda r: LEVEL_ORDER_INDEX[r.values["level"]]):
            values = row.values
            application: Application = values["application"]
            level = values["level"]
            if application.status != ApplicationStatus.ACCEPTED:
                row.add_error(_("Заявка этого педагога не допущена к конкурсу."), columns["teacher"])
                continue
            if not went_on.get((application.pk, previous_level(level) or "")):
                row.add_error(
                    _("Педагог не проходил на этот этап: на предыдущем этапе не отмечено, что он проходит дальше."),
                    columns["level"],
                )
                continue
            if level == Level.FEDERAL and values.get("advances"):
                row.add_error(_("После федерального этапа проходить некуда."), columns["advances"])
                continue
            went_on[(application.pk, level)] = bool(values.get("advances"))

    def _targets(self, rows: list[PlannedRow]) -> None:
        application_ids = {row.values["application"].pk for row in rows}
        existing = {
            (r.application_id, r.level): r
            for r in StageResult.objects.filter(application_id__in=application_ids, level__in=REPORTED_LEVELS)
        }
        for row in rows:
            row.target = existing.get((row.values["application"].pk, row.values["level"]))

    def row_key(self, row: PlannedRow) -> Hashable | None:
        return row.values["application"].pk, row.values["level"]

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Итог этого участника на этом этапе уже есть в строке %(first)d.") % {"first": first}

    def row_label(self, row: PlannedRow) -> str:
        v = row.values
        return f"{v['application'].teacher.full_name} — {v['contest']}, {Level(v['level']).label.lower()}"

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        headers = {c.key: str(c.header) for c in self.columns}
        return [
            headers[key] for key in WRITTEN if key in plan.present and getattr(row.target, key) != row.values.get(key)
        ]

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        fields = [key for key in WRITTEN if key in plan.present]
        created = StageResult.objects.bulk_create(
            [
                StageResult(
                    application=row.values["application"],
                    level=row.values["level"],
                    **{key: row.values.get(key) for key in fields},
                )
                for row in plan.rows_to(RowAction.CREATE)
            ]
        )
        updated: list[StageResult] = []
        for row in plan.rows_to(RowAction.UPDATE):
            stage_result = row.target
            for key in fields:
                setattr(stage_result, key, row.values.get(key))
            updated.append(stage_result)
        StageResult.objects.bulk_update(updated, fields or ["result"])
        touched = {r.application_id for r in [*created, *updated]}
        for application in Application.objects.filter(pk__in=touched).order_by("pk"):
            teacher_record_sync(application=application, acting_user=acting_user)
        contest_rollup_refresh()
        return ApplyOutcome(created=created, updated=updated)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # The municipal stage's results come from the jury's sheets: not this table's rows.
        return queryset.filter(level__in=REPORTED_LEVELS).select_related(
            "application__contest", "application__teacher", "application__organisation"
        )

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for r in queryset:
            yield [
                r.application.contest.year.label,
                r.application.contest.title,
                r.get_level_display(),
                r.application.teacher.full_name,
                r.application.organisation.short_name,
                r.get_result_display(),
                r.rank,
                _("да") if r.advances else _("нет"),
            ]


def stage_results_import(*, data: bytes, filename: str, acting_user: ActingUser) -> ImportResult:
    """Add and update regional and federal results from an XLSX or CSV file, all rows or none."""
    return import_apply(StageResultImportSpec(), data, filename=filename, acting_user=acting_user)
