"""Demo teachers and the service's methodologists of a municipality.

``demo_seed(municipality)`` runs inside the municipality's schema after the organisations' demo
(``tenants.organisations.demo``) and is idempotent: the same names are drawn every time (the
generator is seeded with the municipality's slug) and a teacher already in an organisation is
left alone. The demo accounts ``head@<slug>.example``, ``metodist@<slug>.example`` (and the
shared regional methodologist) become the service's methodologists when they hold that role
here; ``teacher@<slug>.example`` is linked to a teacher record with the account's name.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import User
from tenants.municipalities.models import Municipality
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Methodologist, QualificationCategory, ResponsibilityArea, StaffKind, Subject, Teacher
from tenants.people.selectors import service_staff_accounts
from tenants.people.services import methodologist_create, subject_create, teacher_create

SUBJECTS = {
    # subject: the teacher's position
    "Русский язык": "учитель русского языка и литературы",
    "Литература": "учитель русского языка и литературы",
    "Математика": "учитель математики",
    "Информатика": "учитель информатики",
    "Физика": "учитель физики",
    "Химия": "учитель химии",
    "Биология": "учитель биологии",
    "География": "учитель географии",
    "История": "учитель истории и обществознания",
    "Обществознание": "учитель истории и обществознания",
    "Английский язык": "учитель английского языка",
    "Физическая культура": "учитель физической культуры",
    "Технология": "учитель технологии",
    "Музыка": "учитель музыки",
    "Начальные классы": "учитель начальных классов",
    "Дошкольное образование": "воспитатель",
    "Дополнительное образование": "педагог дополнительного образования",
}
# Subjects taught together by one teacher.
SCHOOL_TEACHING = (
    ("Русский язык", "Литература"),
    ("Математика",),
    ("Математика", "Информатика"),
    ("Физика",),
    ("Химия", "Биология"),
    ("География",),
    ("История", "Обществознание"),
    ("Английский язык",),
    ("Физическая культура",),
    ("Технология",),
    ("Музыка",),
    ("Начальные классы",),
    ("Начальные классы",),
)
FEMALE = (
    (
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
        "Орлова",
        "Андреева",
        "Макарова",
        "Никитина",
        "Захарова",
        "Зайцева",
        "Соловьёва",
        "Борисова",
        "Яковлева",
        "Григорьева",
        "Романова",
        "Воробьёва",
        "Сергеева",
        "Кузьмина",
        "Фролова",
    ),
    (
        "Анна",
        "Мария",
        "Елена",
        "Ольга",
        "Наталья",
        "Татьяна",
        "Ирина",
        "Светлана",
        "Екатерина",
        "Юлия",
        "Марина",
        "Галина",
        "Людмила",
        "Надежда",
        "Валентина",
        "Оксана",
        "Дарья",
        "Полина",
        "Виктория",
        "Ксения",
    ),
    (
        "Александровна",
        "Сергеевна",
        "Владимировна",
        "Николаевна",
        "Андреевна",
        "Викторовна",
        "Петровна",
        "Юрьевна",
        "Михайловна",
        "Игоревна",
        "Алексеевна",
        "Дмитриевна",
        "Ивановна",
        "Олеговна",
        "Анатольевна",
    ),
)
MALE = (
    ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Михайлов", "Новиков", "Морозов", "Волков",
     "Лебедев", "Егоров", "Павлов", "Козлов", "Степанов", "Орлов", "Макаров", "Никитин", "Захаров", "Белов"),
    ("Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Иван", "Михаил", "Игорь", "Павел"),
    ("Александрович", "Сергеевич", "Владимирович", "Николаевич", "Андреевич", "Викторович", "Петрович",
     "Юрьевич", "Михайлович", "Игоревич"),
)  # fmt: skip
CATEGORIES = (
    QualificationCategory.HIGHEST,
    QualificationCategory.HIGHEST,
    QualificationCategory.FIRST,
    QualificationCategory.FIRST,
    QualificationCategory.FIRST,
    QualificationCategory.CONFORMITY,
    QualificationCategory.NONE,
)
# Demo accounts that become the service's methodologists: (e-mail, is head, areas) — 001 §3.7.
SERVICE_ACCOUNTS = (
    ("head@{slug}.example", True, ("Повышение квалификации педагогических и руководящих кадров",)),
    ("metodist@{slug}.example", False, ("Школа молодого педагога", "Работа с одарёнными детьми", "Начальная школа")),
    (
        "metodist.region@lenobl.example",
        False,
        ("Инновационная деятельность", "Информационно-техническое сопровождение"),
    ),
)


def _person(rng: random.Random) -> tuple[str, str, str]:
    last, first, middle = FEMALE if rng.random() < 0.82 else MALE
    return rng.choice(last), rng.choice(first), rng.choice(middle)


def _teaching_since(rng: random.Random, today: datetime.date, *, young: bool) -> datetime.date:
    years = rng.randint(0, 2) if young else rng.randint(4, 35)
    start = datetime.date(today.year - years, 9, 1)
    return start if start <= today else start.replace(year=start.year - 1)


def _staff_of(organisation: Organisation, rng: random.Random) -> list[tuple[str, str, tuple[str, ...]]]:
    """(staff kind, position, subjects) of the demo teachers of one organisation."""
    if organisation.kind == OrganisationKind.SCHOOL:
        taught = [rng.choice(SCHOOL_TEACHING) for _slot in range(4)]
        return [
            (StaffKind.MANAGEMENT, "заместитель директора по учебно-воспитательной работе", ()),
            *((StaffKind.TEACHING, SUBJECTS[names[0]], names) for names in taught),
        ]
    subject = (
        "Дошкольное образование" if organisation.kind == OrganisationKind.KINDERGARTEN else "Дополнительное образование"
    )
    return [(StaffKind.TEACHING, SUBJECTS[subject], (subject,))] * 2


def demo_seed(municipality: Municipality) -> None:
    """Add the demo subjects, teachers (40–80) and the service's methodologists that are missing."""
    today = timezone.localdate()
    subjects = {s.name: s for s in Subject.objects.filter(name__in=SUBJECTS)}
    for name in SUBJECTS:
        if name not in subjects:
            subjects[name] = subject_create(name=name, acting_user=None)

    for organisation in Organisation.objects.order_by("pk"):
        # Seeded per organisation: the same people are drawn for it on every run.
        rng = random.Random(f"metodika-demo-{municipality.slug}-{organisation.inn}")  # noqa: S311 (demo names)
        for staff_kind, position, names in _staff_of(organisation, rng):
            last_name, first_name, middle_name = _person(rng)
            young = staff_kind == StaffKind.TEACHING and rng.random() < 0.18
            since = _teaching_since(rng, today, young=young)
            category = QualificationCategory.NONE if young else rng.choice(CATEGORIES)
            if Teacher.objects.filter(
                organisation=organisation, last_name=last_name, first_name=first_name, middle_name=middle_name
            ).exists():
                continue
            teacher_create(
                acting_user=None,
                last_name=last_name,
                first_name=first_name,
                middle_name=middle_name,
                organisation=organisation,
                position=position,
                staff_kind=staff_kind,
                qualification_category=category,
                teaching_since=since,
                subjects=[subjects[n] for n in names],
            )
    _demo_teacher_account_link(municipality, subjects)
    _methodologists_seed(municipality)


def _demo_teacher_account_link(municipality: Municipality, subjects: dict[str, Subject]) -> None:
    user = User.objects.filter(email=f"teacher@{municipality.slug}.example").first()
    organisation = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("pk").first()
    if user is None or organisation is None or Teacher.objects.filter(user=user).exists():
        return
    teacher_create(
        acting_user=None,
        last_name=user.last_name,
        first_name=user.first_name,
        middle_name=user.middle_name,
        organisation=organisation,
        position=SUBJECTS["Начальные классы"],
        qualification_category=QualificationCategory.NONE,
        teaching_since=_teaching_since(random.Random(user.email), timezone.localdate(), young=True),  # noqa: S311
        email=user.email,
        user=user,
        subjects=[subjects["Начальные классы"]],
    )


def _methodologists_seed(municipality: Municipality) -> None:
    staff = service_staff_accounts()
    areas = {a.name: a for a in ResponsibilityArea.objects.all()}
    for email_pattern, is_head, area_names in SERVICE_ACCOUNTS:
        user = staff.filter(email=email_pattern.format(slug=municipality.slug)).first()
        if user is None or Methodologist.objects.filter(user=user).exists():
            continue
        if is_head and Methodologist.objects.filter(is_head=True).exists():
            is_head = False
        methodologist_create(
            user=user,
            acting_user=None,
            position="руководитель методической службы" if is_head else "методист",
            is_head=is_head,
            areas=[areas[n] for n in area_names if n in areas],
        )
