"""The region's portal: the directory of municipal services, regional news and who may edit it."""

import datetime

import pytest

from accounts.models import Role
from audit.models import AuditEntry
from region.models import RegionalNews
from region.services import regional_news_create
from tenants.municipalities.services import municipality_archive


def test_the_directory_links_every_working_service_and_hides_archived_ones(muni_a, muni_b, host_client):
    municipality_archive(municipality=muni_b, acting_user=None)
    html = host_client().get("/").content.decode()
    assert f'href="http://{muni_a.default_hostname}/">{muni_a.name}</a>' in html
    assert f'href="http://{muni_a.default_hostname}/admin/"' in html
    assert muni_b.name not in html
    assert 'href="/calendar/"' in html and 'href="/accounts/login/"' in html


def test_published_regional_news_is_on_the_portal_and_drafts_are_not(db, host_client):
    shown = regional_news_create(
        title="Старт конкурса «Педагог года»", summary="Приём заявок до 1 декабря.", acting_user=None
    )
    hidden = regional_news_create(title="Черновик", summary="…", is_published=False, acting_user=None)
    client = host_client()
    home = client.get("/").content.decode()
    assert shown.title.replace("«", "&laquo;") in home or "Педагог года" in home
    assert "Черновик" not in home
    assert client.get(f"/news/{shown.pk}/").status_code == 200
    assert client.get(f"/news/{hidden.pk}/").status_code == 404


def test_institute_staff_write_news_with_an_audit_row(make_user, host_client):
    editor = make_user(Role.INSTITUTE)
    client = host_client(None, editor)
    response = client.post(
        "/news/manage/add/",
        {
            "title": "Семинар ЛОИРО",
            "summary": "Для руководителей ММС.",
            "body": "",
            "published_on": "2026-11-20",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    news = RegionalNews.objects.get(title="Семинар ЛОИРО")
    assert news.created_by == editor and news.published_on == datetime.date(2026, 11, 20)
    assert AuditEntry.objects.filter(action="regional_news.create", actor=editor).exists()

    client.post(
        f"/news/manage/{news.pk}/",
        {"title": "Семинар ЛОИРО (перенос)", "summary": "Новая дата.", "published_on": "2026-11-27"},
    )
    news.refresh_from_db()
    assert news.title == "Семинар ЛОИРО (перенос)" and not news.is_published
    client.post(f"/news/manage/{news.pk}/delete/")
    assert not RegionalNews.objects.filter(pk=news.pk).exists()
    assert AuditEntry.objects.filter(action="regional_news.delete").exists()


def test_form_errors_are_announced_and_tied_to_their_fields(make_user, host_client):
    client = host_client(None, make_user(Role.OPERATOR))
    html = client.post("/news/manage/add/", {"title": "", "summary": "", "published_on": "вчера"}).content.decode()
    assert 'aria-describedby="id_title_error"' in html and 'aria-invalid="true"' in html
    assert '<div class="error" id="id_title_error" role="alert">' in html
    assert RegionalNews.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEACHER, Role.METHODOLOGIST, Role.HEAD, Role.COMMITTEE])
def test_others_cannot_write_regional_news(role, make_user, muni_a, host_client):
    user = make_user(role, None if role == Role.COMMITTEE else muni_a)
    news = regional_news_create(title="Новость", summary="…", acting_user=None)
    client = host_client(None, user)
    assert client.get("/news/manage/").status_code == 403
    assert (
        client.post("/news/manage/add/", {"title": "x", "summary": "y", "published_on": "2026-11-20"}).status_code
        == 403
    )
    assert client.post(f"/news/manage/{news.pk}/delete/").status_code == 403
    assert RegionalNews.objects.count() == 1


def test_anonymous_visitors_are_sent_to_login_and_municipality_hosts_have_no_such_screens(muni_a, host_client):
    response = host_client().get("/news/manage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert host_client(muni_a).get("/news/manage/").status_code == 404
