"""Demo organisations of a municipality, in the style of Sosnovy Bor's: schools, kindergartens, a ЦРТ.

``demo_seed(municipality)`` runs inside the municipality's schema and is idempotent: an
organisation is found by its INN, which is made from the municipality's tax-office code and
the organisation's place in the list (with a valid check digit).
"""

from __future__ import annotations

import datetime

from accounts.selectors import user_by_verified_email
from tenants.municipalities.models import Municipality
from tenants.organisations.inn import inn_complete
from tenants.organisations.models import Organisation, OrganisationKind, SiteKind
from tenants.organisations.selectors import user_coordinated_organisation
from tenants.organisations.services import (
    organisation_create,
    organisation_site_status_add,
    school_coordinator_appoint,
)

# slug: (town, tax-office code (the first four digits of local INNs), postcode, phone code)
PLACES = {
    "sosnovy-bor": ("г. Сосновый Бор", "4714", "188540", "81369"),
    "vsevolozhsk": ("г. Всеволожск", "4703", "188640", "81370"),
    "luga": ("г. Луга", "4710", "188230", "81372"),
}
DEFAULT_PLACE = ("г. Тосно", "4716", "187000", "81361")

SCHOOL = OrganisationKind.SCHOOL
KINDERGARTEN = OrganisationKind.KINDERGARTEN
ADDITIONAL = OrganisationKind.ADDITIONAL

LEGAL_FORMS = {
    "МБОУ": "Муниципальное бюджетное общеобразовательное учреждение",
    "МБДОУ": "Муниципальное бюджетное дошкольное образовательное учреждение",
    "МБОУДО": "Муниципальное бюджетное образовательное учреждение дополнительного образования",
}
# (kind, legal form, short name in quotes, full name in quotes, street, head)
ORGANISATIONS = (
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 1",
        "Средняя общеобразовательная школа № 1",
        "ул. Ленинградская, д. 46",
        "Смирнова Ольга Викторовна",
    ),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 2",
        "Средняя общеобразовательная школа № 2 с углублённым изучением английского языка",
        "ул. Молодёжная, д. 7",
        "Кузнецов Андрей Павлович",
    ),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 3",
        "Средняя общеобразовательная школа № 3",
        "ул. Космонавтов, д. 22",
        "Белова Елена Николаевна",
    ),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 4",
        "Средняя общеобразовательная школа № 4",
        "ул. Парковая, д. 13",
        "Егорова Татьяна Сергеевна",
    ),
    (SCHOOL, "МБОУ", "Гимназия № 5", "Гимназия № 5", "ул. Солнечная, д. 35", "Павлов Игорь Владимирович"),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 6",
        "Средняя общеобразовательная школа № 6",
        "ул. Малая Земля, д. 5",
        "Максимова Наталья Юрьевна",
    ),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 7",
        "Средняя общеобразовательная школа № 7",
        "ул. Сибирская, д. 9",
        "Андреева Светлана Петровна",
    ),
    (SCHOOL, "МБОУ", "Лицей № 8", "Лицей № 8", "ул. Комсомольская, д. 17", "Николаев Дмитрий Александрович"),
    (
        SCHOOL,
        "МБОУ",
        "СОШ № 9",
        "Средняя общеобразовательная школа № 9 им. В.И. Некрасова",
        "ул. Героев, д. 60",
        "Орлова Марина Анатольевна",
    ),
    (
        KINDERGARTEN,
        "МБДОУ",
        "Детский сад № 1",
        "Детский сад № 1",
        "ул. Ленинградская, д. 12",
        "Фролова Ирина Васильевна",
    ),
    (
        KINDERGARTEN,
        "МБДОУ",
        "Детский сад № 7",
        "Детский сад № 7 комбинированного вида",
        "ул. Красных Фортов, д. 3",
        "Тихонова Галина Ивановна",
    ),
    (
        KINDERGARTEN,
        "МБДОУ",
        "Детский сад № 10",
        "Детский сад № 10",
        "ул. Липовский проезд, д. 8",
        "Семёнова Людмила Олеговна",
    ),
    (KINDERGARTEN, "МБДОУ", "Детский сад № 18", "Детский сад № 18", "пр. Героев, д. 41", "Зуева Оксана Дмитриевна"),
    (ADDITIONAL, "МБОУДО", "ЦРТ", "Центр развития творчества", "ул. Сибирская, д. 4", "Голубева Вера Алексеевна"),
    (ADDITIONAL, "МБОУДО", "ДДТ", "Дом детского творчества", "ул. Ленинградская, д. 5", "Виноградов Олег Игоревич"),
)
# (short name, status, topic, from, order number): the municipality's sites (004 §2.1.11).
SITES = (
    (
        "МБОУ «Лицей № 8»",
        SiteKind.INTERNSHIP,
        "Формирующее оценивание на уроках математики",
        datetime.date(2024, 9, 1),
        "412-р",
    ),
    ("МБОУ «СОШ № 3»", SiteKind.INNOVATION, "Цифровая образовательная среда школы", datetime.date(2023, 9, 1), "388-р"),
    (
        "МБДОУ «Детский сад № 7»",
        SiteKind.BASE,
        "Инклюзивное образование дошкольников с ОВЗ",
        datetime.date(2025, 1, 15),
        "27-р",
    ),
    ("МБОУДО «ЦРТ»", SiteKind.SUPPORT, "Сопровождение одарённых детей", datetime.date(2024, 9, 1), "413-р"),
)


def demo_inn(municipality: Municipality, index: int) -> str:
    _town, tax_office, _postcode, _phone = PLACES.get(municipality.slug, DEFAULT_PLACE)
    return inn_complete(f"{tax_office}{index + 1:05d}")


def demo_seed(municipality: Municipality) -> None:
    """Add the demo organisations and their site statuses that are not there yet."""
    town, _tax_office, postcode, phone_code = PLACES.get(municipality.slug, DEFAULT_PLACE)
    for index, (kind, form, short_name, full_name, street, head) in enumerate(ORGANISATIONS):
        inn = demo_inn(municipality, index)
        if Organisation.objects.filter(inn=inn).exists():
            continue
        organisation_create(
            acting_user=None,
            kind=kind,
            short_name=f"{form} «{short_name}»",
            full_name=f"{LEGAL_FORMS[form]} «{full_name}»",
            inn=inn,
            address=f"{postcode}, Ленинградская обл., {town}, {street}",
            head_name=head,
            phone=f"+7 ({phone_code}) 2-{index + 10:02d}-{index * 7 % 90 + 10:02d}",
            email=f"org{index + 1}@{municipality.slug}.example",
        )
    for short_name, site_kind, topic, valid_from, order_number in SITES:
        organisation = Organisation.objects.filter(short_name=short_name, inn__in=_demo_inns(municipality)).first()
        if organisation is None or organisation.site_statuses.filter(kind=site_kind).exists():
            continue
        organisation_site_status_add(
            organisation=organisation,
            acting_user=None,
            kind=site_kind,
            topic=topic,
            valid_from=valid_from,
            order_number=order_number,
            order_date=valid_from - datetime.timedelta(days=10),
        )
    _demo_coordinator_bind(municipality)


def _demo_inns(municipality: Municipality) -> list[str]:
    return [demo_inn(municipality, index) for index in range(len(ORGANISATIONS))]


# The demo school coordinator (issue 15 §1): ``zavuch@<slug>.example``, made with the demo
# password by ``demo_region`` before the apps seed; bound here to the first demo school.
DEMO_COORDINATOR_LOCAL = "zavuch"


def _demo_coordinator_bind(municipality: Municipality) -> None:
    user = user_by_verified_email(f"{DEMO_COORDINATOR_LOCAL}@{municipality.slug}.example")
    school = Organisation.objects.filter(inn=demo_inn(municipality, 0)).first()
    if user is None or school is None or user_coordinated_organisation(user) is not None:
        return
    school_coordinator_appoint(municipality=municipality, organisation=school, user=user, acting_user=None)
