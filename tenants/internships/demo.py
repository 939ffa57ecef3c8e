"""Demo internships of one municipality (inside its schema): the card of each «стажировочная
площадка» status, two programmes, a finished internship (teachers enrolled, one as the school's
team, attendance marked, outcomes and their PD records), one to come that takes applications
(with a teacher's application waiting), and the public page. Runs after the organisations,
people and development demos. Idempotent: cards by status, programmes and internships by title.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Site

from tenants.internships.models import Internship, InternshipAudience, InternshipProgramme, InternshipSite
from tenants.internships.pages import InternshipSitesPage
from tenants.internships.selectors import site_statuses_without_card
from tenants.internships.services import (
    attendance_mark,
    enrolment_apply,
    enrolment_enrol,
    internship_create,
    internship_finish,
    internship_programme_create,
    internship_site_create,
)
from tenants.municipalities.models import Municipality
from tenants.people.models import Teacher

PROGRAMMES = (
    ("Формирующее оценивание на уроке математики", 24, 12, InternshipAudience.TEACHERS,
     "Критерии оценивания\nОбратная связь ученику\nСамооценка и взаимооценка"),
    ("Управленческая команда школы: внутренняя система оценки качества", 16, 6, InternshipAudience.SCHOOL_TEAMS,
     "Мониторинг результатов\nАнализ ВПР\nАдресные программы сопровождения"),
)  # fmt: skip


def _page() -> None:
    if InternshipSitesPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = InternshipSitesPage(
        title="Стажировочные площадки",
        slug="stazhirovki",
        intro="Площадки, где педагоги и управленческие команды перенимают опыт коллег (горизонтальное обучение).",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def demo_seed(municipality: Municipality) -> None:
    for status in site_statuses_without_card():
        internship_site_create(
            site_status=status, acting_user=None, contacts=f"metodist@{municipality.slug}.example",
            description="Открытые уроки, практикумы и разбор опыта с наставниками площадки.",
        )  # fmt: skip
    site = InternshipSite.objects.order_by("pk").first()
    if site is None:
        return
    programmes = []
    for title, hours, capacity, audience, topics in PROGRAMMES:
        programme = InternshipProgramme.objects.filter(site=site, title=title).first() or internship_programme_create(
            site=site, title=title, hours=hours, capacity=capacity, audience=audience, topics=topics, acting_user=None
        )
        programmes.append(programme)
    if Internship.objects.filter(programme__in=programmes).exists():
        _page()
        return
    today = timezone.localdate()
    teachers = list(Teacher.objects.select_related("organisation").order_by("pk")[:5])
    past = internship_create(
        programme=programmes[0], starts_on=today - datetime.timedelta(days=40),
        ends_on=today - datetime.timedelta(days=37), applications_open=False, acting_user=None,
    )  # fmt: skip
    if teachers:
        enrolled = enrolment_enrol(internship=past, teachers=teachers[:3], acting_user=None)
        attendance_mark(
            internship=past, attended={e.pk: index != 2 for index, e in enumerate(enrolled)}, acting_user=None
        )
        internship_finish(internship=past, acting_user=None)
    coming = internship_create(
        programme=programmes[1], starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=32), with_institute=True, acting_user=None,
    )  # fmt: skip
    if len(teachers) > 3:
        team = teachers[3].organisation
        members = [t for t in teachers if t.organisation_id == team.pk][:2]
        enrolment_enrol(internship=coming, teachers=members, team=team, acting_user=None)
        outsider = next((t for t in teachers[4:] if t not in members), None)
        if outsider is not None:
            enrolment_apply(internship=coming, teacher=outsider, acting_user=None)
    _page()
