"""Demo network partners of one municipality (inside its schema): a museum, a sports school, a
university and the institute, each with an agreement, some of the service's events held together,
a joint project, and the public page. Runs after the events demo. Idempotent: a partner is found by
its name and is given its agreement, events and project only when it is made.
"""

from __future__ import annotations

import datetime

from wagtail.models import Site

from tenants.academic_years import AcademicYear
from tenants.events.models import Event
from tenants.municipalities.models import Municipality
from tenants.partners.models import Partner, PartnerKind, PartnersPage
from tenants.partners.services import agreement_create, joint_project_create, partner_create, partner_events_set

PARTNERS = (
    ("Краеведческий музей", PartnerKind.CULTURE, "Музейные уроки и совместные выставки для школьников."),
    ("Спортивная школа олимпийского резерва", PartnerKind.SPORT, "Методическое сопровождение учителей физкультуры."),
    ("Ленинградский государственный университет им. А. С. Пушкина", PartnerKind.UNIVERSITY,
     "Педагогическая практика студентов, научное руководство инновационной работой."),
    ("ГАОУ ДПО «Ленинградский областной институт развития образования»", PartnerKind.INSTITUTE,
     "Курсы повышения квалификации, региональные диагностики, экспертиза практик."),
)  # fmt: skip


def _results_page() -> None:
    if PartnersPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = PartnersPage(
        title="Сетевые партнёры", slug="partnery", intro="Организации, с которыми методическая служба работает вместе."
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def demo_seed(municipality: Municipality) -> None:
    year = AcademicYear.current()
    events = list(Event.objects.filter(is_public=True).order_by("starts_at", "pk")[:8])
    for index, (name, kind, subject) in enumerate(PARTNERS):
        if Partner.objects.filter(name=name).exists():
            continue
        partner = partner_create(name=name, kind=kind, description=subject, acting_user=None)
        agreement_create(
            partner=partner,
            number=f"{index + 1}-С",
            concluded_on=year.first_day - datetime.timedelta(days=365 * (index % 2)),
            valid_until=year.last_day + datetime.timedelta(days=365),
            subject=subject,
            acting_user=None,
        )
        partner_events_set(partner=partner, events=events[index * 2 : index * 2 + 2], acting_user=None)
        joint_project_create(
            title=f"Совместный проект: {subject.split(',')[0].rstrip('.').lower()}",
            partners=[partner],
            starts_on=year.first_day,
            goals=subject,
            acting_user=None,
        )
    _results_page()
