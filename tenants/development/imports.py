"""The course records table for the import engine (001 §3.7: the database of course training).

A row is one completed course of one teacher already in the register. The teacher is found by
full name, within the organisation when the file names it (it must, when two teachers share the
name). The same teacher, programme and end date is the same record, so a file imported again
updates rather than duplicates. Competence areas are named by their name or code from the
municipality's catalogue. Importing may complete steps of the teachers' routes (see
``services.route_steps_complete_for_course``) and refreshes the roll-up, in the import's
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.development.models import (
    MAX_COURSE_HOURS,
    CompetenceArea,
    CourseDocumentKind,
    CourseFormat,
    CourseRecord,
    RouteStatus,
    RouteStep,
    StepKind,
    StepStatus,
)
from tenants.development.rollups import development_rollup_refresh
from tenants.development.services import route_steps_complete_for_course
from tenants.imports import cells
from tenants.imports.cells import CellError, cell_text, normalised
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.organisations.selectors import organisation_lookup
from tenants.people.models import Teacher

FORMAT_SYNONYMS = {
    "очная": CourseFormat.FULL_TIME,
    "очный": CourseFormat.FULL_TIME,
    "дистанционная": CourseFormat.DISTANCE,
    "дистанционный": CourseFormat.DISTANCE,
    "заочно": CourseFormat.DISTANCE,
    "заочная": CourseFormat.DISTANCE,
    "с применением дот": CourseFormat.DISTANCE,
    "очно-заочная": CourseFormat.MIXED,
    "смешанная": CourseFormat.MIXED,
}
DOCUMENT_SYNONYMS = {
    "удостоверение": CourseDocumentKind.CERTIFICATE,
    "удостоверение о пк": CourseDocumentKind.CERTIFICATE,
    "диплом": CourseDocumentKind.DIPLOMA,
    "диплом о пп": CourseDocumentKind.DIPLOMA,
    "сертификат": CourseDocumentKind.ATTENDANCE,
    "справка": CourseDocumentKind.ATTENDANCE,
}


def _hours(value: Any) -> int:
    raw = cell_text(value)
    try:
        hours = int(raw)
    except ValueError:
        raise CellError(_("Объём «%(value)s» — не целое число часов.") % {"value": raw}) from None
    if not 1 <= hours <= MAX_COURSE_HOURS:
        raise CellError(
            _("Объём %(value)d ч. — вне пределов от 1 до %(max)d.") % {"value": hours, "max": MAX_COURSE_HOURS}
        )
    return hours


def _person_key(last_name: str, first_name: str, middle_name: str) -> tuple[str, str, str]:
    return normalised(last_name), normalised(first_name), normalised(middle_name or "")


class CourseRecordImportSpec(ImportSpec):
    """Completed courses of the register's teachers: a known record is updated, a new one added."""

    name = "course_records"
    title = gettext_lazy("Курсовая подготовка")
    model = CourseRecord
    audit_action = "course_record.import"
    export_filename = "course-records"
    columns = (
        Column("last_name", gettext_lazy("Фамилия"), cells.text(max_length=150), required=True, example="Иванова"),
        Column("first_name", gettext_lazy("Имя"), cells.text(max_length=150), required=True, example="Мария"),
        Column("middle_name", gettext_lazy("Отчество"), cells.text(max_length=150), example="Петровна"),
        Column(
            "organisation",
            gettext_lazy("Организация"),
            cells.text(max_length=500),
            aliases=("Место работы", "ОО"),
            example="МБОУ «СОШ № 1»",
            help=gettext_lazy("Краткое наименование из реестра или ИНН; нужна, если ФИО совпадают."),
            width=26,
        ),
        Column(
            "programme",
            gettext_lazy("Программа"),
            cells.text(max_length=1000),
            required=True,
            aliases=("Название программы", "Тема курсов", "Курсы"),
            example="Реализация требований обновлённых ФГОС ООО",
            width=40,
        ),
        Column(
            "provider",
            gettext_lazy("Организатор обучения"),
            cells.text(max_length=500),
            required=True,
            aliases=("Организатор", "Место прохождения", "Образовательная организация ДПО"),
            example="ГАОУ ДПО «ЛОИРО»",
            width=26,
        ),
        Column("hours", gettext_lazy("Часов"), _hours, required=True, aliases=("Объём", "Кол-во часов"), example=36),
        Column(
            "format",
            gettext_lazy("Форма обучения"),
            cells.choice(dict(CourseFormat.choices), default=CourseFormat.FULL_TIME, synonyms=FORMAT_SYNONYMS),
            aliases=("Форма",),
            example=CourseFormat.DISTANCE.label,
            help=gettext_lazy("«Очно», «Дистанционно» или «Очно-заочно»; пусто — очно."),
        ),
        Column(
            "start_date",
            gettext_lazy("Дата начала"),
            cells.date,
            required=True,
            aliases=("Начало",),
            example="01.02.2025",
        ),
        Column(
            "end_date",
            gettext_lazy("Дата окончания"),
            cells.date,
            required=True,
            aliases=("Окончание",),
            example="15.02.2025",
        ),
        Column(
            "document_kind",
            gettext_lazy("Документ"),
            cells.choice(
                dict(CourseDocumentKind.choices), default=CourseDocumentKind.CERTIFICATE, synonyms=DOCUMENT_SYNONYMS
            ),
            aliases=("Вид документа",),
            example=CourseDocumentKind.CERTIFICATE.label,
            width=30,
        ),
        Column(
            "document_number",
            gettext_lazy("Номер документа"),
            cells.text(max_length=100),
            aliases=("Номер удостоверения", "Рег. номер"),
            example="780400012345",
        ),
        Column(
            "competence_areas",
            gettext_lazy("Области компетенций"),
            cells.name_list(max_length=255),
            aliases=("Компетенции",),
            example="Цифровые образовательные технологии",
            help=gettext_lazy("Названия или коды из справочника через «;»."),
            width=30,
        ),
    )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        by_name: dict[tuple[str, str, str], list[Teacher]] = defaultdict(list)
        for known in Teacher.objects.only("pk", "last_name", "first_name", "middle_name", "organisation_id"):
            by_name[_person_key(known.last_name, known.first_name, known.middle_name)].append(known)
        organisations = organisation_lookup()
        areas: dict[str, CompetenceArea] = {}
        for catalogued in CompetenceArea.objects.all():
            areas[normalised(catalogued.name)] = catalogued
            areas[normalised(catalogued.code)] = catalogued
        columns = {c.key: c for c in self.columns}
        for row in rows:
            teacher = self._teacher(row, by_name, organisations, columns["organisation"])
            if teacher is not None:
                row.values["teacher"] = teacher
            found = []
            for name in row.values.get("competence_areas") or []:
                area = areas.get(normalised(name))
                if area is None:
                    row.add_error(
                        _("Области компетенций «%(name)s» нет в справочнике.") % {"name": name},
                        columns["competence_areas"],
                    )
                else:
                    found.append(area)
            row.values["competence_areas"] = found
            start, end = row.values.get("start_date"), row.values.get("end_date")
            if start and end and end < start:
                row.add_error(_("Дата окончания раньше даты начала."), columns["end_date"])
        good = [row for row in rows if not row.errors]
        existing: dict[Hashable, CourseRecord] = {}
        teacher_ids = {row.values["teacher"].pk for row in good}
        records = CourseRecord.objects.filter(teacher_id__in=teacher_ids).prefetch_related(
            Prefetch("competence_areas", queryset=CompetenceArea.objects.only("pk"))
        )
        for record in records:
            existing.setdefault((record.teacher_id, normalised(record.programme), record.end_date), record)
        for row in good:
            row.target = existing.get(self.row_key(row))

    def _teacher(
        self, row: PlannedRow, by_name: dict[tuple[str, str, str], list[Teacher]], organisations: Any, column: Column
    ) -> Teacher | None:
        values = row.values
        candidates = by_name.get(_person_key(values["last_name"], values["first_name"], values.get("middle_name", "")))
        full_name = " ".join(p for p in (values["last_name"], values["first_name"], values.get("middle_name")) if p)
        if not candidates:
            row.add_error(_("Педагога «%(name)s» нет в реестре педагогов.") % {"name": full_name})
            return None
        name = values.get("organisation") or ""
        if name:
            organisation = organisations.by_inn.get(name)
            matches = [organisation] if organisation else organisations.by_name.get(normalised(name), [])
            ids = {o.pk for o in matches}
            candidates = [t for t in candidates if t.organisation_id in ids]
            if not candidates:
                row.add_error(
                    _("Педагог «%(name)s» в организации «%(organisation)s» не найден.")
                    % {"name": full_name, "organisation": name},
                    column,
                )
                return None
        if len(candidates) > 1:
            row.add_error(
                _("Педагогов «%(name)s» в реестре несколько: укажите организацию.") % {"name": full_name}, column
            )
            return None
        return candidates[0]

    def row_key(self, row: PlannedRow) -> Hashable | None:
        return (row.values["teacher"].pk, normalised(row.values["programme"]), row.values["end_date"])

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Тот же курс того же педагога уже есть в строке %(first)d.") % {"first": first}

    def row_label(self, row: PlannedRow) -> str:
        return f"{row.values['teacher'].full_name} — {row.values['programme']} ({row.values['end_date']:%d.%m.%Y})"

    def _written(self, plan: ImportPlan) -> list[str]:
        skip = {"last_name", "first_name", "middle_name", "organisation"}
        return sorted(plan.present - skip)

    def value_of(self, instance: Any, key: str) -> Any:
        if key == "competence_areas":
            return sorted(a.pk for a in instance.competence_areas.all())
        return getattr(instance, key)

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        headers = {c.key: str(c.header) for c in self.columns}
        changed = []
        for key in self._written(plan):
            new = row.values.get(key)
            if key == "competence_areas":
                new = sorted(a.pk for a in new or [])
            if self.value_of(row.target, key) != new:
                changed.append(headers[key])
        return changed

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        written = self._written(plan)
        fields = [key for key in written if key != "competence_areas"]
        creating = plan.rows_to(RowAction.CREATE)
        created = CourseRecord.objects.bulk_create(
            [
                CourseRecord(teacher=row.values["teacher"], **{key: row.values[key] for key in fields})
                for row in creating
            ],
            batch_size=1000,
        )
        updating = plan.rows_to(RowAction.UPDATE)
        updated = []
        for row in updating:
            record: CourseRecord = row.target
            for key in fields:
                setattr(record, key, row.values[key])
            updated.append(record)
        if updated and fields:
            CourseRecord.objects.bulk_update(updated, fields, batch_size=1000)
        if "competence_areas" in written:
            through = CourseRecord.competence_areas.through
            through.objects.filter(courserecord_id__in=[r.pk for r in updated]).delete()
            pairs = [*zip(created, creating, strict=True), *((row.target, row) for row in updating)]
            through.objects.bulk_create(
                [
                    through(courserecord_id=record.pk, competencearea_id=area.pk)
                    for record, row in pairs
                    for area in row.values["competence_areas"]
                ],
                batch_size=5000,
            )
        # Only teachers with a planned course step in an active route can have one completed.
        waiting = set(
            RouteStep.objects.filter(
                kind=StepKind.COURSE,
                status=StepStatus.PLANNED,
                route__status=RouteStatus.ACTIVE,
                route__teacher_id__in={record.teacher_id for record in created},
            ).values_list("route__teacher_id", flat=True)
        )
        steps = 0
        for record in created:
            if record.teacher_id in waiting:
                steps += len(route_steps_complete_for_course(record=record, acting_user=acting_user))
        development_rollup_refresh()
        return ApplyOutcome(created=list(created), updated=updated, extra={"route_steps_done": steps})

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("teacher__organisation").prefetch_related(
            Prefetch("competence_areas", queryset=CompetenceArea.objects.order_by("position", "name"))
        )

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for r in queryset:
            yield [
                r.teacher.last_name,
                r.teacher.first_name,
                r.teacher.middle_name,
                r.teacher.organisation.short_name,
                r.programme,
                r.provider,
                r.hours,
                r.get_format_display(),
                r.start_date,
                r.end_date,
                r.get_document_kind_display(),
                r.document_number,
                [a.name for a in r.competence_areas.all()],
            ]
