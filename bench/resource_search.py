"""How fast the resource bank's Russian full-text search answers over 10,000 materials.

Runs against a database of its own (``metodika_bench_search`` next to the one in DATABASE_URL,
dropped and recreated at the start, dropped at the end unless ``--keep``) and a Redis database of
its own, so it never touches development or test data; it refuses to run if the settings point
anywhere else.

    make bench                      # or: .venv/bin/python bench/resource_search.py --runs 7 --keep

It provisions one municipality (not timed), fills its bank with ``--materials`` materials of
realistic Russian text — titles, descriptions and, for two in three, a "file text" of 1–4 KB as
the extraction would store it — in bulk, computes every search vector in one SQL UPDATE (the same
expression the services use), runs ANALYZE, then times ``resource_search`` — the selector behind
the staff search screen and the public bank page: the count, the ranked page of 20 and the
ts_headline highlighting of that page — for ~20 varied queries (one word, phrases, word forms,
``or``, exclusions, filters, public only, rare and very common words, a query matching nothing),
``--runs`` times each after one warm-up.

The target is on the median of all timings: under TARGET_MS. Exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from typing import Any

import harness
from harness import say, timed

TARGET_MS = 50.0
BATCH = 1000

SUBJECTS = (
    "Русский язык",
    "Литература",
    "Математика",
    "Физика",
    "Химия",
    "Биология",
    "История",
    "Обществознание",
    "География",
    "Английский язык",
    "Информатика",
    "Начальные классы",
)
TITLE_HEADS = (
    "Методические рекомендации по",
    "Рабочая программа по",
    "Сборник заданий по",
    "Технологическая карта урока по",
    "Положение о",
    "Приказ об организации",
    "Памятка для педагогов по",
    "Аналитическая справка по итогам",
    "Конспект занятия по",
    "Программа курса повышения квалификации по",
    "Обзор новинок литературы по",
    "Сценарий мероприятия по",
)
TOPICS = (
    "формированию функциональной грамотности",
    "работе городских методических объединений",
    "подготовке к государственной итоговой аттестации",
    "наставничеству молодых педагогов",
    "проектной деятельности обучающихся",
    "работе с одарёнными детьми",
    "инклюзивному образованию детей с ОВЗ",
    "профориентации старшеклассников",
    "цифровой образовательной среде",
    "патриотическому воспитанию",
    "смысловому чтению",
    "формирующему оцениванию",
    "всероссийским проверочным работам",
    "финансовой грамотности",
    "исследовательской деятельности",
    "преемственности дошкольного и начального образования",
    "аттестации педагогических работников",
    "индивидуальным образовательным маршрутам",
)
SENTENCES = (
    "Материал подготовлен для учителей и руководителей методических объединений.",
    "Рассматриваются типичные затруднения обучающихся и способы их преодоления.",
    "Приводятся примеры заданий, критерии оценивания и образцы ответов.",
    "Особое внимание уделено организации самостоятельной работы на уроке.",
    "Описан опыт образовательных организаций муниципалитета за последние три года.",
    "Рекомендации согласованы с федеральной образовательной программой.",
    "Предложены формы работы с родителями и социальными партнёрами школы.",
    "Включены материалы заседаний методического совета и экспертного совета.",
    "Результаты мониторинга показывают рост доли обучающихся, выполнивших задания повышенного уровня.",
    "Для молодых специалистов предусмотрено сопровождение наставником в течение первого года работы.",
    "Педагоги используют цифровые лаборатории центров «Точка роста» и ресурсы Российской электронной школы.",
    "Занятия проводятся в форме практикумов, мастер-классов и деловых игр.",
    "Планируется обобщение опыта на региональной научно-практической конференции.",
    "Разработаны рабочие листы, карточки для групповой работы и интерактивные упражнения.",
    "Анализ результатов всероссийских проверочных работ выявил дефициты в решении практических задач.",
    "Программа предусматривает стажировку на базе инновационной площадки.",
    "Методическое объединение учителей обсудило результаты входной диагностики.",
    "Участники творческой группы разработали банк контекстных заданий.",
    "Отдельный раздел посвящён профилактике профессионального выгорания педагогов.",
    "Приложены протоколы заседаний, планы мероприятий и отчёты о выполнении.",
)
RARE = ("квантовой", "палеонтологии", "каллиграфии", "астрофизики", "мнемотехники")

QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("методическое объединение", {}),
    ("функциональная грамотность", {}),
    ("наставничество", {}),
    ("молодой педагог", {}),
    ('"проверочных работ"', {}),
    ("оценивание критерии", {}),
    ("ОВЗ инклюзивное", {}),
    ("профориентация or финансовая", {}),
    ("грамотность -финансовая", {}),
    ("урок", {}),
    ("задания", {"public_only": True}),
    ("программа", {"kind": "methodological"}),
    ("смысловое чтение", {"subject": "Русский язык"}),
    ("исследовательская деятельность", {"public_only": True}),
    ("аттестация педагогических работников", {}),
    ("точка роста цифровые лаборатории", {}),
    ("палеонтологии", {}),
    ("мнемотехника каллиграфия", {}),
    ("научно-практическая конференция", {}),
    ("несуществующеесловоабв", {}),
)


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_search", redis_db=12)
    parser.add_argument("--materials", type=int, default=10_000, help="materials to create (default 10,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    args = parser.parse_args()
    if args.runs < 1 or args.materials < 100:
        parser.error("--runs must be at least 1 and --materials at least 100")
    return args


def material_text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def bank_fill(count: int) -> None:
    """``count`` materials in bulk, then every search vector in one SQL UPDATE, then ANALYZE."""
    import datetime

    from django.db import connection

    from tenants.people.models import Subject
    from tenants.resources.models import Resource, ResourceKind
    from tenants.resources.services import resource_search_vectors_update

    rng = random.Random(20251122)  # the same bank on every run
    subjects = [Subject.objects.get_or_create(name=name)[0] for name in SUBJECTS]
    kinds = ResourceKind.values
    start = datetime.date(2019, 9, 1)
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(offset, min(offset + BATCH, count)):
            topic = rng.choice(TOPICS)
            has_file = rng.random() < 0.66
            body = material_text(rng, rng.randint(10, 40)) if has_file else ""
            if has_file and rng.random() < 0.02:
                body += f" Раздел о {rng.choice(RARE)} и смежных вопросах."
            rows.append(
                Resource(
                    title=f"{rng.choice(TITLE_HEADS)} {topic}",
                    kind=rng.choice(kinds),
                    description=material_text(rng, rng.randint(1, 3)),
                    subject=rng.choice(subjects) if rng.random() < 0.8 else None,
                    link="" if has_file else f"https://example.org/materials/{n}",
                    file=f"resources/bench/{n}.pdf" if has_file else "",
                    file_kind="pdf" if has_file else "",
                    author=rng.choice(("ЛОИРО", "Методическая служба", "ГМО учителей", "Минпросвещения России")),
                    published_on=start + datetime.timedelta(days=rng.randint(0, 6 * 365)),
                    is_public=rng.random() < 0.6,
                    extracted_text=body,
                )
            )
        Resource.objects.bulk_create(rows)
    resource_search_vectors_update(Resource.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resources_resource")


def bench(args: argparse.Namespace) -> tuple[list[float], list[tuple[str, int, float, float]]]:
    import io

    from django.core.management import call_command
    from django_tenants.utils import tenant_context

    from tenants.municipalities.services import municipality_provision
    from tenants.people.models import Subject
    from tenants.resources.models import Resource
    from tenants.resources.selectors import resource_search

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    with timed("provisioning one municipality"):
        municipality = municipality_provision(
            name="Бенчмарк поиска",
            short_name="Бенч поиск",
            slug="bench-search",
            contact_email="s@bench.example",
            use_pool=False,
        ).municipality
    timings: list[float] = []
    rows: list[tuple[str, int, float, float]] = []
    with tenant_context(municipality):
        with timed(f"{args.materials} materials with search vectors"):
            bank_fill(args.materials)
        say(f"materials in the bank: {Resource.objects.count()}")
        subjects = dict(Subject.objects.values_list("name", "pk"))
        for query, options in QUERIES:
            options = dict(options)
            if "subject" in options:
                options["subject_id"] = subjects[options.pop("subject")]
            resource_search(query=query, **options)  # warm-up, not counted
            seconds = []
            for _ in range(args.runs):
                started = time.perf_counter()
                results = resource_search(query=query, **options)
                len(results.hits)
                seconds.append((time.perf_counter() - started) * 1000)
            timings.extend(seconds)
            label = query + (f"  {options}" if options else "")
            rows.append((label, results.total, statistics.median(seconds), max(seconds)))
    return timings, rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(timings: list[float], rows: list[tuple[str, int, float, float]]) -> bool:
    print()
    print(f"{'query':<62}{'found':>7}{'median ms':>11}{'max ms':>9}")
    for label, found, median, worst in rows:
        print(f"{label[:61]:<62}{found:>7}{median:>11.1f}{worst:>9.1f}")
    median, p95 = statistics.median(timings), percentile(timings, 0.95)
    print()
    print(f"all {len(timings)} timings: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms")
    passed = median < TARGET_MS
    print(f"target: median < {TARGET_MS:.0f} ms: {'PASS' if passed else 'FAIL'}")
    return passed


def main() -> int:
    args = parse_args()
    timings, rows = harness.run(args, lambda: bench(args))
    return 0 if report(timings, rows) else 1


if __name__ == "__main__":
    sys.exit(main())
