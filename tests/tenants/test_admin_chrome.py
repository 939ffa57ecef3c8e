"""The admin's chrome (issue 21): the browser tab names the product and the municipality, a staff
screen's visible header names the screen, and no avatar is fetched from Gravatar."""

from __future__ import annotations

import re

from accounts.models import Role


def test_the_tab_names_the_product_and_the_municipality_not_wagtail(muni_a, host_client, make_user):
    client = host_client(muni_a, make_user(Role.HEAD, muni_a))
    for path in ("/admin/", "/admin/monitoring/", "/admin/plan/"):
        html = client.get(path).content.decode()
        title = re.findall(r"<title>(.*?)</title>", html[: html.index("</head>")], re.S)[0]
        assert "Wagtail" not in title, path
        assert title.strip().endswith(f"Методика · {muni_a.short_name}"), (path, title)


def test_the_monitoring_screens_header_names_it(muni_a, host_client, make_user):
    html = host_client(muni_a, make_user(Role.HEAD, muni_a)).get("/admin/monitoring/").content.decode()
    crumbs = html[html.index('data-controller="w-breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert "Мониторинг" in re.sub(r"<[^>]+>", " ", crumbs)  # not «Главная» alone


def test_no_avatar_comes_from_gravatar(muni_a, host_client, make_user, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client = host_client(muni_a, make_user(Role.METHODOLOGIST, muni_a))
    for path in ("/admin/", "/admin/account/", "/admin/users/"):
        html = client.get(path).content.decode()
        assert "gravatar" not in html.lower(), path
        assert not re.findall(r'<img[^>]+src="https?://(?!' + re.escape(muni_a.default_hostname) + ")", html), path
