"""What every page carries: branding, low-vision mode, canonical and Open Graph tags; and the
site-level files: robots.txt, sitemap.xml, the 404 and 500 pages."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_tenants.utils import tenant_context
from wagtail.models import Site

from cms.base.contrast import contrast_ratio
from cms.base.models import SiteBranding
from cms.base.vision import VISION_COOKIE_NAME

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_closes_the_admin_and_points_at_the_sitemap(muni_a, host_client):
    response = host_client(muni_a).get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /cabinet/" in lines
    assert f"Sitemap: http://{muni_a.default_hostname}/sitemap.xml" in lines
    region = host_client().get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in region and "Sitemap:" not in region


def test_the_sitemap_lists_this_municipalitys_live_pages_only(muni_a, muni_b, host_client, site_home):
    from cms.home.models import StandardPage

    with tenant_context(muni_a):
        home = site_home(muni_a)
        draft = home.add_child(instance=StandardPage(title="Черновик", slug="chernovik", live=False))
        assert not draft.live
    root = ET.fromstring(host_client(muni_a).get("/sitemap.xml").content)  # noqa: S314 — our own output
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    base = f"http://{muni_a.default_hostname}"
    assert f"{base}/" in locations and f"{base}/novosti/" in locations and f"{base}/kontakty/" in locations
    assert f"{base}/novosti/sajt-otkryt/" in locations
    assert f"{base}/chernovik/" not in locations
    assert all(loc.startswith(base) for loc in locations)
    assert muni_b.default_hostname not in host_client(muni_a).get("/sitemap.xml").content.decode()


def test_pages_carry_canonical_and_open_graph_tags(muni_a, host_client):
    html = host_client(muni_a).get("/kontakty/?utm_source=vk").content.decode()
    canonical = f"http://{muni_a.default_hostname}/kontakty/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Контакты">' in html
    assert f'<meta property="og:site_name" content="{muni_a.short_name}">' in html


def test_the_404_page_is_in_the_sites_look_with_its_menu(muni_a, host_client):
    response = host_client(muni_a).get("/net-takoi-stranicy/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html and muni_a.short_name in html
    assert 'class="site-nav"' in html and 'href="/search/"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_500_page_renders_without_the_database(muni_a, django_assert_num_queries):
    from cms.base.views import server_error

    request = RequestFactory().get("/", HTTP_HOST=muni_a.default_hostname)
    request.tenant = muni_a
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert muni_a.short_name in html and "Ошибка на сервере" in html and "css/site.css" in html


def test_the_500_handler_is_wired_on_both_hosts():
    from metodika import urls_public, urls_tenant

    assert urls_tenant.handler500 == urls_public.handler500 == "cms.base.views.server_error"


# Branding -------------------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"primary_colour": "#7fb3e0"}, "primary_colour"),  # white on light blue: 2.3:1
        ({"link_colour": "#ff9900"}, "link_colour"),  # orange links on white: 2.1:1
        ({"primary_colour": "blue"}, "primary_colour"),
        ({"analytics_enabled": True}, "analytics_counter_id"),
    ],
)
def test_branding_refuses_unreadable_colours_and_analytics_without_a_counter(muni_a, fields, bad_field):
    with tenant_context(muni_a):
        branding = SiteBranding(site=Site.objects.get(is_default_site=True), **fields)
        with pytest.raises(ValidationError) as error:
            branding.full_clean()
    assert bad_field in error.value.message_dict


def test_branding_is_drawn_on_its_own_site_only(muni_a, muni_b, host_client):
    with tenant_context(muni_a):
        branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
        branding.site_name = "ИМЦ Округа А"
        branding.primary_colour = "#4a1d6b"
        branding.footer_text = "ул. Ленинградская, 46"
        branding.vk_url = "https://vk.com/imc_a"
        branding.telegram_url = "https://t.me/imc_a"
        branding.full_clean()
        branding.save()
    html = host_client(muni_a).get("/").content.decode()
    assert "--brand-dark: #4a1d6b;" in html
    assert '<span class="brand-name">ИМЦ Округа А</span>' in html
    assert 'href="https://vk.com/imc_a"' in html and 'href="https://t.me/imc_a"' in html
    assert "ул. Ленинградская, 46" in html
    assert "mc.yandex.ru" not in html  # analytics are off by default
    other = host_client(muni_b).get("/").content.decode()
    assert "#4a1d6b" not in other and "ИМЦ Округа А" not in other


def test_analytics_appear_only_when_switched_on(muni_a, host_client):
    with tenant_context(muni_a):
        branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
        branding.analytics_enabled = True
        branding.analytics_counter_id = "12345678"
        branding.full_clean()
        branding.save()
    html = host_client(muni_a).get("/").content.decode()
    assert 'src="https://mc.yandex.ru/metrika/tag.js"' in html
    assert 'src="/static/js/metrika.js" data-counter="12345678"' in html


# Low-vision mode ------------------------------------------------------------------------------


def test_the_low_vision_switch_works_without_javascript_and_is_remembered(muni_a, host_client):
    client = host_client(muni_a)
    html = client.get("/kontakty/").content.decode()
    assert '<button type="submit" name="vision" value="on" class="vision-toggle">' in html
    response = client.post(
        "/preferences/",
        {"vision": "on", "font": "xlarge", "scheme": "wb", "images": "off", "spacing": "wide", "next": "/kontakty/"},
    )
    assert response.status_code == 303 and response["Location"] == "/kontakty/"
    assert client.cookies[VISION_COOKIE_NAME].value == "xlarge.wb.off.wide"

    html = client.get("/kontakty/").content.decode()
    assert 'class="lv lv-font-xlarge lv-scheme-wb lv-images-off lv-spacing-wide' in html
    assert 'name="font" value="xlarge" checked' in html
    assert "Обычная версия сайта" in html

    client.post("/preferences/", {"vision": "off", "next": "/"})
    assert 'class="lv ' not in client.get("/").content.decode()


def test_a_forged_cookie_or_next_changes_nothing(muni_a, host_client):
    client = host_client(muni_a)
    client.cookies[VISION_COOKIE_NAME] = "huge.<script>.off.wide"
    html = client.get("/").content.decode()
    assert "<script>." not in html and 'class="lv ' in html and "lv-scheme-bw" in html
    response = client.post("/preferences/", {"vision": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_images_off_shows_their_text_instead(muni_a, host_client, publish, site_home):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from cms.home.models import StandardPage

    with tenant_context(muni_a):
        image = Image.objects.create(title="Семинар", file=get_test_image_file())
    body = [("image", {"image": image, "alt_text": "Педагоги на семинаре в школе № 2", "caption": ""})]
    publish(muni_a, site_home(muni_a), StandardPage(title="Фото", slug="foto", body=body))
    client = host_client(muni_a)
    assert 'alt="Педагоги на семинаре в школе № 2"' in client.get("/foto/").content.decode()
    client.cookies[VISION_COOKIE_NAME] = "large.bw.off.normal"
    html = client.get("/foto/").content.decode()
    assert "<img" not in html.split('<main id="main"')[1]
    assert '<p class="image-alt">Педагоги на семинаре в школе № 2</p>' in html


def test_the_region_host_has_the_switch_too(db, host_client):
    html = host_client().get("/").content.decode()
    assert 'action="/preferences/"' in html and "Версия для слабовидящих" in html


def test_the_head_edits_the_branding_in_the_admin_and_a_methodologist_cannot(muni_a, muni_b, make_user, host_client):
    from accounts.models import Role

    with tenant_context(muni_a):
        site_id = Site.objects.get(is_default_site=True).pk
    url = f"/admin/settings/cms_base/sitebranding/{site_id}/"
    head = make_user(Role.HEAD, muni_a)
    assert host_client(muni_a, head).get(url).status_code == 200
    response = host_client(muni_a, head).post(
        url, {"site_name": "", "primary_colour": "#ffdd00", "link_colour": "#0b4f8a"}
    )
    assert response.status_code == 200 and "плохо читается" in response.content.decode()
    assert host_client(muni_a, make_user(Role.METHODOLOGIST, muni_a)).get(url).status_code in (302, 403)
    # A's head has no rights on B's admin.
    with tenant_context(muni_b):
        b_site = Site.objects.get(is_default_site=True).pk
    assert host_client(muni_b, head).get(f"/admin/settings/cms_base/sitebranding/{b_site}/").status_code == 302
