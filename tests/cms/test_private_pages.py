""" "Private, for signed-in users" means the municipality's people, not every account of the region.

A teacher of B signed in on A's host cannot read A's page or document kept for signed-in users
(403), A's teacher and the region's observers can, anyone not signed in is sent to the login
page. A private section's title and intro stay out of the menu, the home page and its parent's
list for everyone it keeps out, and a private page is never stored in the anonymous page cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from accounts.models import Role
from cms.home.models import StandardPage

SECRET_TITLE = "Внутренний раздел службы"
SECRET_INTRO = "Материалы совещания руководителей"
SECRET_BODY_MARK = "Секретное вступление раздела"


@pytest.fixture
def private_section(muni_a, site_home, publish):
    """A menu section of A kept for signed-in users, with a private child under a public page."""
    home = site_home(muni_a)
    section = publish(
        muni_a,
        home,
        StandardPage(title=SECRET_TITLE, slug="vnutrennee", intro=SECRET_INTRO, show_in_menus=True),
    )
    public = publish(muni_a, home, StandardPage(title="Открытый раздел", slug="otkrytyj", show_in_menus=True))
    child = publish(muni_a, public, StandardPage(title="Закрытая страница раздела", slug="zakrytaya"))
    with tenant_context(muni_a):
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(page=child, restriction_type=PageViewRestriction.LOGIN)
    cache.clear()  # no purge left settling: the page cache stores again
    return section


@pytest.fixture
def people(make_user, muni_a, muni_b):
    return {
        "teacher_a": make_user(Role.TEACHER, muni_a),
        "head_a": make_user(Role.HEAD, muni_a),
        "teacher_b": make_user(Role.TEACHER, muni_b),
        "head_b": make_user(Role.HEAD, muni_b),
        "institute": make_user(Role.INSTITUTE, None),
        "committee": make_user(Role.COMMITTEE, None),
        "operator": make_user(Role.OPERATOR, None),
    }


ADMITTED = ("teacher_a", "head_a", "institute", "committee")
REFUSED = ("teacher_b", "head_b", "operator")


def test_a_private_page_is_read_by_the_municipalitys_people_only(muni_a, host_client, private_section, people):
    for name in ADMITTED:
        response = host_client(muni_a, people[name]).get("/vnutrennee/")
        assert response.status_code == 200, name
        assert SECRET_INTRO in response.content.decode()
    for name in REFUSED:
        response = host_client(muni_a, people[name]).get("/vnutrennee/")
        assert response.status_code == 403, (name, response.status_code)
        html = response.content.decode()
        assert SECRET_INTRO not in html and SECRET_TITLE not in html
        assert "только педагогам и сотрудникам" in html
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    anonymous = host_client(muni_a).get("/vnutrennee/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_page_under_a_private_one_is_refused_too(muni_a, site_home, publish, host_client, private_section, people):
    publish(muni_a, private_section, StandardPage(title="Протокол", slug="protokol", intro="Повестка дня"))
    assert host_client(muni_a, people["teacher_b"]).get("/vnutrennee/protokol/").status_code == 403
    assert host_client(muni_a, people["teacher_a"]).get("/vnutrennee/protokol/").status_code == 200


@pytest.fixture
def private_document(muni_a, settings, tmp_path: Path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    with tenant_context(muni_a):
        collection = Collection.get_first_root_node().add_child(name="Для своих")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        document = get_document_model().objects.create(
            title="Приказ для своих", collection=collection, file=ContentFile(b"internal order", name="prikaz.txt")
        )
    return document


def test_a_document_of_a_private_collection_is_read_by_the_municipalitys_people_only(
    muni_a, host_client, private_document, people
):
    url = private_document.url
    for name in ADMITTED:
        response = host_client(muni_a, people[name]).get(url)
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == b"internal order"
    for name in REFUSED:
        response = host_client(muni_a, people[name]).get(url)
        assert response.status_code == 403, (name, response.status_code)
        assert b"internal order" not in response.content
    assert host_client(muni_a).get(url).status_code == 302


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("caches_store")
def test_private_sections_stay_out_of_the_menu_and_the_home_page_for_outsiders(
    muni_a, host_client, private_section, people
):
    outsiders = [host_client(muni_a), host_client(muni_a, people["teacher_b"]), host_client(muni_a, people["operator"])]
    for _round in range(2):  # rendered, then (for the anonymous visitor) from the page cache
        for client in outsiders:
            html = _home(client)
            assert "Открытый раздел" in html
            assert SECRET_TITLE not in html and SECRET_INTRO not in html
            parent = client.get("/otkrytyj/").content.decode()
            assert "Закрытая страница раздела" not in parent
    for name in ("teacher_a", "institute"):
        html = _home(host_client(muni_a, people[name]))
        assert SECRET_TITLE in html and SECRET_INTRO in html
        parent = host_client(muni_a, people[name]).get("/otkrytyj/").content.decode()
        assert "Закрытая страница раздела" in parent
    # A member's visit stored nothing the next anonymous visitor sees.
    assert SECRET_TITLE not in _home(host_client(muni_a))


@pytest.mark.usefixtures("caches_store")
def test_a_private_page_is_never_stored_in_the_anonymous_page_cache(muni_a, host_client, private_section, people):
    assert host_client(muni_a).get("/otkrytyj/")["X-Page-Cache"] == "miss"
    assert host_client(muni_a).get("/otkrytyj/")["X-Page-Cache"] == "hit"  # the cache does store here
    member = host_client(muni_a, people["teacher_a"])
    for _round in range(2):
        response = member.get("/vnutrennee/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        anonymous = host_client(muni_a).get("/vnutrennee/")
        assert anonymous.status_code == 302
        assert SECRET_INTRO not in anonymous.content.decode()
        assert anonymous.get("X-Page-Cache") != "hit"


def test_the_privacy_dialog_names_who_signed_in_users_are(muni_a, host_client, private_section, make_user):
    from django.utils.html import escape

    editor = make_user(Role.METHODOLOGIST, muni_a)
    response = host_client(muni_a, editor).get(f"/admin/pages/{private_section.pk}/privacy/")
    assert response.status_code == 200
    html = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content
    assert escape("только для вошедших педагогов и сотрудников этого муниципалитета") in str(html)
