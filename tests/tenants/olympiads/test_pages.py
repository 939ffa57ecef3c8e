"""The public page of results: only the published protocols' winners and prize-winners with consent."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Site

from tenants.olympiads.models import OlympiadResultsPage, ParticipantStatus, Subject
from tenants.olympiads.services import round_protocol_publish
from tests.tenants.olympiads.factories import municipal_round, pupil
from tests.tenants.people.factories import TeacherFactory

W, PW = ParticipantStatus.WINNER, ParticipantStatus.PRIZE_WINNER


def results_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = OlympiadResultsPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = OlympiadResultsPage(title="Итоги олимпиады", slug="olimpiada")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture
def published(muni_a):
    with tenant_context(muni_a):
        round_ = municipal_round(quota=75)
        teacher = TeacherFactory(last_name="Учителева")
        pupil(
            round_,
            "Победова",
            first_name="Анна",
            middle_name="Сергеевна",
            score="95",
            status=W,
            publication_consent=True,
            teacher=teacher,
        )
        pupil(round_, "Призёров", score="80", status=PW, publication_consent=True)
        pupil(round_, "Несогласнов", score="75", status=PW, publication_consent=False)
        pupil(round_, "Участникова", score="30", publication_consent=True)
        round_protocol_publish(round_=round_, acting_user=None)
        hidden = municipal_round(subject=Subject.PHYSICS, quota=50)
        pupil(hidden, "Неопубликов", score="95", status=W, publication_consent=True)
        pupil(hidden, "Второй", score="10")
    return round_


def test_the_public_sees_only_consenting_winners_and_prize_winners(muni_a, muni_b, published, host_client):
    url = results_url_in(muni_a)
    page = host_client(muni_a).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Победова Анна" in html and "Призёров" in html and "Победитель" in html
    for secret in ("Сергеевна", "Несогласнов", "Участникова", "Неопубликов", "Учителева", "Физика"):
        assert secret not in html, secret
    other = host_client(muni_b).get(results_url_in(muni_b)).content.decode()
    assert "Победова" not in other and "Опубликованных протоколов пока нет" in other


def test_an_unknown_year_shows_the_latest_and_a_withdrawn_protocol_disappears(muni_a, published, host_client):
    from tenants.olympiads.services import round_protocol_unpublish

    url = results_url_in(muni_a)
    assert "Победова" in host_client(muni_a).get(f"{url}?year=1999").content.decode()
    with tenant_context(muni_a):
        round_protocol_unpublish(round_=published, acting_user=None)
    assert "Победова" not in host_client(muni_a).get(url).content.decode()
