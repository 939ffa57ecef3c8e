"""``http://localhost:8000/``: links to the region and its municipalities in development, a 400 in
production (issue 19, Russian correctness item 3)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

import metodika.settings.dev as dev_settings
from accounts.models import Role
from tests.metodika.test_production_settings import REPO_ROOT, a_secret, production_env


@pytest.fixture
def development(settings):
    """The development settings' own values for what the front door depends on."""
    settings.DEBUG = dev_settings.DEBUG
    settings.ALLOWED_HOSTS = dev_settings.ALLOWED_HOSTS
    settings.DEVELOPMENT_FRONT_DOOR_HOSTS = dev_settings.DEVELOPMENT_FRONT_DOOR_HOSTS


def test_localhost_lists_the_region_and_every_municipality_of_the_registry(development, muni_a, muni_b):
    response = Client(HTTP_HOST="localhost:8000").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html and "css/site.css" in html  # the site's look, in Russian
    assert "Платформа «Методика» запущена" in html
    assert f'href="http://{settings.REGION_DOMAIN}/"' in html and settings.REGION_NAME in html
    for municipality in (muni_a, muni_b):
        assert f'<a href="http://{municipality.default_hostname}/">{municipality.name}</a>' in html
        assert f'href="http://{municipality.default_hostname}/admin/"' in html
    assert Client(HTTP_HOST="127.0.0.1:8000").get("/").status_code == 200


def test_a_municipality_added_to_the_registry_appears_and_an_archived_one_goes(development, muni_a, muni_b):
    from tenants.municipalities.services import municipality_archive

    municipality_archive(municipality=muni_b, acting_user=None)
    html = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert muni_a.name in html and muni_b.name not in html


def test_demo_accounts_are_listed_only_when_they_exist(development, muni_a, make_user):
    html = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert "metodika-demo" not in html
    make_user(Role.OPERATOR, None, email="operator@lenobl.example")
    html = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert "operator@lenobl.example" in html and "metodika-demo" in html


def test_other_paths_go_on_to_the_region_and_the_look_is_served(development, db):
    response = Client(HTTP_HOST="localhost:8000").get("/operator/", {"page": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"http://{settings.REGION_DOMAIN}/operator/?page=2"
    assert Client(HTTP_HOST="localhost:8000").get("/static/css/site.css").status_code == 200


def test_with_debug_off_the_front_door_stays_shut_whatever_the_hosts(settings, db):
    settings.ALLOWED_HOSTS = dev_settings.ALLOWED_HOSTS
    settings.DEVELOPMENT_FRONT_DOOR_HOSTS = dev_settings.DEVELOPMENT_FRONT_DOOR_HOSTS
    settings.DEBUG = False
    response = Client(HTTP_HOST="localhost:8000").get("/")
    assert response.status_code == 404 and "Такого сайта нет" in response.content.decode()


def test_the_test_settings_refuse_localhost(db):
    assert Client(HTTP_HOST="localhost:8000").get("/").status_code == 400


def test_production_settings_have_no_front_door():
    probe = (
        "import metodika.settings.production as p; "
        "assert p.DEVELOPMENT_FRONT_DOOR_HOSTS == [], p.DEVELOPMENT_FRONT_DOOR_HOSTS; "
        "assert not any(h in p.ALLOWED_HOSTS for h in ('localhost', '127.0.0.1')), p.ALLOWED_HOSTS; "
        "assert p.DEBUG is False"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO_ROOT,
        env=production_env(DJANGO_SECRET_KEY=a_secret()),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
