"""Minutes, plans and analyses are checked by content and size, with Russian messages."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.bodies.models import BODY_DOCUMENT_MAX_SIZE, BodyMeeting
from tenants.bodies.services import body_meeting_create, body_meeting_update, body_year_save
from tests.tenants.bodies.conftest import YEAR, docx_bytes, pdf_bytes, upload
from tests.tenants.bodies.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 10, 7)


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("protokol.pdf", pdf_bytes()), ("protokol.docx", docx_bytes()), ("protokol.odt", odt_bytes())],
)
def test_minutes_in_pdf_docx_odt_are_accepted(muni_a, methodologist_a, media_root, name, content):
    with tenant_context(muni_a):
        meeting = body_meeting_create(
            body=BodyFactory(since_year=2024),
            date=DAY,
            agenda="Повестка",
            minutes=upload(name, content),
            acting_user=methodologist_a,
        )
        with meeting.minutes.open("rb") as stored:
            assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokol.pdf", b"<html><script>alert(1)</script></html>"),
        ("protokol.docx", b"PK\x03\x04 not really a zip"),
        ("protokol.xlsx", b""),
    ],
)
def test_minutes_of_another_kind_are_refused_whatever_the_name(muni_a, methodologist_a, media_root, name, content):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        body_meeting_create(
            body=BodyFactory(since_year=2024),
            date=DAY,
            agenda="Повестка",
            minutes=upload(name, content),
            acting_user=methodologist_a,
        )
    assert error.value.message_dict["minutes"][0] in (
        "Допускаются только файлы PDF, DOCX, ODT; содержимое этого файла им не соответствует.",
        "Файл пустой.",
    )
    with tenant_context(muni_a):
        assert not BodyMeeting.objects.exists()


def test_oversized_minutes_are_refused(muni_a, methodologist_a, media_root):
    content = pdf_bytes() + b"0" * BODY_DOCUMENT_MAX_SIZE
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        body_meeting_create(
            body=BodyFactory(since_year=2024),
            date=DAY,
            agenda="Повестка",
            minutes=upload("big.pdf", content),
            acting_user=methodologist_a,
        )
    message = error.value.message_dict["minutes"][0].replace("\xa0", " ")
    assert message == "Файл слишком большой: 10,0 МБ, допускается не больше 10,0 МБ."


def test_plan_and_analysis_files_are_checked_too(muni_a, methodologist_a, media_root):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        with pytest.raises(ValidationError) as error:
            body_year_save(
                body=body,
                academic_year=YEAR,
                plan_file=upload("plan.pdf", b"GIF89a"),
                analysis_file=upload("analysis.docx", b"plain text"),
                acting_user=methodologist_a,
            )
        assert set(error.value.message_dict) == {"plan_file", "analysis_file"}
        saved = body_year_save(
            body=body, academic_year=YEAR, plan_file=upload("plan.pdf", pdf_bytes()), acting_user=methodologist_a
        )
        assert saved.plan_file.name.startswith("bodies/plans/")


def test_a_stored_file_is_not_checked_again_on_each_edit(muni_a, methodologist_a, media_root):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024)
        leader = MembershipFactory(body=body, academic_year=YEAR.start)
        meeting = body_meeting_create(
            body=body, date=DAY, agenda="Повестка", minutes=upload("p.pdf", pdf_bytes()), acting_user=methodologist_a
        )
        meeting.minutes.storage.delete(meeting.minutes.name)  # even a file gone from disk does not block edits
        body_meeting_update(meeting=meeting, agenda="Новая повестка", attendees=[leader], acting_user=methodologist_a)
        meeting.refresh_from_db()
        assert meeting.agenda == "Новая повестка" and list(meeting.attendees.all()) == [leader]
