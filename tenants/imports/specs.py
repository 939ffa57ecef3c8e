"""What a domain tells the engine about its table: columns, matching, writing, exporting.

A spec subclasses :class:`ImportSpec`. The engine reads the file, matches the header to the
columns, parses every cell and checks required ones; then the spec resolves the parsed rows
against the database in bulk (finding existing objects and references), the engine marks
duplicates and works out create / update / unchanged, and at confirmation the spec writes the
rows with ``apply``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.imports.cells import Parser, normalised


class RowAction:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS: ClassVar[dict[str, Promise]] = {
        CREATE: gettext_lazy("будет добавлена"),
        UPDATE: gettext_lazy("будет обновлена"),
        UNCHANGED: gettext_lazy("без изменений"),
        ERROR: gettext_lazy("ошибка"),
    }


@dataclass(frozen=True)
class Column:
    """One column of the table, found in a file by its header or one of its aliases."""

    key: str
    header: str | Promise
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = ""
    help: str | Promise = ""
    width: int = 22

    def names(self) -> set[str]:
        """Headers this column answers to: in the admin's language and in Russian, the files'
        usual language, whatever language the person uploading works in."""
        from django.utils import translation

        with translation.override("ru"):
            russian = str(self.header)
        return {normalised(str(self.header)), normalised(russian), *(normalised(a) for a in self.aliases)}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("строка %(row)d") % {"row": self.row}
        if self.column:
            where = f"{where}, «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class PlannedRow:
    """A data row of the file: its parsed values and what the import will do with it."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    action: str = RowAction.ERROR
    target: Any = None  # the existing object this row updates
    changes: list[str] = field(default_factory=list)  # headers of the columns that change
    label: str = ""

    def add_error(self, message: str, column: Column | None = None) -> None:
        self.errors.append(RowError(self.number, str(column.header) if column else "", message))

    @property
    def action_label(self) -> str:
        return str(RowAction.LABELS[self.action])


@dataclass
class ImportPlan:
    """The preview: every data row by its number, with the action or the errors."""

    spec: ImportSpec
    filename: str
    columns: tuple[Column, ...] = ()
    rows: list[PlannedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def present(self) -> set[str]:
        return {c.key for c in self.columns}

    @property
    def errors(self) -> list[RowError]:
        return [e for row in self.rows for e in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(row.errors for row in self.rows)

    def rows_to(self, action: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((RowAction.CREATE, RowAction.UPDATE, RowAction.UNCHANGED, RowAction.ERROR), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


@dataclass
class ApplyOutcome:
    """What ``ImportSpec.apply`` wrote: the created and the updated objects, and extra counts.

    The history needs only each object's ``pk`` and ``str()``: a spec that writes thousands of
    rows without model instances may give lighter objects that have both.
    """

    created: Sequence[Any] = field(default_factory=list)
    updated: Sequence[Any] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    extra: dict[str, int]
    log_uuid: str


class ImportSpec(ABC):
    """A domain's table. Subclasses set the class attributes and implement the abstract methods."""

    name: ClassVar[str]  # path- and URL-safe: "teachers"
    title: ClassVar[str | Promise]  # "Педагоги"
    model: ClassVar[type[models.Model]]
    audit_action: ClassVar[str]  # "teacher.import"
    columns: ClassVar[tuple[Column, ...]]
    export_filename: ClassVar[str]

    def check_columns(self, plan: ImportPlan) -> None:
        """File-level checks of the header beyond required columns (add to ``plan.file_errors``)."""
        return None

    @abstractmethod
    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        """Look up in bulk what the rows refer to; set ``row.target`` for rows that update.

        Gets only rows whose cells all parsed. Adds row errors (an unknown reference) and plan
        notices (what will be created on the side).
        """

    @abstractmethod
    def row_key(self, row: PlannedRow) -> Hashable | None:
        """What makes two rows of the file the same object (None: never a duplicate)."""

    @abstractmethod
    def row_label(self, row: PlannedRow) -> str: ...

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Повторяет строку %(first)d.") % {"first": first}

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        """Headers of the present columns whose value differs from the object's."""
        return [
            str(column.header)
            for column in plan.columns
            if self.value_of(row.target, column.key) != row.values.get(column.key)
        ]

    def value_of(self, instance: models.Model, key: str) -> Any:
        return getattr(instance, key)

    @abstractmethod
    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        """Write the plan's create and update rows; runs inside the import's transaction."""

    @abstractmethod
    def export_rows(self, queryset: models.QuerySet[Any]) -> Iterable[Sequence[Any]]:
        """One row per object, in the order of ``columns``, in the form the import reads back."""

    def export_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """The queryset made ready for ``export_rows`` (related rows fetched in bulk)."""
        return queryset

    def example_rows(self) -> list[list[Any]]:
        return [[column.example for column in self.columns]]
