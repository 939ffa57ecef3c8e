"""The public request page and the teacher's own requests: the form, honeypot, rate limit, isolation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.consultations.forms import PER_ADDRESS, PER_EMAIL, ConsultationRequestForm
from tenants.consultations.models import Consultation
from tenants.rate_limits import form_error_status
from tests.tenants.consultations.conftest import consultation_page_url
from tests.tenants.consultations.factories import consultation

FORM = {
    "requester_kind": "parent",
    "requester_name": "Петров Иван Сергеевич",
    "email": "petrov@example.test",
    "phone": "+7 900 000-00-00",
    "area": "",
    "topic": "Адаптация первоклассника",
    "question": "Ребёнок не хочет идти в школу. К кому обратиться?",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def page_a(muni_a) -> str:
    return consultation_page_url(muni_a)


def count_in(municipality) -> int:
    with tenant_context(municipality):
        return Consultation.objects.count()


def test_the_form_has_labels_and_no_javascript(muni_a, page_a, host_client):
    response = host_client(muni_a).get(page_a)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_requester_name">' in html and '<label for="id_question">' in html
    assert "<legend>Кто обращается</legend>" in html
    assert "<script" not in html.split('<main id="main"', 1)[1]
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html  # the honeypot


def test_a_visitor_sends_a_request_and_is_told_its_number(muni_a, page_a, host_client):
    client = host_client(muni_a)
    response = client.post(page_a, FORM, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    with tenant_context(muni_a):
        item = Consultation.objects.get()
    assert item.requester_kind == "parent" and item.requester_user is None
    page = client.get(response["Location"]).content.decode()
    assert f"Обращение № {item.pk} принято" in page and 'role="status"' in page


def test_errors_are_announced_and_linked_to_fields(muni_a, page_a, host_client):
    response = host_client(muni_a).post(page_a, {**FORM, "email": "нет", "consent": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_email-help id_email-error"' in html
    assert "Без согласия на обработку персональных данных" in html
    assert count_in(muni_a) == 0


def test_the_honeypot_stops_a_bot(muni_a, page_a, host_client):
    response = host_client(muni_a).post(page_a, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "похоже, форму заполнила программа" in response.content.decode()
    assert count_in(muni_a) == 0


def test_rate_limit_per_email_with_a_russian_message(muni_a, page_a, host_client):
    client = host_client(muni_a)
    for n in range(PER_EMAIL.limit):
        assert client.post(page_a, FORM, REMOTE_ADDR=f"10.0.1.{n}").status_code == 302
    response = client.post(page_a, FORM, REMOTE_ADDR="10.0.1.200")
    assert response.status_code == 429
    assert "Слишком много обращений за последний час" in response.content.decode()
    assert count_in(muni_a) == PER_EMAIL.limit


def test_rate_limit_per_address_and_per_municipality(muni_a, muni_b, page_a, host_client):
    client = host_client(muni_a)
    for n in range(PER_ADDRESS.limit):
        assert client.post(page_a, {**FORM, "email": f"p{n}@example.test"}, REMOTE_ADDR="10.0.2.1").status_code == 302
    refused = client.post(page_a, {**FORM, "email": "other@example.test"}, REMOTE_ADDR="10.0.2.1")
    assert refused.status_code == 429 and count_in(muni_a) == PER_ADDRESS.limit
    # The same address is a stranger to municipality B: its allowance is its own.
    page_b = consultation_page_url(muni_b)
    assert host_client(muni_b).post(page_b, FORM, REMOTE_ADDR="10.0.2.1").status_code == 302
    assert count_in(muni_b) == 1


def test_behind_the_proxy_the_limit_counts_each_visitor_not_the_proxy(muni_a, page_a, host_client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = host_client(muni_a)
    proxy = {"REMOTE_ADDR": "10.0.3.1"}  # nginx: the same address for every visitor
    for n in range(PER_ADDRESS.limit):
        form = {**FORM, "email": f"v{n}@example.test"}
        assert client.post(page_a, form, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **proxy).status_code == 302
    # Another visitor behind the same proxy still gets through; the first one's sixth is refused.
    other = client.post(page_a, {**FORM, "email": "w@example.test"}, HTTP_X_FORWARDED_FOR="203.0.113.99", **proxy)
    assert other.status_code == 302
    for n in range(PER_ADDRESS.limit - 1):
        form = {**FORM, "email": f"again{n}@example.test"}
        assert client.post(page_a, form, HTTP_X_FORWARDED_FOR="203.0.113.0", **proxy).status_code == 302
    refused = client.post(page_a, {**FORM, "email": "last@example.test"}, HTTP_X_FORWARDED_FOR="203.0.113.0", **proxy)
    assert refused.status_code == 429 and count_in(muni_a) == 2 * PER_ADDRESS.limit


def test_without_redis_the_request_is_refused_politely_and_nothing_is_lost(muni_a, settings):
    """Fail closed: the limits cannot be counted, so no letter goes out; a Russian message, not a 500."""
    with tenant_context(muni_a):
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},  # nothing listens
        }
        request = RequestFactory().post("/", FORM, REMOTE_ADDR="10.0.4.1")
        request.user = AnonymousUser()
        form = ConsultationRequestForm(FORM)
        assert form.submit(request) is None
        assert form_error_status(form) == 503
        assert "Попробуйте ещё раз через несколько минут" in " ".join(form.non_field_errors())
        assert form["question"].value() == FORM["question"]
        assert Consultation.objects.count() == 0


def test_a_teacher_sees_only_their_own_requests(muni_a, host_client, make_user):
    teacher = make_user(Role.TEACHER, muni_a, first_name="Ольга", last_name="Иванова")
    other = make_user(Role.TEACHER, muni_a)
    client = host_client(muni_a, teacher)
    form = client.get("/consultations/new/").content.decode()
    assert teacher.email in form and "Иванова Ольга" in form
    response = client.post("/consultations/new/", {**FORM, "requester_kind": "teacher", "email": teacher.email})
    assert response.status_code == 302
    with tenant_context(muni_a):
        mine = Consultation.objects.get(requester_user=teacher)
        theirs = consultation(topic="Чужой вопрос", requester_user=other, email=other.email)
    listing = client.get("/consultations/").content.decode()
    assert "Адаптация первоклассника" in listing and "Чужой вопрос" not in listing
    assert client.get(f"/consultations/{mine.pk}/").status_code == 200
    assert client.get(f"/consultations/{theirs.pk}/").status_code == 404


def test_the_account_pages_need_a_role_here(muni_a, muni_b, host_client, make_user):
    assert host_client(muni_a).get("/consultations/").status_code == 302  # to the login page
    teacher_b = make_user(Role.TEACHER, muni_b)
    with tenant_context(muni_a):
        item = consultation(requester_user=teacher_b, email=teacher_b.email)
    client = host_client(muni_a, teacher_b)
    assert client.get("/consultations/").status_code == 403
    assert client.get(f"/consultations/{item.pk}/").status_code == 403
    # On B's host, the same person sees nothing of A's: the number means nothing there.
    assert host_client(muni_b, teacher_b).get(f"/consultations/{item.pk}/").status_code == 404
