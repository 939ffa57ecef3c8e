"""The olympiad in the admin: organisers see pupils' names, nobody else does (the region's observers,
teachers, another municipality's staff); the protocol screen, its files and the certificates."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.olympiads.models import Participant, ParticipantStatus
from tests.tenants.olympiads.factories import municipal_round, pupil

PARTICIPANTS = "/admin/olympiads/participants/"
ROUNDS = "/admin/olympiads/rounds/"


def _round_with_pupils():
    round_ = municipal_round(passing={9: Decimal(60)})
    pupil(round_, "Секретов", score="90", status=ParticipantStatus.WINNER, publication_consent=True)
    pupil(round_, "Тайнова", score="20")
    return round_


def test_organisers_see_names_and_the_protocol(muni_a, methodologist_a, host_client, make_user):
    with tenant_context(muni_a):
        round_ = _round_with_pupils()
    for user in (methodologist_a, make_user(Role.HEAD, muni_a), make_user(Role.CHAIR, muni_a)):
        client = host_client(muni_a, user)
        listing = client.get(PARTICIPANTS).content.decode()
        assert "Секретов" in listing and "Тайнова" in listing, user
        protocol = client.get(f"{ROUNDS}{round_.pk}/protocol/").content.decode()
        assert "Секретов" in protocol and "Проходные баллы" in protocol
    client = host_client(muni_a, methodologist_a)
    docx = client.get(f"{ROUNDS}{round_.pk}/protocol.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "no-store" in docx["Cache-Control"]
    pdf = client.get(f"{ROUNDS}{round_.pk}/protocol.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    certificates = client.get(f"{ROUNDS}{round_.pk}/certificates.pdf")
    assert certificates.status_code == 200 and certificates.content.startswith(b"%PDF")


def test_the_protocol_screen_publishes_only_by_the_rules(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        round_ = municipal_round()
        for index, score in enumerate(["90", "80", "20", "10"]):
            pupil(
                round_,
                f"Ученик{index}",
                score=score,
                status=ParticipantStatus.PRIZE_WINNER if index == 1 else "participant",
            )
    client = host_client(muni_a, methodologist_a)
    url = f"{ROUNDS}{round_.pk}/protocol/"
    page = client.post(url, {"action": "publish"}, follow=True).content.decode()
    assert "рейтингу" in page  # a prize-winner above the one with 90 points
    with tenant_context(muni_a):
        round_.refresh_from_db()
        assert round_.protocol_published_at is None
    client.post(url, {"action": "statuses"})
    client.post(url, {"action": "publish"})
    with tenant_context(muni_a):
        round_.refresh_from_db()
        assert round_.protocol_published_at is not None
        assert Participant.objects.get(last_name="Ученик0").status == ParticipantStatus.WINNER


def test_a_participant_typed_in_the_admin_gets_who_goes_on(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        round_ = municipal_round(passing={10: Decimal("45.5")})
        school = pupil(round_, "Другой", score="1", grade=10).organisation
    response = host_client(muni_a, methodologist_a).post(
        f"{PARTICIPANTS}new/",
        {
            "round": round_.pk,
            "last_name": "Новикова",
            "first_name": "Ольга",
            "middle_name": "",
            "grade": 10,
            "organisation": school.pk,
            "teacher": "",
            "score": "45.5",
            "status": "participant",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    with tenant_context(muni_a):
        assert Participant.objects.get(last_name="Новикова").advances is True


def test_nobody_but_the_organisers_reads_the_pupils(muni_a, muni_b, host_client, make_user):
    with tenant_context(muni_a):
        round_ = _round_with_pupils()
        one = Participant.objects.get(last_name="Секретов")
    urls = (
        PARTICIPANTS,
        f"{PARTICIPANTS}edit/{one.pk}/",
        f"{ROUNDS}{round_.pk}/protocol/",
        f"{ROUNDS}{round_.pk}/protocol.docx",
        f"{ROUNDS}{round_.pk}/certificates.pdf",
    )
    institute = make_user(Role.INSTITUTE, None)
    teacher = make_user(Role.TEACHER, muni_a)
    head_b = make_user(Role.HEAD, muni_b)
    for user in (institute, teacher, head_b):
        client = host_client(muni_a, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (user, url, response.status_code)
            assert "Секретов" not in response.content.decode()
    on_b = host_client(muni_b, head_b)
    assert "Секретов" not in on_b.get(PARTICIPANTS).content.decode()
    assert on_b.get(f"{PARTICIPANTS}edit/{one.pk}/").status_code == 404
    assert on_b.get(f"{ROUNDS}{round_.pk}/protocol/").status_code == 404
