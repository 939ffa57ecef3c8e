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
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/metodika"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
TARGET_SECONDS = 10.0

LAST = (
    "Иванова",
    "Петрова",
    "Смирнова",
    "Кузнецова",
    "Попова",
    "Васильева",
    "Соколова",
    "Михайлова",
    "Новикова",
    "Фёдорова",
    "Морозова",
    "Волкова",
    "Алексеева",
    "Лебедева",
    "Семёнова",
    "Егорова",
    "Павлова",
    "Козлова",
    "Степанова",
    "Николаева",
)
FIRST = ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Екатерина", "Юлия")
MIDDLE = ("Александровна", "Сергеевна", "Владимировна", "Николаевна", "Андреевна", "Викторовна")
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


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="imports, each into a fresh municipality (default 3)")
    parser.add_argument("--teachers", type=int, default=5000, help="rows in the file (default 5000)")
    parser.add_argument("--organisations", type=int, default=50, help="organisations they work at (default 50)")
    parser.add_argument("--database", default="metodika_bench_import", help="bench database (dropped and recreated)")
    parser.add_argument("--redis-db", type=int, default=15, help="Redis database number for cache and broker")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()
    if args.runs < 1 or args.teachers < 1 or args.organisations < 1:
        parser.error("--runs, --teachers and --organisations must be at least 1")
    if args.teachers > args.organisations * len(LAST) * len(FIRST) * len(MIDDLE):
        parser.error("too many teachers for the generated names: add organisations")
    return args


def url_with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{path}"))


# --- the bench database, handled with psycopg before Django starts ----------------------------


def database_recreate(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_start(*, database_url: str, redis_url: str) -> None:
    """Point the settings at the bench database and Redis, then set Django up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "metodika.settings.dev"
    for path in (str(ROOT / "platform"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)

    import django

    django.setup()
    from django.conf import settings

    # Production runs with DEBUG off; the debug cursor's query log would be part of every timing.
    settings.DEBUG = False
    targets = [
        (settings.DATABASES["default"]["NAME"], urlsplit(database_url).path.lstrip("/")),
        (settings.CELERY_BROKER_URL, redis_url),
        *((cache["LOCATION"], redis_url) for cache in settings.CACHES.values()),
    ]
    for actual, wanted in targets:
        if actual != wanted:
            raise SystemExit(f"[bench] refusing to run: settings point at {actual!r}, not {wanted!r}")


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
    rng = random.Random(42)  # the same file every time
    today = datetime.date.today()
    rows: list[tuple[object, ...]] = [HEADER]
    for i in range(count):
        organisation = organisations[i % len(organisations)]
        j = i // len(organisations)  # the teacher's number within the organisation: a distinct name
        last, first = LAST[j % len(LAST)], FIRST[j // len(LAST) % len(FIRST)]
        middle = MIDDLE[j // (len(LAST) * len(FIRST)) % len(MIDDLE)]
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

    started = time.perf_counter()
    call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    say(f"region_migrate (public, template): {time.perf_counter() - started:.1f} s")
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
    print(f"{'step':<22}{'runs':>5}{'median s':>11}{'min s':>10}{'max s':>10}")
    for label, values in (("preview", timings.preview), ("confirm", timings.confirm), ("total", timings.totals)):
        print(f"{label:<22}{len(values):>5}{statistics.median(values):>11.3f}{min(values):>10.3f}{max(values):>10.3f}")
    total = statistics.median(timings.totals)
    print()
    print(f"{teachers / total:.0f} teachers per second (median total)")
    passed = total < TARGET_SECONDS
    print(f"target: preview + confirm of {teachers} teachers, median < {TARGET_SECONDS:.0f} s: "
          f"{'PASS' if passed else 'FAIL'}")  # fmt: skip
    return passed


def main() -> int:
    args = parse_args()
    base_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if urlsplit(base_url).path.lstrip("/") == args.database:
        raise SystemExit(f"[bench] DATABASE_URL already names {args.database!r}; refusing to drop it")
    admin_url = url_with_path(base_url, "postgres")
    database_url = url_with_path(base_url, args.database)
    redis_url = url_with_path(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL), str(args.redis_db))

    say(f"recreating database {args.database}; Redis database {args.redis_db}")
    database_recreate(admin_url, args.database)
    try:
        django_start(database_url=database_url, redis_url=redis_url)
        timings = bench(args)
        from metodika.celery import app

        app.control.purge()  # the provisionings' pool refills, sent to a Redis nobody reads
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            say(f"kept database {args.database}")
        else:
            database_drop(admin_url, args.database)
    return 0 if report(timings, args.teachers) else 1


if __name__ == "__main__":
    sys.exit(main())
