"""The demo region: three Leningrad oblast municipalities with people in every role and pages.

Idempotent: running it again provisions nothing twice. The demo password is given to accounts it
creates, never to one that exists: run by mistake against a real region, it must not hand out
the keys to real people's accounts (issue 13). ``manage.py demo_region`` also refuses to run with
DEBUG off unless forced.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant, user_get_or_create
from tenants.bodies.demo import DEMO_LEADER_LOCAL
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_activate_public
from tenants.municipalities.selectors import municipality_base_url, region_base_url
from tenants.municipalities.services import municipality_provision
from tenants.organisations.demo import DEMO_COORDINATOR_LOCAL

DEMO_PASSWORD = "metodika-demo"  # noqa: S105 (demo data only)
DEMO_SLUGS = ("sosnovy-bor", "vsevolozhsk", "luga")
OKTMO = {"sosnovy-bor": "41754000", "vsevolozhsk": "41612000", "luga": "41633000"}
MUNICIPALITIES_CSV = settings.BASE_DIR.parent / "shared" / "data" / "leningrad-oblast-municipalities.csv"
# Used when the shared data folder is not beside the checkout.
FALLBACK_NAMES = {
    "sosnovy-bor": ("Сосновоборский городской округ", "Сосновый Бор"),
    "vsevolozhsk": ("Всеволожский муниципальный район", "Всеволожский район"),
    "luga": ("Лужский муниципальный район", "Лужский район"),
}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    last_name: str
    first_name: str
    middle_name: str
    roles: tuple[tuple[str, str | None], ...]  # (role, municipality slug or None for the region)


REGION_PEOPLE = (
    DemoPerson("operator@lenobl.example", "Смирнов", "Алексей", "Игоревич", ((Role.OPERATOR, None),)),
    DemoPerson("loiro@lenobl.example", "Кузнецова", "Елена", "Викторовна", ((Role.INSTITUTE, None),)),
    DemoPerson("komitet@lenobl.example", "Волков", "Дмитрий", "Сергеевич", ((Role.COMMITTEE, None),)),
)

PEOPLE_BY_MUNICIPALITY = {
    "sosnovy-bor": (
        ("head", "Петрова", "Ирина", "Николаевна", Role.HEAD),
        ("metodist", "Соколова", "Марина", "Андреевна", Role.METHODOLOGIST),
        ("chair", "Морозов", "Сергей", "Петрович", Role.CHAIR),
        ("teacher", "Лебедева", "Анна", "Олеговна", Role.TEACHER),
    ),
    "vsevolozhsk": (
        ("head", "Никитина", "Ольга", "Владимировна", Role.HEAD),
        ("metodist", "Фёдоров", "Павел", "Алексеевич", Role.METHODOLOGIST),
        ("chair", "Орлова", "Татьяна", "Ивановна", Role.CHAIR),
        ("teacher", "Зайцев", "Кирилл", "Романович", Role.TEACHER),
    ),
    "luga": (
        ("head", "Васильева", "Наталья", "Юрьевна", Role.HEAD),
        ("metodist", "Попов", "Андрей", "Михайлович", Role.METHODOLOGIST),
        ("chair", "Козлова", "Светлана", "Геннадьевна", Role.CHAIR),
        ("teacher", "Новиков", "Артём", "Денисович", Role.TEACHER),
    ),
}

# People of the bound roles (issue 15 §1): made here with the demo password, given their role with
# its object by the apps' seeders (the association by ``bodies.demo``, the school by
# ``organisations.demo``).
BOUND_PEOPLE_BY_MUNICIPALITY = {
    "sosnovy-bor": (
        (DEMO_LEADER_LOCAL, "Белова", "Галина", "Петровна", Role.ASSOCIATION_LEADER),
        (DEMO_COORDINATOR_LOCAL, "Тихонова", "Елена", "Борисовна", Role.SCHOOL_COORDINATOR),
    ),
    "vsevolozhsk": (
        (DEMO_LEADER_LOCAL, "Макарова", "Людмила", "Ивановна", Role.ASSOCIATION_LEADER),
        (DEMO_COORDINATOR_LOCAL, "Степанов", "Игорь", "Валерьевич", Role.SCHOOL_COORDINATOR),
    ),
    "luga": (
        (DEMO_LEADER_LOCAL, "Гусева", "Ольга", "Анатольевна", Role.ASSOCIATION_LEADER),
        (DEMO_COORDINATOR_LOCAL, "Ершов", "Максим", "Олегович", Role.SCHOOL_COORDINATOR),
    ),
}

# One methodologist who also works for a second municipality: a person with roles in two places.
SHARED_METHODOLOGIST = DemoPerson(
    "metodist.region@lenobl.example",
    "Григорьева",
    "Юлия",
    "Сергеевна",
    ((Role.METHODOLOGIST, "sosnovy-bor"), (Role.METHODOLOGIST, "luga")),
)

ABOUT_TEXT = (
    "<p>Муниципальная методическая служба — составная часть региональной системы научно-методического "
    "сопровождения педагогических работников и управленческих кадров Ленинградской области.</p>"
    "<p>Целевые направления: инновационное развитие системы образования; профессионально-личностное развитие "
    "педагогических кадров; сопровождение информационно-методических и организационно-методических процессов; "
    "аналитико-диагностическая деятельность.</p>"
)
NEWS = (
    (
        "plan-na-uchebnyj-god",
        "Утверждён план работы методической службы на 2025/2026 учебный год",
        "<p>План работы согласован с единым календарём значимых образовательных событий региона "
        "и утверждён председателем комитета образования.</p>",
    ),
    (
        "seminar-molodyh-pedagogov",
        "Семинар Школы молодого педагога",
        "<p>Приглашаем педагогов со стажем до трёх лет на семинар «Современный урок: от цели к результату».</p>",
    ),
)


# Each content app seeds its own demo data for one municipality, inside that municipality's schema,
# in this order (later apps use what earlier ones made). Each ``demo_seed`` is idempotent.
DEMO_SEEDERS: tuple[str, ...] = (
    "tenants.organisations.demo",
    "tenants.people.demo",
    "tenants.bodies.demo",
    "tenants.registry.demo",
    "tenants.resources.demo",
    "tenants.practices.demo",
    "tenants.plans.demo",
    "tenants.events.demo",
    "tenants.development.demo",
    "tenants.mentoring.demo",
    "tenants.consultations.demo",
    "tenants.quality.demo",
    "tenants.leadership.demo",
    "tenants.olympiads.demo",
    "tenants.contests.demo",
    "tenants.partners.demo",
    "tenants.innovation.demo",
    "tenants.courses.demo",
    "tenants.needs.demo",
    "tenants.internships.demo",
    "tenants.practices.regional_demo",
    "cms.home.demo",
)


# Region-level demo data in the public schema. The unified calendar goes before the
# municipalities' content (their events propose one of theirs to it); the agreements and the
# institute's comments and snapshots after it (they read the municipalities' plans and roll-ups).
REGION_DEMO_SEEDERS_BEFORE: tuple[str, ...] = ("unified_calendar.demo",)
REGION_DEMO_SEEDERS_AFTER: tuple[str, ...] = ("agreements.demo", "institute.demo", "region.demo", "regional_banks.demo")


def _region_seed(modules: tuple[str, ...]) -> None:
    from importlib import import_module

    for module in modules:
        schema_activate_public()
        import_module(module).demo_seed_region()
    schema_activate_public()


def _content_seed(municipality: Municipality) -> None:
    from importlib import import_module

    from django_tenants.utils import tenant_context

    for module in DEMO_SEEDERS:
        with tenant_context(municipality):
            import_module(module).demo_seed(municipality)


def _names() -> dict[str, tuple[str, str]]:
    path = Path(MUNICIPALITIES_CSV)
    if not path.exists():
        return FALLBACK_NAMES
    with path.open(encoding="utf-8") as handle:
        return {row["slug"]: (row["name"], row["short_name"]) for row in csv.DictReader(handle)}


def _person(person: DemoPerson) -> User:
    user, _created = user_get_or_create(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        middle_name=person.middle_name,
        password=DEMO_PASSWORD,  # only on a new account
    )
    return user


def _demo_pages(municipality: Municipality) -> None:
    from wagtail.models import Site

    from cms.home.models import StandardPage

    with tenant_context(municipality):
        home = Site.objects.get(is_default_site=True).root_page
        about = StandardPage.objects.child_of(home).filter(slug="o-sluzhbe").first()
        if about is not None and not about.body:
            about.body = [("paragraph", ABOUT_TEXT)]
            about.save_revision().publish()
        news = StandardPage.objects.child_of(home).filter(slug="novosti").first()
        if news is not None:
            for slug, title, text in NEWS:
                if not StandardPage.objects.child_of(news).filter(slug=slug).exists():
                    page = news.add_child(instance=StandardPage(title=title, slug=slug, body=[("paragraph", text)]))
                    page.save_revision().publish()
        contacts = StandardPage.objects.child_of(home).filter(slug="kontakty").first()
        if contacts is not None and not contacts.body:
            contacts.body = [("paragraph", f"<p>{municipality.name}</p><p>E-mail: {municipality.contact_email}</p>")]
            contacts.save_revision().publish()


@transaction.atomic
def demo_region_build() -> list[tuple[str, str, str]]:
    """Provision the demo municipalities and people; returns (email, role, where) rows."""
    names = _names()
    logins: list[tuple[str, str, str]] = []
    municipalities: dict[str, Municipality] = {}
    for slug in DEMO_SLUGS:
        name, short_name = names[slug]
        result = municipality_provision(
            name=name,
            short_name=short_name,
            slug=slug,
            contact_email=f"mms@{slug}.example",
            oktmo=OKTMO[slug],
        )
        municipalities[slug] = result.municipality
    schema_activate_public()
    for person in REGION_PEOPLE:
        user = _person(person)
        for role, _where in person.roles:
            role_grant(user=user, role=role, municipality=None, acting_user=None)
            logins.append((user.email, str(Role(role).label), settings.REGION_NAME))
    for slug, people in PEOPLE_BY_MUNICIPALITY.items():
        for local, last, first, middle, role in people:
            user = _person(DemoPerson(f"{local}@{slug}.example", last, first, middle, ()))
            role_grant(user=user, role=role, municipality=municipalities[slug], acting_user=None)
            logins.append((user.email, str(Role(role).label), municipalities[slug].short_name))
    shared = _person(SHARED_METHODOLOGIST)
    for role, where in SHARED_METHODOLOGIST.roles:
        assert where is not None
        role_grant(user=shared, role=role, municipality=municipalities[where], acting_user=None)
    logins.append((shared.email, str(Role.METHODOLOGIST.label), "Сосновый Бор, Лужский район"))
    for slug, bound in BOUND_PEOPLE_BY_MUNICIPALITY.items():
        for local, last, first, middle, role in bound:
            user = _person(DemoPerson(f"{local}@{slug}.example", last, first, middle, ()))
            logins.append((user.email, str(Role(role).label), municipalities[slug].short_name))
    _region_seed(REGION_DEMO_SEEDERS_BEFORE)
    for municipality in municipalities.values():
        _demo_pages(municipality)
        _content_seed(municipality)
    _region_seed(REGION_DEMO_SEEDERS_AFTER)
    return logins


def demo_region_summary() -> str:
    lines = [f"Регион: {region_base_url()}/  (оператор: {region_base_url()}/operator/)"]
    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS).order_by("name"):
        base = municipality_base_url(municipality)
        lines.append(f"{municipality.short_name}: сайт {base}/  кабинет {base}/admin/")
    lines.append("")
    lines.append(f"Пароль всех демо-пользователей: {DEMO_PASSWORD}")
    lines.append("Оператор перед первой работой в реестре подключает вход с кодом из приложения-аутентификатора.")
    for person in REGION_PEOPLE:
        lines.append(f"  {person.email:<34} {Role(person.roles[0][0]).label}")
    for slug, people in PEOPLE_BY_MUNICIPALITY.items():
        for local, _last, _first, _middle, role in people:
            lines.append(f"  {local + '@' + slug + '.example':<34} {Role(role).label} ({slug})")
    lines.append(f"  {SHARED_METHODOLOGIST.email:<34} Методист (sosnovy-bor, luga)")
    return "\n".join(lines)
