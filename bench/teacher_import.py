"""How long it takes to import 5,000 teachers from an XLSX file into a fresh municipality.

Runs against a database of its own (``metodika_bench_import`` next to the one in DATABASE_URL,
dropped and recreated at the start, dropped at the end unless ``--keep``) and a Redis database of
its own, so it never touches development or test data.

    make bench                      # or: .venv/bin/python bench/teacher_import.py --runs 5 --keep

Each run provisions a fresh municipality (not timed), adds ~50 organisations through the
organisations import (not timed), then times what a methodologist waits for with one XLSX of
5,000 teachers (generated in memory, with subjects, categories, dates, e-mails):

* preview — reading the file and planning every row against the database (the preview page);
* confirm — the confirmation: the file planned again inside the transaction, then teachers,
  new subjects and subject links written in bulk, one Wagtail history entry per teacher (in
  bulk) and one audit row with the counts, committed.

The target is on the median of preview + confirm: under TARGET_SECONDS. Exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from dataclasses import dataclass, field

import harness
from harness import say, timed

TARGET_SECONDS = 10.0

SUBJECTS = (
    "Русский язык",
    "Литература",
    "Математика",
    "Информатика",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "История",
    "Обществознание",
    "Английский язык",
    "Физическая культура",
    "Технология",
    "Музыка",
    "Начальные классы",
)
CATEGORIES = ("Высшая", "Первая", "Соответствие занимаемой должности", "Без категории", "")
HEADER = ("Фамилия", "Имя", "Отчество", "Организация", "Должность", "Предметы", "Квалификационная категория",
          "Педагогический стаж с", "E-mail", "Телефон")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_import", redis_db=15)
    parser.add_argument("--runs", type=int, default=3, help="imports, each into a fresh municipality (default 3)")
    parser.add_argument("--teachers", type=int, default=5000, help="rows in the file (default 5000)")
    parser.add_argument("--organisations", type=int, default=50, help="organisations they work at (default 50)")
    args = parser.parse_args()
    if args.runs < 1 or args.teachers < 1 or args.organisations < 1:
        parser.error("--runs, --teachers and --organisations must be at least 1")
    return args


# --- the files --------------------------------------------------------------------------------


def xlsx(rows: list[tuple[object, ...]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист1")
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def organisations_file(count: int) -> tuple[bytes, list[str]]:
    from tenants.organisations.inn import inn_complete

    names = [f"МБОУ «СОШ № {n + 1}»" for n in range(count)]
    rows: list[tuple[object, ...]] = [("ИНН", "Краткое наименование", "Полное наименование", "Тип")]
    for n, name in enumerate(names):
        full = f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n + 1}»"
        rows.append((inn_complete(f"4714{n + 1:05d}"), name, full, "Общеобразовательная организация"))
    return xlsx(rows), names


def teachers_file(count: int, organisations: list[str]) -> bytes:
    """``count`` teachers spread over the organisations, unique by name within each."""
    from tenants.people.demo import FEMALE

    last_names, first_names, middle_names = FEMALE  # the people demo's names
    if count > len(organisations) * len(last_names) * len(first_names) * len(middle_names):
        raise SystemExit("[bench] too many teachers for the generated names: add organisations")
    rng = random.Random(42)  # the same file every time
    today = datetime.date.today()
    rows: list[tuple[object, ...]] = [HEADER]
    for i in range(count):
        organisation = organisations[i % len(organisations)]
        j = i // len(organisations)  # the teacher's number within the organisation: a distinct name
        last, first = last_names[j % len(last_names)], first_names[j // len(last_names) % len(first_names)]
        middle = middle_names[j // (len(last_names) * len(first_names)) % len(middle_names)]
        taught = rng.sample(SUBJECTS, k=rng.choice((1, 1, 2)))
        since = datetime.date(today.year - rng.randint(0, 35), 9, 1)
        since = since if since <= today else since.replace(year=since.year - 1)
        rows.append(
            (
                last,
                first,
                middle,
                organisation,
                f"учитель ({taught[0].lower()})",
                "; ".join(taught),
                rng.choice(CATEGORIES),
                since,
                f"teacher{i}@school.example",
                f"+7 900 {i:07d}",
            )
        )
    return xlsx(rows)


# --- the runs ---------------------------------------------------------------------------------


@dataclass
class Timings:
    preview: list[float] = field(default_factory=list)
    confirm: list[float] = field(default_factory=list)

    @property
    def totals(self) -> list[float]:
        return [p + c for p, c in zip(self.preview, self.confirm, strict=True)]


def run_once(run: int, organisations: bytes, teachers: bytes, expected: int, timings: Timings) -> None:
    from django.db import connection
    from django_tenants.utils import tenant_context

    from audit.models import AuditEntry
    from tenants.imports.engine import import_plan
    from tenants.municipalities.services import municipality_provision
    from tenants.organisations.services import organisations_import
    from tenants.people.imports import TeacherImportSpec
    from tenants.people.models import Teacher
    from tenants.people.services import teachers_import

    connection.set_schema_to_public()
    municipality = municipality_provision(
        name=f"Бенчмарк импорта педагогов, прогон {run}",
        short_name=f"Импорт {run}",
        slug=f"bench-import-{run}",
        contact_email=f"import{run}@bench.example",
        use_pool=False,
    ).municipality
    with tenant_context(municipality):
        organisations_import(data=organisations, filename="organisations.xlsx", acting_user=None)

        started = time.perf_counter()
        plan = import_plan(TeacherImportSpec(), teachers, filename="teachers.xlsx")
        preview = time.perf_counter() - started
        if not plan.is_valid or plan.counts["create"] != expected:
            raise SystemExit(f"[bench] the preview found problems: {plan.file_errors or plan.errors[:5]}")

        started = time.perf_counter()
        result = teachers_import(data=teachers, filename="teachers.xlsx", acting_user=None)
        confirm = time.perf_counter() - started

        links = Teacher.subjects.through.objects.count()
        if result.created != expected or Teacher.objects.count() != expected or links < expected:
            raise SystemExit(f"[bench] run {run}: expected {expected} teachers, got {result}")
    connection.set_schema_to_public()
    if not AuditEntry.objects.filter(action="teacher.import", municipality=municipality).exists():
        raise SystemExit("[bench] the import wrote no audit row")
    timings.preview.append(preview)
    timings.confirm.append(confirm)
    say(f"run {run}: preview {preview:.2f} s, confirm {confirm:.2f} s ({expected} teachers, {links} subject links)")


def bench(args: argparse.Namespace) -> Timings:
    from django.core.management import call_command

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    organisations, names = organisations_file(args.organisations)
    started = time.perf_counter()
    teachers = teachers_file(args.teachers, names)
    say(f"generated {args.teachers} teachers across {len(names)} organisations: {len(teachers) // 1024} KiB XLSX "
        f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    timings = Timings()
    for run in range(1, args.runs + 1):
        run_once(run, organisations, teachers, args.teachers, timings)
    return timings


def report(timings: Timings, teachers: int) -> bool:
    print()
    harness.seconds_table(
        "step", (("preview", timings.preview), ("confirm", timings.confirm), ("total", timings.totals))
    )
    total = statistics.median(timings.totals)
    print()
    print(f"{teachers / total:.0f} teachers per second (median total)")
    passed = total < TARGET_SECONDS
    print(f"target: preview + confirm of {teachers} teachers, median < {TARGET_SECONDS:.0f} s: "
          f"{'PASS' if passed else 'FAIL'}")  # fmt: skip
    return passed


def main() -> int:
    args = parse_args()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, args.teachers) else 1


if __name__ == "__main__":
    sys.exit(main())
