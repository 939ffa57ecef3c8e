"""A procedure's results as a table for the import engine: the spreadsheets ФИС ОКО and the РЦОИ send.

One row per organisation (by INN), grade, optional class letter and subject: participants and
the counts of marks «2»–«5»; or, for a procedure with scores (ЕГЭ), the mean score and the count
below the minimum; and, for ВПР, the journal comparison. The whole file is applied or nothing,
and every bad row is named with its number and reason: an INN not in the municipality's
register, a grade or a subject the procedure does not have, counts that do not add up
(``tenants.quality.models.results.result_problems`` — the same check as typed input).

A row that repeats an existing result (same organisation, grade, class and subject) updates it;
results the file does not mention stay.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg import sql

from accounts.models import ActingUser
from assessment.models import AssessmentSubject
from tenants.imports import cells
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.organisations.models import Organisation
from tenants.quality.models import AssessmentProcedure, AssessmentResult, result_problems
from tenants.quality.models.results import COUNT_FIELDS, MAX_PARTICIPANTS
from tenants.quality.services.results import results_changed

GRADE_RE = re.compile(r"^\s*(\d{1,2})\s*(?:кл\.?|класс)?\s*([А-ЯЁа-яёA-Za-z]?)\s*$")
VALUE_FIELDS = ("participants", *COUNT_FIELDS, "mean_score")


def _count(value: Any) -> int | None:
    """A whole non-negative number (a count of participants or marks); empty → None."""
    if isinstance(value, bool):
        raise cells.CellError(_("Ожидается число, а не «%(value)s».") % {"value": cells.cell_text(value)})
    if isinstance(value, int | float):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise cells.CellError(_("Ожидается целое неотрицательное число, а не «%(value)s».") % {"value": value})
        return int(value)
    raw = cells.cell_text(value).replace(" ", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise cells.CellError(_("Ожидается целое неотрицательное число, а не «%(value)s».") % {"value": raw})
    if int(raw) > MAX_PARTICIPANTS * 10:
        raise cells.CellError(_("Неправдоподобно большое число «%(value)s».") % {"value": raw})
    return int(raw)


def _score(value: Any) -> Decimal | None:
    """A mean score like 45,5 or 45.5; empty → None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raw = str(value)
    else:
        raw = cells.cell_text(value).replace(" ", "").replace(",", ".")
        if not raw:
            return None
    try:
        result = Decimal(raw)
    except InvalidOperation:
        raise cells.CellError(_("Ожидается средний балл, например 54,3, а не «%(value)s».") % {"value": raw}) from None
    if not result.is_finite() or result < 0 or result >= 1000:
        raise cells.CellError(_("Неправдоподобный средний балл «%(value)s».") % {"value": raw})
    return result.quantize(Decimal("0.01"))


def _grade(value: Any) -> tuple[int, str]:
    """A grade, possibly with its letter: «5», «5 класс», «5А» → (5, "А")."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value), ""
    raw = cells.cell_text(value)
    match = GRADE_RE.match(raw)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise cells.CellError(_("Класс указывается числом от 1 до 11, а не «%(value)s».") % {"value": raw})
    return int(match.group(1)), match.group(2).upper()


def _letter(value: Any) -> str:
    raw = cells.cell_text(value).upper()
    if len(raw) > 4:
        raise cells.CellError(_("Буква класса — до 4 знаков, а не «%(value)s».") % {"value": raw})
    return raw


def _inn(value: Any) -> str:
    return cells.digits(length=10)(value)


_TABLE = AssessmentResult._meta.db_table
_KEY_COLUMNS = ("procedure_id", "organisation_id", "grade", "class_letter", "subject_id")


@dataclass(frozen=True)
class WrittenResult:
    """A result written by COPY, as the import's history entry names it (``AssessmentResult.__str__``)."""

    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


def _results_insert(
    cursor: Any, procedure: AssessmentProcedure, rows: list[PlannedRow], present: list[str], now: Any
) -> list[WrittenResult]:
    """COPY the new rows in straight from the parsed values (no model instances: building some
    15,000 of them took seconds), then find each one's id by its unique key."""
    if not rows:
        return []
    columns = [*_KEY_COLUMNS, *VALUE_FIELDS, "created_at", "updated_at"]
    copy = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(_TABLE), columns=sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    keys = []
    with cursor.cursor.copy(copy) as writer:
        for row in rows:
            values = row.values
            key = (values["organisation"].pk, values["grade"], values["class_letter"], values["subject"].pk)
            keys.append(key)
            counts = [values.get(name) if name in present else None for name in VALUE_FIELDS]
            writer.write_row([procedure.pk, *key, *counts, now, now])
    cursor.execute(
        sql.SQL("SELECT id, {key} FROM {table} WHERE procedure_id = %s").format(
            key=sql.SQL(", ").join(map(sql.Identifier, _KEY_COLUMNS[1:])), table=sql.Identifier(_TABLE)
        ),
        [procedure.pk],
    )
    ids = {tuple(found[1:]): found[0] for found in cursor.fetchall()}
    return [
        WrittenResult(
            pk=ids[key],
            label=f"{row.values['organisation']} — {key[1]}{key[2]}, {row.values['subject']}",
        )
        for key, row in zip(keys, rows, strict=True)
    ]


def _results_update(cursor: Any, results: list[AssessmentResult], present: list[str]) -> None:
    """COPY the changed values into a temporary table and update from it in one statement."""
    if not results:
        return
    cursor.execute("DROP TABLE IF EXISTS pg_temp.quality_result_update")
    cursor.execute(
        sql.SQL(
            "CREATE TEMPORARY TABLE quality_result_update ON COMMIT DROP AS "
            "SELECT id, {columns} FROM {table} WITH NO DATA"
        ).format(columns=sql.SQL(", ").join(map(sql.Identifier, present)), table=sql.Identifier(_TABLE))
    )
    with cursor.cursor.copy(
        sql.SQL("COPY quality_result_update (id, {columns}) FROM STDIN").format(
            columns=sql.SQL(", ").join(map(sql.Identifier, present))
        )
    ) as writer:
        for result in results:
            writer.write_row([result.pk, *(getattr(result, name) for name in present)])
    cursor.execute(
        sql.SQL(
            "UPDATE {table} r SET {sets}, updated_at = now() FROM quality_result_update u WHERE r.id = u.id"
        ).format(
            table=sql.Identifier(_TABLE),
            sets=sql.SQL(", ").join(sql.SQL("{c} = u.{c}").format(c=sql.Identifier(name)) for name in present),
        )
    )


def _mark_column(mark: int) -> Column:
    return Column(
        f"marks_{mark}",
        f"«{mark}»",
        _count,
        aliases=(f"отметка {mark}", f"отметка «{mark}»", f"кол-во {mark}", f"количество «{mark}»"),
        example=[2, 9, 11, 3][mark - 2],
        help=gettext_lazy("Сколько участников получили эту отметку (для процедур с отметками)."),
        width=8,
    )


class ResultImportSpec(ImportSpec):
    """Results of one procedure, one row per organisation, grade (and class) and subject."""

    title = gettext_lazy("Результаты оценочной процедуры")
    model = AssessmentResult
    audit_action = "assessment_result.import"
    export_filename = "results"
    columns = (
        Column(
            "inn",
            gettext_lazy("ИНН"),
            _inn,
            required=True,
            aliases=("ИНН ОО", "ИНН организации"),
            example="4714012344",
            help=gettext_lazy("10 цифр; организация должна быть в реестре муниципалитета."),
            width=14,
        ),
        Column(
            "organisation_name",
            gettext_lazy("Организация"),
            cells.text(max_length=500),
            aliases=("ОО", "Наименование ОО", "Образовательная организация"),
            example="МБОУ «СОШ № 1»",
            help=gettext_lazy("Для удобства чтения; организацию находит ИНН."),
            width=28,
        ),
        Column(
            "grade",
            gettext_lazy("Класс"),
            _grade,
            required=True,
            aliases=("Параллель",),
            example=5,
            help=gettext_lazy("Число от 1 до 11; можно с буквой: «5А»."),
            width=8,
        ),
        Column(
            "class_letter",
            gettext_lazy("Буква класса"),
            _letter,
            aliases=("Литера", "Буква"),
            example="",
            help=gettext_lazy("Пусто — результаты всей параллели."),
            width=8,
        ),
        Column(
            "subject",
            gettext_lazy("Предмет"),
            cells.text(max_length=200),
            required=True,
            aliases=("Учебный предмет",),
            example="Математика",
            help=gettext_lazy("Название или код предмета из регионального перечня; должен входить в процедуру."),
            width=24,
        ),
        Column(
            "participants",
            gettext_lazy("Участников"),
            _count,
            required=True,
            aliases=("Количество участников", "Кол-во участников", "Выполняли работу", "Участники"),
            example=25,
            width=12,
        ),
        *(_mark_column(mark) for mark in (2, 3, 4, 5)),
        Column(
            "mean_score",
            gettext_lazy("Средний балл"),
            _score,
            example="",
            help=gettext_lazy("Для ЕГЭ обязателен; для ОГЭ — по желанию."),
            width=12,
        ),
        Column(
            "below_minimum",
            gettext_lazy("Ниже минимума"),
            _count,
            aliases=("Не набрали минимальный балл", "Ниже минимального балла", "Не преодолели минимальный порог"),
            example="",
            help=gettext_lazy("Для ЕГЭ: сколько участников не набрали минимальный балл."),
            width=12,
        ),
        Column(
            "journal_lowered",
            gettext_lazy("Понизили"),
            _count,
            aliases=("Понизили (отметка < отметки по журналу)",),
            example=4,
            help=gettext_lazy("Для ВПР: отметка за работу ниже отметки по журналу."),
            width=10,
        ),
        Column(
            "journal_confirmed",
            gettext_lazy("Подтвердили"),
            _count,
            aliases=("Подтвердили (отметка = отметке по журналу)",),
            example=18,
            help=gettext_lazy("Для ВПР: отметка за работу равна отметке по журналу."),
            width=10,
        ),
        Column(
            "journal_raised",
            gettext_lazy("Повысили"),
            _count,
            aliases=("Повысили (отметка > отметки по журналу)",),
            example=3,
            help=gettext_lazy("Для ВПР: отметка за работу выше отметки по журналу."),
            width=10,
        ),
    )

    def __init__(self, *, procedure: AssessmentProcedure) -> None:
        self.procedure = procedure
        # Uploads for one procedure are kept apart from another's.
        self.name = f"results-{procedure.pk}"  # type: ignore[misc]
        prefetch_related_objects([procedure], "subjects")

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        procedure = self.procedure
        organisations = {o.inn: o for o in Organisation.objects.filter(inn__in={r.values["inn"] for r in rows})}
        subjects: dict[str, AssessmentSubject] = {}
        for known in AssessmentSubject.objects.all():
            subjects[cells.normalised(known.name)] = known
            subjects[cells.normalised(known.code)] = known
        existing = {
            (r.organisation_id, r.grade, r.class_letter, r.subject_id): r
            for r in AssessmentResult.objects.filter(procedure=procedure)
        }
        for row in rows:
            values = row.values
            values["grade"], letter_in_grade = values["grade"]
            letter = values.get("class_letter") or letter_in_grade
            if values.get("class_letter") and letter_in_grade and values["class_letter"] != letter_in_grade:
                row.add_error(_("Буква класса указана дважды и по-разному."))
            values["class_letter"] = letter or ""
            organisation = organisations.get(values["inn"])
            if organisation is None:
                row.add_error(_("Нет организации с ИНН %(inn)s в реестре муниципалитета.") % {"inn": values["inn"]})
            subject = subjects.get(cells.normalised(values["subject"]))
            if subject is None:
                row.add_error(_("Нет такого предмета: «%(value)s».") % {"value": values["subject"]})
            values["organisation"], values["subject"] = organisation, subject
            for _field, message in result_problems(
                procedure,
                {name: values.get(name) for name in ("grade", *VALUE_FIELDS)},
                subject_id=subject.pk if subject else None,
            ):
                row.add_error(message)
            if organisation is not None and subject is not None:
                row.target = existing.get((organisation.pk, values["grade"], values["class_letter"], subject.pk))

    def row_key(self, row: PlannedRow) -> Hashable | None:
        subject = row.values.get("subject")
        return (row.values["inn"], row.values["grade"], row.values["class_letter"], getattr(subject, "pk", subject))

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Эта организация, класс и предмет уже были в строке %(first)d.") % {"first": first}

    def row_label(self, row: PlannedRow) -> str:
        organisation = row.values.get("organisation")
        name = organisation.short_name if organisation is not None else row.values.get("inn", "")
        subject = row.values.get("subject")
        return f"{name} — {row.values.get('grade')}{row.values.get('class_letter', '')}, {subject}"

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        return [
            str(column.header)
            for column in plan.columns
            if column.key in VALUE_FIELDS and getattr(row.target, column.key) != row.values.get(column.key)
        ]

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        """Write the rows with PostgreSQL's COPY: a procedure's file holds up to some 15,000 rows
        (60 schools × 8 grades × 10 subjects × 3 classes), which Django's bulk insert and update
        compile too slowly. Then flags, effects and roll-ups, once (``results_changed``)."""
        present = [key for key in VALUE_FIELDS if key in plan.present]
        now = timezone.now()
        updated: list[AssessmentResult] = []
        for row in plan.rows_to(RowAction.UPDATE):
            result: AssessmentResult = row.target
            for name in present:
                setattr(result, name, row.values.get(name))
            result.updated_at = now
            updated.append(result)
        with connection.cursor() as cursor:
            created = _results_insert(cursor, self.procedure, plan.rows_to(RowAction.CREATE), present, now)
            _results_update(cursor, updated, present)
        results_changed(academic_years=[self.procedure.academic_year])
        return ApplyOutcome(created=created, updated=updated, extra={"procedure": self.procedure.pk})

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organisation", "subject")

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for r in self.export_queryset(queryset):
            yield [
                r.organisation.inn,
                r.organisation.short_name,
                r.grade,
                r.class_letter,
                r.subject.name,
                r.participants,
                r.marks_2,
                r.marks_3,
                r.marks_4,
                r.marks_5,
                r.mean_score,
                r.below_minimum,
                r.journal_lowered,
                r.journal_confirmed,
                r.journal_raised,
            ]

    def example_rows(self) -> list[list[Any]]:
        kind = self.procedure.kind
        example = [column.example for column in self.columns]
        if not kind.uses_marks:
            example[6:12] = ["", "", "", "", "54,3", 2]
            example[12:15] = ["", "", ""]
        elif not kind.journal_comparison:
            example[12:15] = ["", "", ""]
        return [example]
