"""Plan an import (the preview) and apply it: the whole file in one transaction, or nothing.

The audit of an import: one row in the region's audit log with the counts (who imported what
file where, how many rows were added and updated), and one entry per added or updated object
in the municipality's Wagtail history, all sharing one UUID that the audit row names. Both are
written in bulk in the import's transaction, so thousands of rows cost a few inserts; the
per-object audit actions (``tenants.audited_actions``) would cost several queries per row and a
region-wide audit row each, which would bury the region's log under one municipality's import.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import uuid
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg import sql
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_write
from tenants.imports.cells import CellError, cell_text, normalised
from tenants.imports.reading import SourceTable, TableFileError, table_read
from tenants.imports.specs import (
    ApplyOutcome,
    Column,
    ImportPlan,
    ImportResult,
    ImportSpec,
    PlannedRow,
    RowAction,
)
from tenants.municipalities.schemas import schema_active

LOG_ACTION_CREATE = "metodika.import.create"
LOG_ACTION_UPDATE = "metodika.import.update"
PARSED_CACHE_SECONDS = 3600


class ImportRejected(Exception):
    """The file has errors (or the data changed since the preview): nothing was applied."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(_("Импорт не выполнен: в файле есть ошибки."))
        self.plan = plan


def import_plan(spec: ImportSpec, data: bytes, *, filename: str = "") -> ImportPlan:
    """What importing ``data`` would do, row by row; reads the database, writes nothing."""
    plan = ImportPlan(spec=spec, filename=filename)
    parsed = _parsed(spec, data)
    by_key = {column.key: column for column in spec.columns}
    plan.columns = tuple(by_key[key] for key in parsed.columns)
    plan.file_errors, plan.notices = list(parsed.file_errors), list(parsed.notices)
    if plan.file_errors:
        return plan
    spec.check_columns(plan)
    if plan.file_errors:
        return plan
    if not parsed.rows:
        plan.file_errors.append(_("В файле нет строк с данными: только заголовок."))
        return plan
    plan.rows = parsed.rows
    spec.resolve([row for row in plan.rows if not row.errors], plan)
    _mark_duplicates(spec, plan)
    for row in plan.rows:
        row.label = spec.row_label(row) if not row.errors else _label_of_bad_row(row)
        if row.errors:
            row.action = RowAction.ERROR
        elif row.target is None:
            row.action = RowAction.CREATE
        else:
            row.changes = spec.row_changes(row, plan)
            row.action = RowAction.UPDATE if row.changes else RowAction.UNCHANGED
    return plan


@dataclass
class _Parsed:
    """A file read and its cells parsed: what depends on the bytes alone, not on the database."""

    columns: tuple[str, ...]  # the keys of the columns found, in the file's order
    file_errors: list[str]
    notices: list[str]
    rows: list[PlannedRow]


def _parsed(spec: ImportSpec, data: bytes) -> _Parsed:
    """The file parsed, kept in the cache for an hour under its digest: the confirmation sends
    the bytes the preview read, and reading and parsing a procedure's 15,000 rows again would be
    half of its wait. Only this is kept; the rows are checked against the database every time."""
    key = ":".join(
        (
            "imports-parsed",
            schema_active(),
            type(spec).__qualname__,
            spec.name,
            translation.get_language() or "",
            hashlib.sha256(data).hexdigest(),
        )
    )
    found = cache.get(key)
    if isinstance(found, _Parsed):
        return found
    parsed = _parse(spec, data)
    if parsed.rows:
        # A parser that gives a value that does not pickle only loses the shortcut.
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            cache.set(key, parsed, PARSED_CACHE_SECONDS)
    return parsed


def _parse(spec: ImportSpec, data: bytes) -> _Parsed:
    plan = ImportPlan(spec=spec, filename="")
    try:
        table = table_read(data)
    except TableFileError as error:
        return _Parsed(columns=(), file_errors=[error.message], notices=[], rows=[])
    positions = _match_header(spec, table, plan)
    rows = (
        []
        if plan.file_errors
        else [_parse_row(number=r.number, cells=r.cells, positions=positions) for r in table.rows]
    )
    return _Parsed(
        columns=tuple(column.key for column in plan.columns),
        file_errors=plan.file_errors,
        notices=plan.notices,
        rows=rows,
    )


def _match_header(spec: ImportSpec, table: SourceTable, plan: ImportPlan) -> dict[int, Column]:
    by_name = {name: column for column in spec.columns for name in column.names()}
    positions: dict[int, Column] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(table.headers):
        if not header:
            continue
        column = by_name.get(normalised(header).rstrip("*: ").strip())
        if column is None:
            unknown.append(header)
            continue
        if column.key in seen:
            plan.file_errors.append(
                _("Столбец «%(column)s» встречается в заголовке дважды («%(first)s» и «%(second)s»).")
                % {"column": column.header, "first": seen[column.key], "second": header}
            )
            continue
        seen[column.key] = header
        positions[index] = column
    for column in spec.columns:
        if column.required and column.key not in seen:
            plan.file_errors.append(
                _("В заголовке (строка %(row)d) нет обязательного столбца «%(column)s».")
                % {"row": table.header_row, "column": column.header}
            )
    if unknown:
        plan.notices.append(
            _("Столбцы не распознаны и загружены не будут: %(columns)s.")
            % {"columns": ", ".join(f"«{h}»" for h in unknown)}
        )
    plan.columns = tuple(positions[i] for i in sorted(positions))
    return positions


def _parse_row(*, number: int, cells: tuple[Any, ...], positions: dict[int, Column]) -> PlannedRow:
    row = PlannedRow(number=number)
    for index, column in positions.items():
        raw = cells[index] if index < len(cells) else None
        if column.required and cell_text(raw) == "":
            row.add_error(_("Не заполнено обязательное поле."), column)
            continue
        try:
            row.values[column.key] = column.parse(raw)
        except CellError as error:
            row.add_error(error.message, column)
    return row


def _mark_duplicates(spec: ImportSpec, plan: ImportPlan) -> None:
    first_seen: dict[Hashable, int] = {}
    for row in plan.rows:
        if row.errors:
            continue
        key = spec.row_key(row)
        if key is None:
            continue
        if key in first_seen:
            row.add_error(spec.duplicate_message(row, first_seen[key]))
        else:
            first_seen[key] = row.number


def _label_of_bad_row(row: PlannedRow) -> str:
    return " ".join(str(v) for v in row.values.values() if isinstance(v, str) and v)[:120]


@transaction.atomic
def import_apply(spec: ImportSpec, data: bytes, *, filename: str, acting_user: ActingUser) -> ImportResult:
    """Apply the whole file or nothing; raises :class:`ImportRejected` when any row is bad.

    The file is planned again here, against the data as it is now, inside the transaction, and
    imports of one kind into one municipality take turns (an advisory lock): two people sending
    the same file at once get it applied once and then found unchanged.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"import:{schema_active()}:{spec.name}"])
    plan = import_plan(spec, data, filename=filename)
    if not plan.is_valid:
        raise ImportRejected(plan)
    outcome = spec.apply(plan, acting_user=acting_user)
    counts = plan.counts
    log_uuid = uuid.uuid4()
    _history_write(spec.model, outcome, acting_user=acting_user, log_uuid=log_uuid, filename=filename)
    audit_record_municipal(
        action=spec.audit_action,
        acting_user=acting_user,
        target=_("Импорт из файла «%(file)s»") % {"file": filename},
        data={
            "file": filename,
            "rows": len(plan.rows),
            "created": len(outcome.created),
            "updated": len(outcome.updated),
            "unchanged": counts[RowAction.UNCHANGED],
            **outcome.extra,
            "log_uuid": str(log_uuid),
        },
    )
    # Bulk writes pass by the per-row actions: whoever counts these rows hears of it once.
    audited_write.send(sender=spec.model, instance=None, verb="import")
    return ImportResult(
        rows=len(plan.rows),
        created=len(outcome.created),
        updated=len(outcome.updated),
        unchanged=counts[RowAction.UNCHANGED],
        extra=dict(outcome.extra),
        log_uuid=str(log_uuid),
    )


def _history_write(
    model: type[models.Model], outcome: ApplyOutcome, *, acting_user: ActingUser, log_uuid: uuid.UUID, filename: str
) -> None:
    """One Wagtail history entry per object, in bulk (what ``log()`` would write one by one).

    Written with PostgreSQL's COPY: a procedure's results are some 15,000 objects, for which
    building as many model instances and compiling Django's bulk insert takes seconds.
    """
    log_model: Any = log_registry.get_log_model_for_model(model)
    if log_model is None:
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    user = signed_in_user(acting_user)
    template = log_model(
        content_type=content_type,
        label="",
        action="",
        object_id="",
        user_id=user.pk if user is not None else None,
        uuid=log_uuid,
        timestamp=timezone.now(),
        content_changed=True,
        data={"file": filename},
    )
    fields = [f for f in log_model._meta.concrete_fields if not f.primary_key]
    per_row = ("label", "action", "object_id")
    constant = {
        f.name: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields if f.name not in per_row
    }
    copy = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(log_model._meta.db_table),
        columns=sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    # Labels first: a model's __str__ may query, which it cannot while the connection copies.
    rows = [
        {"label": str(instance), "action": action, "object_id": str(instance.pk)}
        for action, instances in ((LOG_ACTION_CREATE, outcome.created), (LOG_ACTION_UPDATE, outcome.updated))
        for instance in instances
    ]
    with connection.cursor() as cursor, cursor.cursor.copy(copy) as writer:
        for row in rows:
            writer.write_row([row[f.name] if f.name in row else constant[f.name] for f in fields])


class _ImportCreateFormatter(LogFormatter):
    label = gettext_lazy("Добавление импортом")

    def format_message(self, log_entry: Any) -> str:
        return _("Добавлено импортом из файла «%(file)s»") % {"file": log_entry.data.get("file", "")}


class _ImportUpdateFormatter(LogFormatter):
    label = gettext_lazy("Изменение импортом")

    def format_message(self, log_entry: Any) -> str:
        return _("Изменено импортом из файла «%(file)s»") % {"file": log_entry.data.get("file", "")}


def import_log_actions_register(actions: Any) -> None:
    """For a ``register_log_actions`` hook; every app that imports calls it, the first one registers."""
    for action, formatter in ((LOG_ACTION_CREATE, _ImportCreateFormatter), (LOG_ACTION_UPDATE, _ImportUpdateFormatter)):
        if action not in actions.formatters:
            actions.register_action(action)(formatter)
