"""Demo practices for one municipality (inside its schema): six practices in every status.

Authors and organisations are the municipality's own, made by the organisations and people demos
that run before this one; if the schema has none yet, one school with three teachers is added so
that the practices have somewhere to come from. Idempotent: a practice whose title exists is
left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tenants.municipalities.models import Municipality
from tenants.organisations.inn import WEIGHTS_10
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Teacher
from tenants.practices.models import Practice, PracticeLevel, PracticeStatus
from tenants.practices.services import MaterialData, practice_create, practice_status_change, practice_update
from tenants.sample_documents import docx_bytes, pdf_bytes

S = PracticeStatus


@dataclass(frozen=True)
class DemoPractice:
    title: str
    level: str
    description: str
    path: tuple[tuple[str, str], ...]  # (status, comment) decisions, in order
    public: bool = False
    material: tuple[str, str, tuple[str, ...]] | None = None  # (title, "pdf"/"docx", paragraphs)
    link: tuple[str, str] | None = None


PRACTICES: tuple[DemoPractice, ...] = (
    DemoPractice(
        "Смысловое чтение на уроках истории: работа с историческим источником",
        PracticeLevel.MUNICIPAL,
        "Система приёмов работы с текстом исторического документа в 5–9 классах: «инсерт», вопросы "
        "к источнику, сравнительная таблица. За два года доля учащихся, справившихся с заданиями ВПР на "
        "работу с источником, выросла с 48 до 71 %.",
        (
            (S.REVIEWED, "Заседание экспертного совета, протокол № 2."),
            (S.RECOMMENDED, "Рекомендовать к распространению на заседании ГМО учителей истории."),
        ),
        public=True,
        material=(
            "Технологическая карта урока",
            "docx",
            (
                "Урок истории в 6 классе «Русь при Ярославе Мудром».",
                "Работа с источником: фрагмент «Русской правды», вопросы к тексту, вывод.",
            ),
        ),
    ),
    DemoPractice(
        "Клуб молодых педагогов «Первые шаги»",
        PracticeLevel.MUNICIPAL,
        "Ежемесячные встречи молодых учителей с наставниками: разбор трудных ситуаций, взаимопосещение "
        "уроков, подготовка к конкурсу «Педагогический дебют».",
        ((S.REVIEWED, ""), (S.RECOMMENDED, "Опыт представить на региональном семинаре ЛОИРО.")),
        public=True,
        link=("Видеозапись заседания клуба", "https://rutube.ru/"),
    ),
    DemoPractice(
        "Финансовая грамотность в начальной школе через игру",
        PracticeLevel.SCHOOL,
        "Серия игровых занятий «Моя первая копилка» для 3–4 классов: планирование покупок, "
        "семейный бюджет, честная торговля.",
        ((S.REVIEWED, "Практика рассмотрена, требуется описание результатов."),),
        material=(
            "Сценарии занятий",
            "pdf",
            ("Занятие 1. Откуда берутся деньги.", "Занятие 2. Планируем покупки в магазине."),
        ),
    ),
    DemoPractice(
        "Цифровая лаборатория на уроках физики",
        PracticeLevel.SCHOOL,
        "Использование датчиков цифровой лаборатории центра «Точка роста» для исследовательских работ в 7–9 классах.",
        (),
    ),
    DemoPractice(
        "Сетевой проект «Читаем вместе» для дошкольников и первоклассников",
        PracticeLevel.REGIONAL,
        "Совместные литературные гостиные детского сада и школы, семейное чтение, преемственность "
        "дошкольного и начального общего образования.",
        ((S.REVIEWED, ""), (S.RECOMMENDED, "Рекомендовать для включения в региональный банк практик.")),
        public=False,
    ),
    DemoPractice(
        "Электронное портфолио ученика",
        PracticeLevel.SCHOOL,
        "Ведение портфолио учащихся 5–11 классов в облачном сервисе.",
        (
            (
                S.REJECTED,
                "Не описаны результаты и условия применения; сервис не соответствует "
                "требованиям к обработке персональных данных.",
            ),
        ),
    ),
)


def _inn(first_nine: str) -> str:
    digits = [int(c) for c in first_nine]
    return first_nine + str(sum(w * d for w, d in zip(WEIGHTS_10, digits, strict=True)) % 11 % 10)


def _authors_pool() -> list[tuple[Organisation, list[Teacher]]]:
    """Organisations with their teachers; a demo school with three teachers if there are none."""
    pool = []
    for organisation in Organisation.objects.filter(is_active=True).order_by("pk")[:10]:
        teachers = list(Teacher.objects.filter(organisation=organisation).order_by("pk")[:3])
        if teachers:
            pool.append((organisation, teachers))
    if pool:
        return pool
    school, _ = Organisation.objects.get_or_create(
        inn=_inn("470000001"),
        defaults={
            "kind": OrganisationKind.SCHOOL,
            "full_name": (
                "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»"
            ),
            "short_name": "МБОУ «СОШ № 1»",
        },
    )
    names = (
        ("Васильева", "Ольга", "Петровна", "учитель истории"),
        ("Кириллов", "Андрей", "Юрьевич", "учитель физики"),
        ("Зайцева", "Наталья", "Игоревна", "учитель начальных классов"),
    )
    teachers = [
        Teacher.objects.get_or_create(
            last_name=last, first_name=first, middle_name=middle, organisation=school, defaults={"position": position}
        )[0]
        for last, first, middle, position in names
    ]
    return [(school, teachers)]


@transaction.atomic
def demo_seed(municipality: Municipality) -> None:
    """Add the demo practices missing in ``municipality`` (the schema in use must be its own)."""
    existing = set(Practice.objects.values_list("title", flat=True))
    missing = [item for item in PRACTICES if item.title not in existing]
    if not missing:
        return
    pool = _authors_pool()
    for number, item in enumerate(missing):
        organisation, teachers = pool[number % len(pool)]
        materials = []
        if item.material:
            title, kind, paragraphs = item.material
            build = docx_bytes if kind == "docx" else pdf_bytes
            materials.append(
                MaterialData(title=title, file=SimpleUploadedFile(f"{title}.{kind}", build(title, list(paragraphs))))
            )
        if item.link:
            materials.append(MaterialData(title=item.link[0], link=item.link[1]))
        practice = practice_create(
            acting_user=None,
            title=item.title,
            organisation=organisation,
            level=item.level,
            description=item.description,
            authors=teachers[: 1 + number % len(teachers)],
            materials=materials,
        )
        for status, comment in item.path:
            practice_status_change(
                practice=practice, status=status, comment=comment, acting_user=None, skip_permission_checks=True
            )
        if item.public:
            practice_update(practice=practice, acting_user=None, data={"is_public": True})
