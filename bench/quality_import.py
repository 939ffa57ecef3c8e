"""How long it takes to import one assessment procedure's results for a large municipality (issue 14).

Runs against a database of its own (``metodika_bench_quality_import``, dropped and recreated at
the start, dropped at the end unless ``--keep``) and Redis database 15; it refuses to run if the
settings point anywhere else.

    make bench                      # or: .venv/bin/python bench/quality_import.py --runs 3 --keep

Each run provisions a fresh municipality (not timed), adds 60 organisations through the
organisations import and a regional diagnostic work (РДР) for grades 4–11 in 10 subjects (not
timed), then times what a methodologist waits for with one XLSX of 60 organisations × 8 grades ×
10 subjects × 3 classes = 14,400 rows of counts (generated in memory, as ФИС ОКО / the РЦОИ send):

* preview — reading the file and planning every row against the database (the preview page);
* confirm — the confirmation (``import_apply``): the file planned again inside the transaction,
  the results written with COPY, one Wagtail history entry per result (in bulk), the flags of
  the year and the next recounted, the programmes' effects, the region's roll-ups and one audit
  row, committed.

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
GRADES = tuple(range(4, 12))
LETTERS = ("А", "Б", "В")
SUBJECTS = (
    "russian",
    "math",
    "literature",
    "history",
    "social",
    "geography",
    "biology",
    "physics",
    "chemistry",
    "english",
)
HEADER = ("ИНН", "Организация", "Класс", "Буква класса", "Предмет", "Участников", "«2»", "«3»", "«4»", "«5»")


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_quality_import", redis_db=15)
    parser.add_argument("--runs", type=int, default=3, help="imports, each into a fresh municipality (default 3)")
    parser.add_argument("--organisations", type=int, default=60, help="organisations in the file (default 60)")
    args = parser.parse_args()
    if args.runs < 1 or args.organisations < 1:
        parser.error("--runs and --organisations must be at least 1")
    return args


def xlsx(rows: list[tuple[object, ...]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист1")
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def organisations_file(count: int) -> tuple[bytes, list[tuple[str, str]]]:
    from tenants.organisations.inn import inn_complete

    found = [(inn_complete(f"4714{n + 1:05d}"), f"МБОУ «СОШ № {n + 1}»") for n in range(count)]
    rows: list[tuple[object, ...]] = [("ИНН", "Краткое наименование", "Полное наименование", "Тип")]
    for n, (inn, name) in enumerate(found):
        full = f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n + 1}»"
        rows.append((inn, name, full, "Общеобразовательная организация"))
    return xlsx(rows), found


def results_file(organisations: list[tuple[str, str]], subject_names: dict[str, str]) -> bytes:
    """A row per organisation, grade, class and subject: 18–30 participants and their marks."""
    rng = random.Random(14)  # the same file every time
    rows: list[tuple[object, ...]] = [HEADER]
    for inn, name in organisations:
        for grade in GRADES:
            for letter in LETTERS:
                for code in SUBJECTS:
                    participants = rng.randint(18, 30)
                    m2 = rng.randint(0, participants // 5)
                    m5 = rng.randint(0, (participants - m2) // 3)
                    m4 = rng.randint(0, participants - m2 - m5)
                    m3 = participants - m2 - m4 - m5
                    rows.append((inn, name, grade, letter, subject_names[code], participants, m2, m3, m4, m5))
    return xlsx(rows)


@dataclass
class Timings:
    preview: list[float] = field(default_factory=list)
    confirm: list[float] = field(default_factory=list)

    @property
    def totals(self) -> list[float]:
        return [p + c for p, c in zip(self.preview, self.confirm, strict=True)]


def procedure_make(year: int):  # type: ignore[no-untyped-def]
    from assessment.models import AssessmentSubject, ProcedureKind
    from tenants.quality.services.results import procedure_create

    return procedure_create(
        acting_user=None,
        kind=ProcedureKind.objects.get(code="regional"),
        academic_year=year,
        starts_on=datetime.date(year + 1, 3, 10),
        ends_on=datetime.date(year + 1, 3, 20),
        grades=GRADES,
        subjects=AssessmentSubject.objects.filter(code__in=SUBJECTS),
        title="РДР (бенчмарк)",
        skip_permission_checks=True,
    )


def run_once(run: int, organisations: bytes, results: bytes, expected: int, timings: Timings) -> None:
    from django.db import connection
    from django_tenants.utils import tenant_context

    from audit.models import AuditEntry
    from rollups.models import QualityRollup
    from tenants.academic_years import AcademicYear
    from tenants.imports.engine import import_apply, import_plan
    from tenants.municipalities.services import municipality_provision
    from tenants.organisations.services import organisations_import
    from tenants.quality.imports import ResultImportSpec
    from tenants.quality.models import AssessmentResult

    connection.set_schema_to_public()
    municipality = municipality_provision(
        name=f"Бенчмарк импорта результатов, прогон {run}",
        short_name=f"Результаты {run}",
        slug=f"bench-results-{run}",
        contact_email=f"results{run}@bench.example",
        use_pool=False,
    ).municipality
    year = AcademicYear.current().start
    with tenant_context(municipality):
        organisations_import(data=organisations, filename="organisations.xlsx", acting_user=None)
        procedure = procedure_make(year)

        started = time.perf_counter()
        plan = import_plan(ResultImportSpec(procedure=procedure), results, filename="results.xlsx")
        preview = time.perf_counter() - started
        if not plan.is_valid or plan.counts["create"] != expected:
            raise SystemExit(f"[bench] the preview found problems: {plan.file_errors or plan.errors[:5]}")

        started = time.perf_counter()
        result = import_apply(ResultImportSpec(procedure=procedure), results, filename="results.xlsx", acting_user=None)
        confirm = time.perf_counter() - started

        if result.created != expected or AssessmentResult.objects.filter(procedure=procedure).count() != expected:
            raise SystemExit(f"[bench] run {run}: expected {expected} results, got {result}")
    connection.set_schema_to_public()
    cells = QualityRollup.objects.filter(municipality=municipality, kind_code="regional")
    if cells.count() != len(GRADES) * len(SUBJECTS):
        raise SystemExit(f"[bench] run {run}: the roll-ups have {cells.count()} cells")
    if not AuditEntry.objects.filter(action="assessment_result.import", municipality=municipality).exists():
        raise SystemExit("[bench] the import wrote no audit row")
    timings.preview.append(preview)
    timings.confirm.append(confirm)
    say(f"run {run}: preview {preview:.2f} s, confirm {confirm:.2f} s ({expected} results)")


def bench(args: argparse.Namespace) -> Timings:
    from django.core.management import call_command

    from assessment.models import AssessmentSubject

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    organisations, found = organisations_file(args.organisations)
    names = dict(AssessmentSubject.objects.filter(code__in=SUBJECTS).values_list("code", "name"))
    started = time.perf_counter()
    results = results_file(found, names)
    expected = len(found) * len(GRADES) * len(LETTERS) * len(SUBJECTS)
    say(f"generated {expected} result rows: {len(results) // 1024} KiB XLSX in {time.perf_counter() - started:.1f} s")
    timings = Timings()
    for run in range(1, args.runs + 1):
        run_once(run, organisations, results, expected, timings)
    return timings


def report(timings: Timings, rows: int) -> bool:
    print()
    harness.seconds_table(
        "step", (("preview", timings.preview), ("confirm", timings.confirm), ("total", timings.totals))
    )
    total = statistics.median(timings.totals)
    print()
    print(f"{rows / total:.0f} result rows per second (median total)")
    passed = total < TARGET_SECONDS
    print(f"target: preview + confirm of {rows} rows, median < {TARGET_SECONDS:.0f} s: {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    timings = harness.run(args, lambda: bench(args))
    return 0 if report(timings, args.organisations * len(GRADES) * len(LETTERS) * len(SUBJECTS)) else 1


if __name__ == "__main__":
    sys.exit(main())
