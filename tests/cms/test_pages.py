"""Page types of the municipal site: where they may be created, and that they render."""

from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from cms.home.models import HomePage, StandardPage


def test_page_type_rules():
    assert HomePage.allowed_parent_page_models() == [Page]
    from tenants.practices.pages import PracticeIndexPage
    from tenants.registry.models import DocumentRegisterPage
    from tenants.resources.pages import ResourceBankPage

    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        DocumentRegisterPage,
        ResourceBankPage,
        PracticeIndexPage,
    }
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert HomePage.max_count == 1


def test_a_second_home_page_cannot_be_created(muni_a):
    with tenant_context(muni_a):
        assert not HomePage.can_create_at(Page.get_first_root_node())
        home = Site.objects.get(is_default_site=True).root_page
        assert StandardPage.can_create_at(home)


def test_a_new_standard_page_renders_on_its_municipality_only(muni_a, muni_b, host_client):
    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
        page = home.add_child(instance=StandardPage(title="Школа молодого педагога", slug="shmp", intro="Программа"))
        page.save_revision().publish()
    response = host_client(muni_a).get("/shmp/")
    assert response.status_code == 200
    assert "Школа молодого педагога" in response.content.decode()
    assert host_client(muni_b).get("/shmp/").status_code == 404


def test_the_starter_site_has_every_section_with_its_page_type(muni_a, host_client):
    from cms.home.starter import STARTER_SECTIONS

    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
        children = list(home.get_children().specific())
    assert [c.slug for c in children] == [slug for slug, *_ in STARTER_SECTIONS]
    for child, (_slug, _title, _intro, type_name) in zip(children, STARTER_SECTIONS, strict=True):
        assert child._meta.label == type_name and child.live
    for slug, *_ in STARTER_SECTIONS:
        assert host_client(muni_a).get(f"/{slug}/").status_code == 200, slug
