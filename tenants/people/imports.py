"""The teachers table for the import engine.

A row is one teacher (or manager, 004 §2.1.6) of one organisation. The organisation is named by
its INN or its short name from the register; the same full name in the same organisation is the
same teacher, so a file imported again updates rather than duplicates. Subjects not yet in the
municipality's catalogue are added to it (the preview lists them).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.imports import cells
from tenants.imports.cells import normalised
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.organisations.models import Organisation
from tenants.organisations.selectors import organisation_lookup
from tenants.people.models import QualificationCategory, StaffKind, Subject, Teacher
from tenants.people.selectors import subject_lookup

STAFF_KIND_SYNONYMS = {
    "педагог": StaffKind.TEACHING,
    "педагогический": StaffKind.TEACHING,
    "педагогические работники": StaffKind.TEACHING,
    "учитель": StaffKind.TEACHING,
    "руководитель": StaffKind.MANAGEMENT,
    "управленческий": StaffKind.MANAGEMENT,
    "управленческие": StaffKind.MANAGEMENT,
    "администрация": StaffKind.MANAGEMENT,
}
CATEGORY_SYNONYMS = {
    "высшая категория": QualificationCategory.HIGHEST,
    "высшая квалификационная категория": QualificationCategory.HIGHEST,
    "ВКК": QualificationCategory.HIGHEST,
    "первая категория": QualificationCategory.FIRST,
    "первая квалификационная категория": QualificationCategory.FIRST,
    "1КК": QualificationCategory.FIRST,
    "1": QualificationCategory.FIRST,
    "СЗД": QualificationCategory.CONFORMITY,
    "соответствие": QualificationCategory.CONFORMITY,
    "соответствие должности": QualificationCategory.CONFORMITY,
    "нет": QualificationCategory.NONE,
    "без": QualificationCategory.NONE,
}
SUBJECTS_NEW = "subjects_created"


def _length(name: str, model: type[models.Model] = Teacher) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


def _person_key(last_name: str, first_name: str, middle_name: str) -> tuple[str, str, str]:
    return normalised(last_name), normalised(first_name), normalised(middle_name or "")


def _subject_keys(names: Iterable[str]) -> list[str]:
    return sorted(normalised(name) for name in names)


class TeacherImportSpec(ImportSpec):
    """Teachers by full name within an organisation: a known one is updated, a new one added."""

    name = "teachers"
    title = gettext_lazy("Педагоги")
    model = Teacher
    audit_action = "teacher.import"
    export_filename = "teachers"
    columns = (
        Column(
            "last_name",
            gettext_lazy("Фамилия"),
            cells.text(max_length=_length("last_name")),
            required=True,
            example="Иванова",
            width=18,
        ),
        Column(
            "first_name",
            gettext_lazy("Имя"),
            cells.text(max_length=_length("first_name")),
            required=True,
            example="Мария",
            width=14,
        ),
        Column(
            "middle_name",
            gettext_lazy("Отчество"),
            cells.text(max_length=_length("middle_name")),
            example="Петровна",
            width=18,
        ),
        Column(
            "organisation",
            gettext_lazy("Организация"),
            cells.text(max_length=500),
            aliases=("Образовательная организация", "Место работы", "ОО"),
            example="МБОУ «СОШ № 1»",
            help=gettext_lazy("Краткое наименование организации из реестра (или её ИНН)."),
            width=26,
        ),
        Column(
            "organisation_inn",
            gettext_lazy("ИНН организации"),
            cells.digits(length=10),
            example="4714012344",
            help=gettext_lazy("Необязательно; если указан, организация ищется по нему."),
            width=16,
        ),
        Column(
            "position",
            gettext_lazy("Должность"),
            cells.text(max_length=_length("position")),
            required=True,
            example="учитель математики",
            width=26,
        ),
        Column(
            "staff_kind",
            gettext_lazy("Категория работника"),
            cells.choice(dict(StaffKind.choices), default=StaffKind.TEACHING, synonyms=STAFF_KIND_SYNONYMS),
            aliases=("Категория работников", "Категория персонала"),
            example=StaffKind.TEACHING.label,
            help=gettext_lazy("«Педагогический работник» или «Управленческие кадры»; пусто — педагогический работник."),
            width=24,
        ),
        Column(
            "subjects",
            gettext_lazy("Предметы"),
            cells.name_list(max_length=_length("name", Subject)),
            aliases=("Предмет", "Преподаваемые предметы", "Предметы и категории"),
            example="Математика; Информатика",
            help=gettext_lazy("Через «;» или «,». Новых предметов в справочнике импорт добавит."),
            width=30,
        ),
        Column(
            "qualification_category",
            gettext_lazy("Квалификационная категория"),
            cells.choice(
                dict(QualificationCategory.choices), default=QualificationCategory.NONE, synonyms=CATEGORY_SYNONYMS
            ),
            aliases=("Категория",),
            example=QualificationCategory.FIRST.label,
            help=gettext_lazy("«Высшая», «Первая», «Соответствие занимаемой должности» или «Без категории»."),
            width=24,
        ),
        Column(
            "teaching_since",
            gettext_lazy("Педагогический стаж с"),
            cells.date,
            aliases=("Стаж с", "Начало педагогического стажа", "Дата начала педагогической деятельности"),
            example="01.09.2015",
            help=gettext_lazy("Дата ДД.ММ.ГГГГ; по ней видно, кто молодой педагог (стаж меньше трёх лет)."),
            width=16,
        ),
        Column(
            "email",
            gettext_lazy("E-mail"),
            cells.email,
            aliases=("Email", "Электронная почта", "Эл. почта"),
            example="ivanova@example.ru",
            width=26,
        ),
        Column(
            "phone",
            gettext_lazy("Телефон"),
            cells.text(max_length=_length("phone")),
            example="+7 900 000-00-00",
            width=18,
        ),
    )

    def check_columns(self, plan: ImportPlan) -> None:
        if not plan.present & {"organisation", "organisation_inn"}:
            plan.file_errors.append(_("В заголовке нет столбца «Организация» (или «ИНН организации»)."))

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        lookup = organisation_lookup()
        organisation_column = next(c for c in self.columns if c.key == "organisation")
        for row in rows:
            organisation = self._organisation(row, lookup, organisation_column)
            row.values.pop("organisation_inn", None)
            if organisation is not None:
                row.values["organisation"] = organisation
        rows = [row for row in rows if not row.errors]

        if "subjects" in plan.present:
            known = subject_lookup()
            new: dict[str, str] = {}
            for row in rows:
                for name in row.values["subjects"]:
                    if normalised(name) not in known:
                        new.setdefault(normalised(name), name)
            if new:
                plan.notices.append(
                    _("В справочник предметов будут добавлены: %(names)s.")
                    % {"names": ", ".join(f"«{n}»" for n in sorted(new.values()))}
                )

        organisation_ids = {row.values["organisation"].pk for row in rows}
        existing: dict[Hashable, list[Teacher]] = {}
        teachers = Teacher.objects.filter(organisation_id__in=organisation_ids).prefetch_related(
            Prefetch("subjects", queryset=Subject.objects.only("pk", "name"))
        )
        for teacher in teachers:
            key = (*_person_key(teacher.last_name, teacher.first_name, teacher.middle_name), teacher.organisation_id)
            existing.setdefault(key, []).append(teacher)
        for row in rows:
            matches = existing.get(self.row_key(row), [])
            if len(matches) > 1:
                row.add_error(
                    _(
                        "В реестре %(count)d педагога с такими ФИО в этой организации: объедините их в кабинете, "
                        "потом загрузите файл снова."
                    )
                    % {"count": len(matches)}
                )
            elif matches:
                row.target = matches[0]

    def _organisation(self, row: PlannedRow, lookup: Any, column: Column) -> Organisation | None:
        inn = row.values.get("organisation_inn") or ""
        name = row.values.get("organisation") or ""
        if inn:
            organisation = lookup.by_inn.get(inn)
            if organisation is None:
                row.add_error(_("Организация с ИНН %(inn)s не найдена в реестре.") % {"inn": inn}, column)
                return None
            if name and normalised(name) not in {
                normalised(organisation.short_name),
                normalised(organisation.full_name),
            }:
                row.add_error(
                    _("ИНН %(inn)s принадлежит организации «%(found)s», а не «%(name)s».")
                    % {"inn": inn, "found": organisation.short_name, "name": name},
                    column,
                )
                return None
            return organisation
        if not name:
            row.add_error(_("Не указана организация."), column)
            return None
        organisation, count = lookup.find(name)
        if count > 1:
            row.add_error(
                _("Организаций «%(name)s» в реестре несколько: укажите ИНН организации.") % {"name": name}, column
            )
        elif organisation is None:
            row.add_error(
                _("Организация «%(name)s» не найдена в реестре: укажите её краткое наименование или ИНН.")
                % {"name": name},
                column,
            )
        return organisation

    def row_key(self, row: PlannedRow) -> Hashable | None:
        values = row.values
        names = _person_key(values["last_name"], values["first_name"], values.get("middle_name", ""))
        return (*names, values["organisation"].pk)

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Тот же педагог в той же организации уже есть в строке %(first)d.") % {"first": first}

    def row_label(self, row: PlannedRow) -> str:
        names = (row.values["last_name"], row.values["first_name"], row.values.get("middle_name") or "")
        return f"{' '.join(n for n in names if n)} — {row.values['organisation'].short_name}"

    def value_of(self, instance: Any, key: str) -> Any:
        if key == "subjects":
            return _subject_keys(s.name for s in instance.subjects.all())
        if key == "organisation":
            return instance.organisation_id
        return getattr(instance, key)

    def _new_value(self, row: PlannedRow, key: str) -> Any:
        value = row.values.get(key)
        if key == "subjects":
            return _subject_keys(value or [])
        if key == "organisation":
            assert value is not None
            return value.pk
        return value

    def _written(self, plan: ImportPlan) -> list[str]:
        """The fields a row writes: the present columns; the organisation whichever column named it."""
        return sorted((plan.present - {"organisation_inn"}) | {"organisation"})

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        headers = {c.key: str(c.header) for c in self.columns}
        return [
            headers[key] for key in self._written(plan) if self.value_of(row.target, key) != self._new_value(row, key)
        ]

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        written = self._written(plan)
        with_subjects = "subjects" in written
        fields = [key for key in written if key != "subjects"]
        subjects_created = self._subjects_add(plan) if with_subjects else 0
        subjects = subject_lookup() if with_subjects else {}

        creating = plan.rows_to(RowAction.CREATE)
        created = Teacher.objects.bulk_create(
            [Teacher(**{key: row.values[key] for key in fields}) for row in creating], batch_size=1000
        )
        updating = plan.rows_to(RowAction.UPDATE)
        # Decided before the attributes change: the prefetched subjects are the ones in the database.
        resubjected = [
            row
            for row in updating
            if with_subjects and self.value_of(row.target, "subjects") != self._new_value(row, "subjects")
        ]
        now = timezone.now()
        updated: list[Teacher] = []
        for row in updating:
            teacher: Teacher = row.target
            for key in fields:
                setattr(teacher, key, row.values[key])
            teacher.updated_at = now
            updated.append(teacher)
        if updated:
            Teacher.objects.bulk_update(updated, [*fields, "updated_at"], batch_size=1000)

        if with_subjects:
            through = Teacher.subjects.through
            through.objects.filter(teacher_id__in=[row.target.pk for row in resubjected]).delete()
            pairs = [*zip(created, creating, strict=True), *((row.target, row) for row in resubjected)]
            through.objects.bulk_create(
                [
                    through(teacher_id=teacher.pk, subject_id=subjects[normalised(name)].pk)
                    for teacher, row in pairs
                    for name in row.values["subjects"]
                ],
                batch_size=5000,
            )
        return ApplyOutcome(created=list(created), updated=updated, extra={SUBJECTS_NEW: subjects_created})

    def _subjects_add(self, plan: ImportPlan) -> int:
        known = subject_lookup()
        new: dict[str, str] = {}
        for row in plan.rows_to(RowAction.CREATE) + plan.rows_to(RowAction.UPDATE):
            for name in row.values["subjects"]:
                if normalised(name) not in known:
                    new.setdefault(normalised(name), name)
        Subject.objects.bulk_create([Subject(name=name) for name in new.values()])
        return len(new)

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organisation").prefetch_related(
            Prefetch("subjects", queryset=Subject.objects.only("pk", "name").order_by("name"))
        )

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for t in queryset:
            yield [
                t.last_name,
                t.first_name,
                t.middle_name,
                t.organisation.short_name,
                t.organisation.inn,
                t.position,
                t.get_staff_kind_display(),
                [s.name for s in t.subjects.all()],
                t.get_qualification_category_display(),
                t.teaching_since,
                t.email,
                t.phone,
            ]
