"""Regional diagnostics of teachers' competences, loaded centrally by the institute (004 §3.3.1).

A table with a row per municipality and competence area — «Муниципалитет», «Область
компетенций», «Участников», «С дефицитом» — is read whole: every bad row is named with its
reason, and nothing is written unless every row is good. Counts only, never a teacher.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import ActingUser
from accounts.workspace_access import workspace_writer
from audit.services import audit_record
from institute.charts import HeatCell, HeatRow, percent
from institute.models import RegionalDiagnostic, RegionalDiagnosticResult
from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
from tenants.imports.cells import cell_text, normalised
from tenants.imports.reading import SourceRow, TableFileError, table_read
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def _writer(acting_user: ActingUser) -> None:
    if not workspace_writer(acting_user):
        raise PermissionDenied(_("Загружать региональные диагностики могут только сотрудники ЛОИРО."))


COLUMNS = ("Муниципалитет", "Область компетенций", "Участников", "С дефицитом")


class DiagnosticFileError(Exception):
    """The file cannot be loaded; ``messages`` are Russian, one per bad row (or one for the file)."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class ParsedRow:
    municipality_id: int
    area_code: str
    area_name: str
    participants: int
    with_deficit: int


def _count(value: object) -> int | None:
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def _areas() -> dict[str, tuple[str, str]]:
    """Code and name of each area of the region's catalogue, found by its code or its name."""
    found: dict[str, tuple[str, str]] = {}
    for code, name in DEFAULT_COMPETENCE_AREAS:
        found[normalised(code)] = found[normalised(str(name))] = (code, str(name))
    return found


def _municipalities() -> dict[str, int]:
    found: dict[str, int] = {}
    for pk, name, short_name, slug in Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).values_list(
        "pk", "name", "short_name", "slug"
    ):
        for key in (name, short_name, slug):
            if key:
                found[normalised(key)] = pk
    return found


def _row_parse(
    row: SourceRow, index: dict[str, int], municipalities: dict[str, int], areas: dict[str, tuple[str, str]]
) -> tuple[ParsedRow | None, list[str]]:
    def cell(name: str) -> object:
        position = index[name]
        return row.cells[position] if position < len(row.cells) else None

    problems: list[str] = []
    municipality_id = municipalities.get(normalised(cell_text(cell("Муниципалитет"))))
    if municipality_id is None:
        problems.append(_("муниципалитет «%(name)s» не найден") % {"name": cell_text(cell("Муниципалитет"))})
    area = areas.get(normalised(cell_text(cell("Область компетенций"))))
    if area is None:
        problems.append(
            _("область компетенций «%(name)s» не из каталога региона")
            % {"name": cell_text(cell("Область компетенций"))}
        )
    participants, with_deficit = _count(cell("Участников")), _count(cell("С дефицитом"))
    if participants is None:
        problems.append(_("«Участников» — целое неотрицательное число"))
    if with_deficit is None:
        problems.append(_("«С дефицитом» — целое неотрицательное число"))
    if participants is not None and with_deficit is not None and with_deficit > participants:
        problems.append(
            _("с дефицитом (%(d)s) больше, чем участников (%(p)s)") % {"d": with_deficit, "p": participants}
        )
    if problems or municipality_id is None or area is None or participants is None or with_deficit is None:
        return None, problems
    return ParsedRow(municipality_id, area[0], area[1], participants, with_deficit), []


def diagnostic_rows_read(data: bytes) -> list[ParsedRow]:
    """Every row of the file, or :class:`DiagnosticFileError` naming each bad row."""
    try:
        table = table_read(data)
    except TableFileError as error:
        raise DiagnosticFileError([error.message]) from None
    headers = [normalised(header) for header in table.headers]
    index = {column: headers.index(normalised(column)) for column in COLUMNS if normalised(column) in headers}
    missing = [column for column in COLUMNS if column not in index]
    if missing:
        raise DiagnosticFileError(
            [_("В файле нет столбцов: %(columns)s.") % {"columns": ", ".join(f"«{c}»" for c in missing)}]
        )
    municipalities, areas = _municipalities(), _areas()
    parsed: list[ParsedRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, str], int] = {}
    for row in table.rows:
        if row.is_empty():
            continue
        result, problems = _row_parse(row, index, municipalities, areas)
        if result is not None:
            key = (result.municipality_id, result.area_code)
            if key in seen:
                problems.append(_("повторяет строку %(row)s") % {"row": seen[key]})
            seen.setdefault(key, row.number)
        if problems:
            errors.append(_("Строка %(row)s: %(problems)s.") % {"row": row.number, "problems": "; ".join(problems)})
        elif result is not None:
            parsed.append(result)
    if errors:
        raise DiagnosticFileError(errors)
    if not parsed:
        raise DiagnosticFileError([_("В файле нет ни одной строки с результатами.")])
    return parsed


@transaction.atomic
def regional_diagnostic_load(
    *, title: str, academic_year: str, held_on: datetime.date, data: bytes, acting_user: ActingUser
) -> RegionalDiagnostic:
    """Load a diagnostic's results whole, or raise :class:`DiagnosticFileError` and write nothing."""
    _writer(acting_user)
    assert acting_user is not None and acting_user.is_authenticated
    rows = diagnostic_rows_read(data)
    diagnostic = RegionalDiagnostic.objects.create(
        title=title.strip()[:200], academic_year=academic_year, held_on=held_on, loaded_by=acting_user
    )
    RegionalDiagnosticResult.objects.bulk_create(
        RegionalDiagnosticResult(
            diagnostic=diagnostic,
            municipality_id=row.municipality_id,
            area_code=row.area_code,
            area_name=row.area_name,
            participants=row.participants,
            with_deficit=row.with_deficit,
        )
        for row in rows
    )
    audit_record(
        action="regional_diagnostic.import",
        acting_user=acting_user,
        target=diagnostic,
        data={"diagnostic_id": diagnostic.pk, "rows": len(rows), "academic_year": academic_year},
    )
    return diagnostic


@transaction.atomic
def regional_diagnostic_delete(*, diagnostic: RegionalDiagnostic, acting_user: ActingUser) -> None:
    _writer(acting_user)
    audit_record(
        action="regional_diagnostic.delete",
        acting_user=acting_user,
        target=diagnostic,
        data={"diagnostic_id": diagnostic.pk, "title": diagnostic.title},
    )
    diagnostic.delete()


def regional_diagnostic_template_xlsx() -> bytes:
    """The table to fill in, with the region's municipalities and areas on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Результаты")
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 50
    reference = workbook.create_sheet(_("Справочник"))
    reference.append([_("Муниципалитеты"), _("Области компетенций")])
    names = list(
        Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).order_by("name").values_list("name", flat=True)
    )
    areas = [str(name) for _code, name in DEFAULT_COMPETENCE_AREAS]
    for position in range(max(len(names), len(areas))):
        reference.append(
            [names[position] if position < len(names) else None, areas[position] if position < len(areas) else None]
        )
    return xlsx_workbook_bytes(workbook)


# --- reading ----------------------------------------------------------------------------------


def regional_diagnostic_list() -> list[RegionalDiagnostic]:
    return list(RegionalDiagnostic.objects.annotate(participants_total=Sum("results__participants")))


def regional_diagnostic_heat_map(diagnostic: RegionalDiagnostic, rows: Sequence[tuple[int, str]]) -> list[HeatRow]:
    """Municipalities (``(id, name)``, in that order) × the catalogue's areas: share with a deficit."""
    cells: dict[tuple[int, str], tuple[int, int]] = {
        (municipality_id, code): (participants, with_deficit)
        for municipality_id, code, participants, with_deficit in diagnostic.results.filter(
            municipality_id__in=[pk for pk, _name in rows]
        ).values_list("municipality_id", "area_code", "participants", "with_deficit")
    }
    heat: list[HeatRow] = []
    for municipality_id, name in rows:
        line = []
        for code, _area in DEFAULT_COMPETENCE_AREAS:
            participants, with_deficit = cells.get((municipality_id, code), (0, 0))
            if not participants:
                line.append(HeatCell(text="—", share_text="", level=-1))
                continue
            value = with_deficit / participants
            line.append(
                HeatCell(text=f"{with_deficit}/{participants}", share_text=percent(value), level=min(4, int(value * 4)))
            )
        heat.append(HeatRow(name=name, slug="", cells=line))
    return heat
