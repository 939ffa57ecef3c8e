"""The public reads: no key, the region's and a municipality's data, pages, dates, conditional GETs."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from region.services import regional_news_create
from tenants.events.services import registration_add_by_organiser


def test_municipality_events_show_free_seats_and_only_its_own(api_client, muni_a, muni_b, muni_data):
    a, b = muni_data(muni_a), muni_data(muni_b, title="Событие района Б")
    with tenant_context(muni_a):
        registration_add_by_organiser(
            event=a["event"], acting_user=None, full_name="Петров П. П.", email="p@example.test"
        )
    body = api_client(muni_a).get("/api/v1/events/").json()
    assert body["count"] == 1 and body["page"] == 1
    (event,) = body["items"]
    assert event["id"] == a["event"].pk and event["capacity"] == 2 and event["seats_free"] == 1
    assert "Событие района Б" not in str(body)
    assert api_client(muni_b).get(f"/api/v1/events/{a['event'].pk}/").status_code in (200, 404)
    detail = api_client(muni_b).get(f"/api/v1/events/{b['event'].pk}/").json()
    assert detail["title"] == "Событие района Б"


def test_dates_filter_and_pages(api_client, muni_a, muni_data):
    muni_data(muni_a)
    in_ten_days = datetime.date.today() + datetime.timedelta(days=10)
    client = api_client(muni_a)
    assert client.get("/api/v1/events/", {"since": in_ten_days.isoformat()}).json()["count"] == 0
    assert client.get("/api/v1/events/", {"until": in_ten_days.isoformat()}).json()["count"] == 1
    page_two = client.get("/api/v1/events/", {"page": 2, "per_page": 1}).json()
    assert page_two == {"count": 1, "page": 2, "per_page": 1, "items": []}


def test_bad_parameters_get_the_error_shape_in_russian(api_client, muni_a):
    response = api_client(muni_a).get("/api/v1/events/", {"since": "вчера", "per_page": 1000})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Запрос содержит ошибки."
    assert {d["field"] for d in body["details"]} == {"since", "per_page"}
    reversed_period = api_client(muni_a).get("/api/v1/events/", {"since": "2026-02-01", "until": "2026-01-01"})
    assert reversed_period.status_code == 422 and reversed_period.json()["details"][0]["field"] == "until"
    missing = api_client(muni_a).get("/api/v1/events/999999/")
    assert missing.status_code == 404 and missing.json() == {
        "code": "not_found",
        "message": "Не найдено.",
        "details": [],
    }


def test_etag_and_if_modified_since_answer_304_until_the_list_changes(api_client, muni_a, muni_data):
    data = muni_data(muni_a)
    client = api_client(muni_a)
    first = client.get("/api/v1/events/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/events/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    with tenant_context(muni_a):  # a seat taken: the list shows it, so it is modified
        registration_add_by_organiser(event=data["event"], acting_user=None, full_name="Петров", email="p@example.test")
    changed = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get("/api/v1/events/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT").status_code == 200


def test_region_lists_municipalities_calendar_news_and_agreements(api_client, muni_a, muni_b):
    regional_news_create(
        acting_user=None,
        title="Новость региона",
        summary="Анонс",
        body="",
        published_on=datetime.date(2026, 3, 1),
        is_published=True,
    )
    client = api_client()
    slugs = {m["slug"] for m in client.get("/api/v1/municipalities/").json()["items"]}
    assert {muni_a.slug, muni_b.slug} <= slugs
    site = next(m for m in client.get("/api/v1/municipalities/").json()["items"] if m["slug"] == muni_a.slug)
    assert site["site_url"].startswith("http://") and site["contact_email"] == muni_a.contact_email
    news = client.get("/api/v1/news/", {"since": "2026-02-01"}).json()
    assert [n["title"] for n in news["items"]] == ["Новость региона"]
    assert client.get("/api/v1/news/", {"until": "2026-02-01"}).json()["count"] == 0
    assert client.get("/api/v1/calendar/").status_code == 200
    assert client.get("/api/v1/registers/agreements/").status_code == 200


def test_the_region_api_is_not_on_a_municipality_host_and_back(api_client, muni_a):
    assert api_client(muni_a).get("/api/v1/municipalities/").status_code == 404
    assert api_client().get("/api/v1/events/").status_code == 404


def test_an_unknown_api_address_is_a_404_in_the_error_shape(api_client, muni_a):
    for client in (api_client(), api_client(muni_a)):
        response = client.get("/api/v1/nothing-here/")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Такого адреса в API нет.", "details": []}
