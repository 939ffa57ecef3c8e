"""Importing teachers: organisations by INN or short name, subjects added to the catalogue, every bad
row reported with its number and a Russian reason, all rows or none."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from audit.models import AuditEntry
from tenants.imports.engine import ImportRejected, import_plan
from tenants.people.imports import TeacherImportSpec
from tenants.people.models import QualificationCategory, StaffKind, Subject, Teacher
from tenants.people.services import teachers_import
from tests.tenants.imports.files import csv_bytes, xlsx_bytes
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Организация",
    "Должность",
    "Предметы",
    "Квалификационная категория",
    "Педагогический стаж с",
    "E-mail",
]


@pytest.fixture
def schools(muni_a):
    with tenant_context(muni_a):
        return (
            OrganisationFactory(short_name="МБОУ «СОШ № 1»", inn="4714012344"),
            OrganisationFactory(short_name="МБОУ «Лицей № 8»", inn="4714000010"),
        )


def _row(**overrides):
    values = {
        "last": "Иванова",
        "first": "Мария",
        "middle": "Петровна",
        "organisation": "МБОУ «СОШ № 1»",
        "position": "учитель математики",
        "subjects": "Математика; Информатика",
        "category": "Первая",
        "since": "01.09.2015",
        "email": "",
    }
    values.update(overrides)
    return list(values.values())


def _plan(data):
    return import_plan(TeacherImportSpec(), data, filename="t.xlsx")


def test_good_file_creates_teachers_with_subjects(muni_a, schools, methodologist_a):
    data = xlsx_bytes(
        [
            HEADER,
            _row(),
            _row(last="Петров", first="Иван", middle="", organisation="4714000010", subjects="физика", category=""),
            _row(last="Сидорова", first="Анна", organisation="мбоу «лицей № 8»", since=datetime.date(2024, 9, 1)),
        ]
    )
    with tenant_context(muni_a):
        SubjectFactory(name="Математика")
        plan = _plan(data)
        assert plan.is_valid, plan.errors
        assert [(r.number, r.action) for r in plan.rows] == [(2, "create"), (3, "create"), (4, "create")]
        assert plan.notices == ["В справочник предметов будут добавлены: «Информатика», «физика»."]
        result = teachers_import(data=data, filename="педагоги.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated, result.extra) == (3, 0, {"subjects_created": 2})
        ivanova = Teacher.objects.get(last_name="Иванова")
        assert ivanova.organisation == schools[0]
        assert sorted(s.name for s in ivanova.subjects.all()) == ["Информатика", "Математика"]
        assert ivanova.qualification_category == QualificationCategory.FIRST
        assert ivanova.teaching_since == datetime.date(2015, 9, 1)
        assert ivanova.staff_kind == StaffKind.TEACHING
        petrov = Teacher.objects.get(last_name="Петров")
        assert petrov.organisation == schools[1] and petrov.qualification_category == QualificationCategory.NONE
        assert Teacher.objects.get(last_name="Сидорова").is_young(datetime.date(2025, 10, 1))
        assert Subject.objects.count() == 3
        assert ModelLogEntry.objects.filter(uuid=result.log_uuid, action="metodika.import.create").count() == 3
    audit = AuditEntry.objects.get(action="teacher.import")
    assert audit.data["created"] == 3 and audit.data["subjects_created"] == 2


def test_reimport_updates_changed_rows_only(muni_a, schools, methodologist_a):
    with tenant_context(muni_a):
        teachers_import(data=xlsx_bytes([HEADER, _row(), _row(last="Петрова")]), filename="a.xlsx", acting_user=None)
        data = xlsx_bytes([HEADER, _row(category="Высшая", subjects="Математика"), _row(last="Петрова")])
        plan = _plan(data)
        assert [(r.number, r.action, r.changes) for r in plan.rows] == [
            (2, "update", ["Квалификационная категория", "Предметы"]),
            (3, "unchanged", []),
        ]
        result = teachers_import(data=data, filename="b.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        ivanova = Teacher.objects.get(last_name="Иванова")
        assert ivanova.qualification_category == QualificationCategory.HIGHEST
        assert [s.name for s in ivanova.subjects.all()] == ["Математика"]
        assert Teacher.objects.count() == 2


def test_organisation_inn_column_wins_and_must_agree(muni_a, schools):
    header = ["Фамилия", "Имя", "Должность", "ИНН организации", "Организация"]
    data = csv_bytes(
        [
            header,
            ["Иванова", "Мария", "учитель", "4714000010", ""],
            ["Петрова", "Анна", "учитель", "4714000010", "МБОУ «СОШ № 1»"],
            ["Сидорова", "Анна", "учитель", "4714099999", ""],
        ]
    )
    with tenant_context(muni_a):
        plan = _plan(data)
    assert plan.rows[0].values["organisation"] == schools[1]
    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "ИНН 4714000010 принадлежит организации «МБОУ «Лицей № 8»», а не «МБОУ «СОШ № 1»»."),
        (4, "Организация с ИНН 4714099999 не найдена в реестре."),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (_row(last=""), "Фамилия", "Не заполнено обязательное поле."),
        (_row(organisation=""), "Организация", "Не указана организация."),
        (
            _row(organisation="МБОУ «СОШ № 99»"),
            "Организация",
            "Организация «МБОУ «СОШ № 99»» не найдена в реестре: укажите её краткое наименование или ИНН.",
        ),
        (_row(since="32.13.2020"), "Педагогический стаж с", "Неверная дата «32.13.2020»: укажите её как ДД.ММ.ГГГГ."),
        (_row(since="01.09.2099"), "Педагогический стаж с", "Дата 01.09.2099 ещё не наступила."),
        (_row(category="вторая"), "Квалификационная категория", "Значение «вторая» не подходит; допустимы:"),
        (_row(email="ivanova@"), "E-mail", "Неверный адрес e-mail «ivanova@»."),
        (_row(position="x" * 300), "Должность", "Слишком длинное значение: 300 знаков"),
    ],
    ids=[
        "missing-name",
        "no-organisation",
        "unknown-organisation",
        "bad-date",
        "future-date",
        "category",
        "email",
        "long",
    ],
)
def test_each_error_kind_with_its_row_number(muni_a, schools, methodologist_a, row, column, message):
    data = xlsx_bytes([HEADER, _row(last="Петрова"), row])
    with tenant_context(muni_a):
        plan = _plan(data)
        assert [(e.row, e.column) for e in plan.errors] == [(3, column)]
        assert plan.errors[0].message.startswith(message), plan.errors[0].message
        assert plan.counts == {"create": 1, "update": 0, "unchanged": 0, "error": 1}
        with pytest.raises(ImportRejected):
            teachers_import(data=data, filename="t.xlsx", acting_user=methodologist_a)
        assert not Teacher.objects.exists()
        assert not Subject.objects.exists()
    assert not AuditEntry.objects.filter(action="teacher.import").exists()


def test_duplicates_in_the_file_and_ambiguity_in_the_register(muni_a, schools):
    with tenant_context(muni_a):
        OrganisationFactory(short_name="МБОУ «СОШ № 1»", inn="4714000028")  # a second one of that name
        twin = schools[1]
        TeacherFactory(last_name="Орлова", first_name="Вера", middle_name="", organisation=twin)
        TeacherFactory(last_name="Орлова", first_name="Вера", middle_name="", organisation=twin)
        data = xlsx_bytes(
            [
                HEADER,
                _row(organisation="4714012344"),
                _row(organisation="4714012344", last="иванова"),
                _row(organisation="МБОУ «СОШ № 1»"),
                _row(last="Орлова", first="Вера", middle="", organisation="4714000010"),
            ]
        )
        plan = _plan(data)
    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "Тот же педагог в той же организации уже есть в строке 2."),
        (4, "Организаций «МБОУ «СОШ № 1»» в реестре несколько: укажите ИНН организации."),
        (
            5,
            "В реестре 2 педагога с такими ФИО в этой организации: объедините их в кабинете, потом загрузите "
            "файл снова.",
        ),
    ]


def test_header_without_an_organisation_column(muni_a):
    with tenant_context(muni_a):
        plan = _plan(csv_bytes([["Фамилия", "Имя", "Должность"], ["Иванова", "Мария", "учитель"]]))
    assert plan.file_errors == ["В заголовке нет столбца «Организация» (или «ИНН организации»)."]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([HEADER, _row()], encoding="utf-8", delimiter=";", bom=True),
        csv_bytes([HEADER, _row()], encoding="utf-8", delimiter=","),
        csv_bytes([HEADER, _row()], encoding="cp1251", delimiter=";"),
    ],
    ids=["utf8-bom-semicolon", "utf8-comma", "cp1251"],
)
def test_csv_files_from_excel_and_editors(muni_a, schools, data):
    with tenant_context(muni_a):
        teachers_import(data=data, filename="t.csv", acting_user=None)
        teacher = Teacher.objects.get()
        assert (teacher.last_name, teacher.middle_name, teacher.organisation) == ("Иванова", "Петровна", schools[0])
        assert sorted(s.name for s in teacher.subjects.all()) == ["Информатика", "Математика"]
