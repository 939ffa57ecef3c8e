"""What the URL × role matrix found, each pinned by a test that failed before its fix."""

from __future__ import annotations

from accounts.models import Role
from tests.conftest import PASSWORD


def test_wagtails_page_privacy_login_does_not_sign_in_past_allauth_and_the_second_factor(
    muni_a, make_user, host_client
):
    """``/_util/login/`` (Wagtail's login form for private pages) was Django's own LoginView: a
    password alone signed in a person whose account asks for an authenticator code (allauth's
    MFA), and skipped allauth's rate limits and its verified-address rule."""
    person = make_user(Role.METHODOLOGIST, muni_a, totp=True)
    client = host_client(muni_a)
    response = client.post("/_util/login/", {"username": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_privacy_login_sends_to_allauths_keeping_next(muni_a, host_client):
    response = host_client(muni_a).get("/_util/login/", {"next": "/vnutrennee/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fvnutrennee%2F"
    unsafe = host_client(muni_a).get("/_util/login/", {"next": "https://evil.example/"})
    assert unsafe["Location"] == "/accounts/login/"


def test_wagtails_error_test_screen_is_not_found(muni_a, make_user, host_client):
    """``/admin/failwhale/`` raised an exception on purpose for anyone with admin access: a 500
    (and an error report) on demand."""
    head = make_user(Role.HEAD, muni_a)
    assert host_client(muni_a, head).get("/admin/failwhale/").status_code == 404


def test_the_staff_screen_answers_odd_input_with_a_message_not_a_500(muni_a, make_user, host_client):
    """The head's staff screen took any integer as a person's id and any address the form field
    allowed: an id past PostgreSQL's bigint or an address longer than the account's column
    answered 500."""
    head = make_user(Role.HEAD, muni_a)
    make_user(Role.HEAD, muni_a)  # a second head: the first may lose the role
    client = host_client(muni_a, head)
    huge_id = client.post("/admin/staff/", {"action": "revoke", "user_id": str(10**20), "role": "teacher"})
    assert huge_id.status_code == 302
    long_address = "a" * 250 + "@example.test"
    invite = client.post(
        "/admin/staff/", {"email": long_address, "last_name": "Длинная", "first_name": "Почта", "role": "teacher"}
    )
    assert invite.status_code == 200
    assert "email" in invite.context["invite_form"].errors


def test_the_edit_screens_of_people_linked_to_an_account_open(muni_a, make_user, host_client):
    """A teacher or methodologist record linked to an account answered 500 on its edit screen: the
    form offered the municipality's people (a distinct queryset) OR the linked account, which
    Django refuses to combine."""
    from django_tenants.utils import tenant_context

    from tenants.organisations.services import organisation_create
    from tenants.people.models import Methodologist
    from tenants.people.services import teacher_create

    head = make_user(Role.HEAD, muni_a)
    teacher_account = make_user(Role.TEACHER, muni_a)
    colleague = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        school = organisation_create(acting_user=head, full_name="Школа № 1", short_name="Школа 1", inn="4714004270")
        teacher = teacher_create(
            acting_user=head,
            last_name="Учителева",
            first_name="Анна",
            position="учитель",
            organisation=school,
            user=teacher_account,
        )
        methodologist = Methodologist.objects.create(user=colleague)
    client = host_client(muni_a, head)
    for url in (f"/admin/teachers/edit/{teacher.pk}/", f"/admin/methodologists/edit/{methodologist.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        offered = {choice.value for choice, _label in response.context["form"].fields["user"].choices if choice}
        assert {teacher_account.pk, colleague.pk} & offered


def test_deleting_what_other_records_name_says_so_in_russian_and_deletes_nothing(muni_a, make_user, host_client):
    """A subject named by a ГМО (``on_delete=PROTECT``). Wagtail refuses a delete its reference
    index knows is protected, but the index learns references only from ``post_save``: rows
    written by a bulk write, a COPY import (the quality results) or a command it never saw let
    Django's ProtectedError through the delete view, a 500 (cms/base/admin_deletes.py)."""
    from django.contrib.messages import get_messages
    from django_tenants.utils import tenant_context
    from wagtail.models import ReferenceIndex

    from tenants.bodies.models import Body, BodyKind
    from tenants.people.models import Subject

    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        subject = Subject.objects.create(name="Астрономия (матрица)")
        Body.objects.create(
            kind=BodyKind.CITY_ASSOCIATION, name="ГМО учителей астрономии", since_year=2025, subject=subject
        )
        ReferenceIndex.objects.filter(to_object_id=str(subject.pk)).delete()  # a reference the index never saw
    response = host_client(muni_a, head).post(f"/admin/subjects/delete/{subject.pk}/")
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("нельзя удалить" in message and "Астрономия" in message for message in said), said
    with tenant_context(muni_a):
        assert Subject.objects.filter(pk=subject.pk).exists()


def test_a_page_cannot_be_moved_out_of_the_site_or_under_a_parent_its_type_refuses(muni_a, make_user, host_client):
    """Checked, not changed: Wagtail's own move checks (permissions on the destination, the page
    types' parent rules) hold for the head of A, in the admin's move screen and in its API."""
    from django_tenants.utils import tenant_context
    from wagtail.models import Page, Site

    from cms.home.models import StandardPage
    from cms.news.models import NewsIndexPage

    head = make_user(Role.HEAD, muni_a)
    client = host_client(muni_a, head)
    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
        section = StandardPage.objects.child_of(home).first()
        news = NewsIndexPage.objects.child_of(home).first()
        root = Page.get_first_root_node()
    for page, destination in ((section, news), (section, root), (home, root)):
        screen = client.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/")
        assert screen.status_code == 302 and screen["Location"] == "/admin/"  # Wagtail's refusal
        api = client.post(
            f"/admin/api/main/pages/{page.pk}/action/move/",
            {"destination_page_id": destination.pk, "position": "last-child"},
            content_type="application/json",
        )
        assert api.status_code in (400, 403)
        with tenant_context(muni_a):
            assert Page.objects.get(pk=page.pk).get_parent().pk == (root.pk if page.pk == home.pk else home.pk)


def test_a_document_made_from_a_stored_upload_is_saved_not_a_500(muni_a, make_user, host_client, settings, tmp_path):
    """Wagtail's multiple uploader keeps an upload whose other fields failed and makes the document
    from it later; with WAGTAILDOCS_EXTENSIONS set its form raised ValueError ('DocumentForm' has no
    field named 'file'), a 500 (cms/base/documents.py)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django_tenants.utils import tenant_context
    from wagtail.documents import get_document_model
    from wagtail.models import UploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        upload = UploadedFile.objects.create(
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="plan.pdf"),
            for_content_type=ContentType.objects.get_for_model(get_document_model()),
            uploaded_by_user=methodologist,
        )
    prefix = f"uploaded-document-{upload.pk}"
    response = host_client(muni_a, methodologist).post(
        f"/admin/documents/multiple/create_from_uploaded_document/{upload.pk}/",
        {f"{prefix}-title": "План на год", f"{prefix}-collection": "1", f"{prefix}-tags": ""},
    )
    assert response.status_code == 200
    assert response.json()["success"] is True, response.json()["form"][:3000]
    with tenant_context(muni_a):
        assert get_document_model().objects.get(pk=response.json()["doc_id"]).title == "План на год"
