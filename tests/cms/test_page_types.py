"""Every public page type through Wagtail's own page test helpers, in a municipality's schema.

``WagtailPageTestCase`` asserts the tree rules (allowed parents and children, creatable where),
that each starter page routes and renders on its municipality's host, and that the editor
opens and saves it in the municipality's admin.
"""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import Role, User
from accounts.services import role_grant
from cms.home.models import AssociationIndexPage, ContactPage, HomePage, StandardPage
from cms.home.starter import STARTER_SECTIONS
from cms.news.models import NewsIndexPage, NewsPage
from tenants.consultations.pages import ConsultationRequestPage
from tenants.contests.pages import ContestsPage
from tenants.events.pages import EventCalendarPage
from tenants.innovation.pages import InnovationPage
from tenants.internships.pages import InternshipSitesPage
from tenants.municipalities.models import Municipality
from tenants.olympiads.pages import OlympiadResultsPage
from tenants.partners.pages import PartnersPage
from tenants.practices.pages import PracticeIndexPage
from tenants.registry.models import DocumentRegisterPage
from tenants.resources.pages import ResourceBankPage
from tests.conftest import TEST_MUNICIPALITIES
from tests.factories import UserFactory

SECTIONS = [
    StandardPage,
    ContactPage,
    AssociationIndexPage,
    NewsIndexPage,
    DocumentRegisterPage,
    ResourceBankPage,
    PracticeIndexPage,
    EventCalendarPage,
    ConsultationRequestPage,
]
# Sections a site may add that the starter site does not make (the demo adds them).
OPTIONAL_SECTIONS = [OlympiadResultsPage, ContestsPage, PartnersPage, InnovationPage, InternshipSitesPage]


class MunicipalPageTypeTests(WagtailPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.municipality = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        self.client = Client(HTTP_HOST=self.municipality.default_hostname)
        editor = UserFactory()
        role_grant(user=editor, role=Role.METHODOLOGIST, municipality=self.municipality, acting_user=None)
        self.editor = User.objects.get(pk=editor.pk)  # the municipality's methodologist edits its site
        connection.set_tenant(self.municipality)
        self.addCleanup(connection.set_schema_to_public)
        self.home = Site.objects.get(is_default_site=True).root_page.specific
        # Wagtail's helpers sign in with the first backend, here django-axes' (it counts attempts
        # and loads no user); sign in with the one that does.
        backend = next(b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes."))
        patcher = mock.patch("wagtail.test.utils.page_tests.AUTH_BACKEND", backend)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_tree_rules(self) -> None:
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {*SECTIONS, *OPTIONAL_SECTIONS})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, EventCalendarPage)
        self.assertCanCreateAt(StandardPage, ConsultationRequestPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)
        for single in (HomePage, ContactPage, NewsIndexPage, AssociationIndexPage):
            self.assertEqual(single.max_count, 1, single.__name__)

    def test_every_starter_page_routes_and_renders(self) -> None:
        pages = [self.home, *(child.specific for child in self.home.get_children())]
        self.assertEqual(len(pages), 1 + len(STARTER_SECTIONS))
        self.assertTrue({type(page) for page in pages} >= {HomePage, *SECTIONS} - {StandardPage})
        for page in pages:
            with self.subTest(page=page.slug):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_a_news_article_routes_renders_and_is_editable(self) -> None:
        article = NewsPage.objects.live().first()
        self.assertIsNotNone(article)
        self.assertPageIsRoutable(article)
        self.assertPageIsRenderable(article)
        # A StreamField's editor is built by JavaScript, so its form data is given, not scraped.
        data = nested_form_data(
            {
                "title": article.title,
                "slug": article.slug,
                "date": article.date.isoformat(),
                "intro": article.intro,
                "image": "",
                "image_alt": "",
                "body": streamfield([("paragraph", rich_text("<p>Сайт открыт для педагогов.</p>"))]),
                "tags": "",
            }
        )
        self.assertPageIsEditable(article, post_data=data, user=self.editor)
        # The helper only checks the views do not fail; the draft must also be saved.
        self.client.force_login(self.editor)
        response = self.client.post(f"/admin/pages/{article.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        draft = article.get_latest_revision()
        self.assertIsNotNone(draft)
        self.assertIn("Сайт открыт для педагогов", draft.as_object().body[0].value.source)

    def test_a_new_standard_page_can_be_created_in_the_admin(self) -> None:
        self.client.force_login(self.editor)
        self.assertCanCreate(
            self.home,
            StandardPage,
            {
                "title": "Аттестация педагогов",
                "slug": "attestaciya",
                "intro": "Порядок и сроки.",
                "body-count": "0",
                "action-publish": "publish",
            },
        )
        created = StandardPage.objects.get(slug="attestaciya")
        self.assertTrue(created.live)
        self.assertPageIsRenderable(created)
