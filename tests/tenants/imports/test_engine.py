"""The import engine with a small table of its own: header matching, row errors, duplicates, the
plan's actions, and the apply step (all or nothing, one audit row, one history entry per object)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from audit.models import AuditEntry
from tenants.imports import cells
from tenants.imports.cells import normalised
from tenants.imports.engine import ImportRejected, import_apply, import_plan
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.people.models import Subject
from tests.tenants.imports.files import csv_bytes, xlsx_bytes


class SubjectSpec(ImportSpec):
    """Subjects by name (case aside); a different spelling of a known one renames it."""

    name = "test_subjects"
    title = "Предметы"
    model = Subject
    audit_action = "subject.import"
    export_filename = "subjects"
    columns = (
        Column("name", "Название", cells.text(max_length=200), required=True, aliases=("Предмет",)),
        Column("note", "Примечание", cells.text(max_length=10)),
    )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        existing = {normalised(s.name): s for s in Subject.objects.all()}
        for row in rows:
            if row.values["name"] == "Запрещённый":
                row.add_error("Такой предмет нельзя.")
            row.target = existing.get(normalised(row.values["name"]))

    def row_key(self, row: PlannedRow) -> Hashable | None:
        return normalised(row.values["name"])

    def row_label(self, row: PlannedRow) -> str:
        return row.values["name"]

    def value_of(self, instance: Any, key: str) -> Any:
        return instance.name if key == "name" else row_note(instance)

    def apply(self, plan: ImportPlan, *, acting_user: Any) -> ApplyOutcome:
        created = Subject.objects.bulk_create([Subject(name=r.values["name"]) for r in plan.rows_to(RowAction.CREATE)])
        updated = []
        for row in plan.rows_to(RowAction.UPDATE):
            row.target.name = row.values["name"]
            row.target.save()
            updated.append(row.target)
        return ApplyOutcome(created=created, updated=updated, extra={"notes": 0})

    def export_rows(self, queryset: Any) -> Iterable[Sequence[Any]]:
        for subject in queryset:
            yield [subject.name, ""]


def row_note(instance: Any) -> str:
    return ""


@pytest.fixture
def spec() -> SubjectSpec:
    return SubjectSpec()


def test_plan_sorts_rows_into_create_update_unchanged(muni_a, spec):
    data = xlsx_bytes([["Название"], ["Химия"], ["математика"], ["Физика"]])
    with tenant_context(muni_a):
        Subject.objects.create(name="Математика")
        Subject.objects.create(name="Физика")
        plan = import_plan(spec, data, filename="subjects.xlsx")
    assert plan.is_valid
    assert [(r.number, r.action) for r in plan.rows] == [
        (2, RowAction.CREATE),
        (3, RowAction.UPDATE),
        (4, RowAction.UNCHANGED),
    ]
    assert plan.rows[1].changes == ["Название"]
    assert plan.counts == {"create": 1, "update": 1, "unchanged": 1, "error": 0}


def test_header_by_alias_with_marks_and_unknown_columns_noted(muni_a, spec):
    data = csv_bytes([["Предмет*", "Лишний", "Ещё один"], ["Химия", "x", "y"]])
    with tenant_context(muni_a):
        plan = import_plan(spec, data, filename="s.csv")
    assert plan.is_valid
    assert [c.key for c in plan.columns] == ["name"]
    assert plan.notices == ["Столбцы не распознаны и загружены не будут: «Лишний», «Ещё один»."]


def test_russian_headers_are_understood_when_the_admin_works_in_english(muni_a, spec):
    from django.utils import translation

    data = xlsx_bytes([["Название"], ["Химия"]])
    with tenant_context(muni_a), translation.override("en"):
        plan = import_plan(spec, data, filename="subjects.xlsx")
    assert plan.is_valid and plan.counts["create"] == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Примечание"], ["x"]], "В заголовке (строка 1) нет обязательного столбца «Название»."),
        ([["Название", "Предмет"], ["Химия", "Физика"]], "Столбец «Название» встречается в заголовке дважды"),
        ([["Название"]], "В файле нет строк с данными: только заголовок."),
    ],
)
def test_file_errors(muni_a, spec, rows, message):
    with tenant_context(muni_a):
        plan = import_plan(spec, xlsx_bytes(rows), filename="s.xlsx")
    assert not plan.is_valid
    assert any(message in e for e in plan.file_errors), plan.file_errors


def test_row_errors_carry_row_number_column_and_reason(muni_a, spec):
    data = xlsx_bytes(
        [
            ["Название", "Примечание"],
            ["Химия", ""],
            ["", "пусто"],
            ["Физика", "очень длинное примечание"],
            ["химия", ""],
            ["Запрещённый", ""],
        ]
    )
    with tenant_context(muni_a):
        plan = import_plan(spec, data, filename="s.xlsx")
    assert not plan.is_valid
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (3, "Название", "Не заполнено обязательное поле."),
        (4, "Примечание", "Слишком длинное значение: 24 знаков, допускается не больше 10."),
        (5, "", "Повторяет строку 2."),
        (6, "", "Такой предмет нельзя."),
    ]
    assert str(plan.errors[0]) == "строка 3, «Название»: Не заполнено обязательное поле."
    assert plan.counts["error"] == 4 and plan.counts["create"] == 1


def test_apply_writes_everything_with_one_audit_row_and_a_history_entry_per_object(muni_a, spec, methodologist_a):
    data = xlsx_bytes([["Название"], ["Химия"], ["математика"]])
    with tenant_context(muni_a):
        Subject.objects.create(name="Математика")
        result = import_apply(spec, data, filename="предметы.xlsx", acting_user=methodologist_a)
        assert sorted(Subject.objects.values_list("name", flat=True)) == ["Химия", "математика"]
        entries = list(ModelLogEntry.objects.filter(uuid=result.log_uuid).order_by("action"))
        assert [(e.action, e.label, e.user_id) for e in entries] == [
            ("metodika.import.create", "Химия", methodologist_a.pk),
            ("metodika.import.update", "математика", methodologist_a.pk),
        ]
        assert log_registry.get_formatter(entries[0]).format_message(entries[0]) == (
            "Добавлено импортом из файла «предметы.xlsx»"
        )
    assert (result.created, result.updated, result.unchanged, result.rows) == (1, 1, 0, 2)
    audit = AuditEntry.objects.get(action="subject.import")
    assert audit.actor_id == methodologist_a.pk and audit.municipality_id == muni_a.pk
    assert audit.data == {
        "file": "предметы.xlsx",
        "rows": 2,
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "notes": 0,
        "log_uuid": result.log_uuid,
    }


def test_apply_refuses_the_whole_file_when_any_row_is_bad(muni_a, spec, methodologist_a):
    data = xlsx_bytes([["Название"], ["Химия"], ["Физика"], ["Запрещённый"]])
    with tenant_context(muni_a):
        with pytest.raises(ImportRejected) as rejected:
            import_apply(spec, data, filename="s.xlsx", acting_user=methodologist_a)
        assert not Subject.objects.exists()
        assert not ModelLogEntry.objects.filter(action__startswith="metodika.import").exists()
    assert [e.row for e in rejected.value.plan.errors] == [4]
    assert not AuditEntry.objects.filter(action="subject.import").exists()


def test_apply_of_an_unreadable_file_is_refused(muni_a, spec):
    with tenant_context(muni_a), pytest.raises(ImportRejected) as rejected:
        import_apply(spec, b"%PDF-1.4", filename="x.pdf", acting_user=None)
    assert rejected.value.plan.file_errors


def test_the_confirmation_does_not_parse_the_file_again_but_checks_it_against_the_database(
    muni_a, spec, methodologist_a, monitor_parsing
):
    data = xlsx_bytes([["Название"], ["Химия-кэш"], ["Физика-кэш"]])
    with tenant_context(muni_a):
        preview = import_plan(spec, data, filename="s.xlsx")
        assert monitor_parsing == [data] and preview.counts["create"] == 2
        Subject.objects.create(name="Физика-кэш")  # in the database since the preview
        result = import_apply(spec, data, filename="s.xlsx", acting_user=methodologist_a)
        assert monitor_parsing == [data]  # read once
        assert (result.created, result.unchanged) == (1, 1)
    with tenant_context(muni_a):
        import_plan(spec, xlsx_bytes([["Название"], ["Химия-кэш"]]), filename="s.xlsx")
    assert len(monitor_parsing) == 2  # other bytes, read again


@pytest.fixture
def monitor_parsing(monkeypatch) -> list[bytes]:
    """The files the engine reads, in order (the real reader does the reading)."""
    from tenants.imports import engine

    read: list[bytes] = []
    real = engine.table_read

    def reading(data: bytes) -> Any:
        read.append(data)
        return real(data)

    monkeypatch.setattr(engine, "table_read", reading)
    return read
