"""Demo course applications of one municipality (inside its schema), after the development demo.

Three offers taking applications — two of the institute's (ЛОИРО), one of another provider — with
a quota each; teachers of several schools apply, their organisations confirm most and decline one
with a reason (the second offer's applications from a school with a coordinator wait for them), and
the first offer's list is made within its quota. The demo teacher account
(``teacher@<slug>.example``) has an application on the list and may apply to the third offer.
The public page «Курсы повышения квалификации» is added. Idempotent: an offer is found by its
programme and gets its applications only when it is made; no e-mail is sent.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Site

from tenants.courses.models import ApplicationStatus, CourseOffersPage
from tenants.courses.services import (
    course_application_confirm,
    course_application_decline,
    course_application_submit,
    course_quota_list_set,
)
from tenants.development.models import CompetenceArea, CourseFormat, CourseOffer, CourseProviderKind
from tenants.development.services import course_offer_create
from tenants.municipalities.models import Municipality
from tenants.organisations.selectors import organisation_coordinator_ids
from tenants.people.models import Teacher

LOIRO = "ГАОУ ДПО «Ленинградский областной институт развития образования»"
OFFERS = (
    # (programme, provider, kind, starts in days, length, hours, format, quota, audience, areas, applicants)
    ("Обновлённые ФГОС: проектирование рабочей программы", LOIRO, CourseProviderKind.INSTITUTE, 30, 14, 36,
     CourseFormat.MIXED, 4, "Учителя начальных классов и основной школы", ("fgos",), 6),
    ("Наставничество в образовательной организации", LOIRO, CourseProviderKind.INSTITUTE, 45, 10, 24,
     CourseFormat.FULL_TIME, 3, "Педагоги-наставники, заместители руководителей", ("management",), 3),
    ("Цифровые сервисы для оценивания результатов", "АНО ДПО «Центр непрерывного образования»",
     CourseProviderKind.OTHER, 60, 21, 36, CourseFormat.DISTANCE, 5, "Учителя-предметники",
     ("digital", "assessment"), 0),
)  # fmt: skip


def _page() -> None:
    if CourseOffersPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = CourseOffersPage(
        title="Курсы повышения квалификации",
        slug="kursy",
        intro="Курсы ЛОИРО и других организаций для педагогов муниципалитета: сроки, форма, объём и приём заявок.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def _applicants(demo_account: str, count: int) -> list[Teacher]:
    """The demo teacher first, then one teacher from each school in turn."""
    teachers = list(Teacher.objects.select_related("user").order_by("organisation_id", "pk"))
    demo = [t for t in teachers if t.user is not None and t.user.email == demo_account]
    seen: set[int] = set()
    spread = []
    for teacher in teachers:
        if teacher.organisation_id not in seen and teacher not in demo:
            seen.add(teacher.organisation_id)
            spread.append(teacher)
    return (demo + spread)[:count]


def demo_seed(municipality: Municipality) -> None:
    today = timezone.localdate()
    areas = {a.code: a for a in CompetenceArea.objects.all()}
    demo_account = f"teacher@{municipality.slug}.example"
    for index, (
        programme,
        provider,
        kind,
        starts_in,
        length,
        hours,
        form,
        quota,
        audience,
        codes,
        applicants,
    ) in enumerate(OFFERS):
        if CourseOffer.objects.filter(programme=programme).exists():
            continue
        start = today + datetime.timedelta(days=starts_in)
        offer = course_offer_create(
            acting_user=None,
            provider=provider,
            programme=programme,
            hours=hours,
            format=form,
            start_date=start,
            end_date=start + datetime.timedelta(days=length),
            competence_areas=[areas[c] for c in codes if c in areas],
            provider_kind=kind,
            quota=quota,
            audience=audience,
            applications_until=start - datetime.timedelta(days=7),
            description="Программа повышения квалификации для педагогов муниципалитета.",
        )
        applications = [
            course_application_submit(offer=offer, teacher=teacher, acting_user=None)
            for teacher in _applicants(demo_account, applicants)
        ]
        confirmed = []
        for number, application in enumerate(applications):
            if number == len(applications) - 1 and index == 0:
                course_application_decline(
                    application=application, reason="Педагог в эти даты ведёт выпускные классы.", acting_user=None,
                    notify=False,
                )  # fmt: skip
            elif index == 1 and organisation_coordinator_ids(application.teacher.organisation_id):
                continue  # left to the school's coordinator (their home counts it)
            elif number < len(applications) - 1 or index == 1:
                confirmed.append(course_application_confirm(application=application, acting_user=None, notify=False))
        if index == 0:
            listed = [a.pk for a in confirmed if a.status == ApplicationStatus.CONFIRMED][:quota]
            course_quota_list_set(offer=offer, application_ids=listed, acting_user=None, notify=False)
    _page()
