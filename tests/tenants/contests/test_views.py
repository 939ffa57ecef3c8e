"""The teacher's and the juror's pages on the site: applying, documents, withdrawing; a juror's own sheet only."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.contests.models import Application, ApplicationDocument, ApplicationStatus, Criterion, JuryMember, Score
from tenants.contests.services import contest_results_publish, score_sheet_save
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.people.factories import TeacherFactory
from tests.tenants.resources.factories import document_upload


def _teacher_user(make_user, municipality, **fields):
    user = make_user(Role.TEACHER, municipality)
    with tenant_context(municipality):
        teacher = TeacherFactory(user=user, **fields)
    return user, teacher


def test_a_teacher_applies_attaches_documents_and_withdraws(muni_a, make_user, host_client):
    user, teacher = _teacher_user(make_user, muni_a, last_name="Заявкина")
    with tenant_context(muni_a):
        made = contest(applications_until=timezone.localdate() + datetime.timedelta(days=3), nominations=("Дебют",))
        nomination = made.nominations.get()
    client = host_client(muni_a, user)
    page = client.get("/contests/")
    assert page.status_code == 200 and "Педагог года" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    client.post(f"/contests/{made.pk}/apply/", {"nomination": nomination.pk})
    with tenant_context(muni_a):
        application = Application.objects.get(teacher=teacher)
        assert (application.status, application.from_cabinet, application.nomination) == (
            ApplicationStatus.SUBMITTED, True, nomination,
        )  # fmt: skip
    url = f"/contests/applications/{application.pk}/documents/"
    client.post(url, {"title": "Эссе", "file": SimpleUploadedFile("essay.pdf", b"<html>not a pdf</html>")})
    client.post(url, {"title": "Представление организации", "file": document_upload("pdf", "Представление")})
    with tenant_context(muni_a):
        document = ApplicationDocument.objects.get(application=application)
        assert document.title == "Представление организации" and document.file_format == "pdf"
    download = client.get(f"/contests/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # Another teacher: neither the document nor the application.
    other, _teacher = _teacher_user(make_user, muni_a)
    stranger = host_client(muni_a, other)
    assert stranger.get(f"/contests/documents/{document.pk}/").status_code == 404
    assert stranger.post(f"/contests/applications/{application.pk}/withdraw/").status_code == 404
    assert stranger.post(url, {"title": "x", "file": document_upload("pdf", "x")}).status_code == 404
    client.post(f"/contests/applications/{application.pk}/withdraw/")
    with tenant_context(muni_a):
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN


def test_a_juror_sees_and_changes_only_their_own_sheet_until_publication(muni_a, make_user, host_client):
    first_user, second_user = make_user(Role.TEACHER, muni_a), make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        made = contest(criteria=(20,), jurors=2)
        first, second = list(JuryMember.objects.filter(contest=made).order_by("pk"))
        for juror, user in ((first, first_user), (second, second_user)):
            juror.teacher.user = user
            juror.teacher.save(update_fields=["user"])
        application = applicant(made, "Оценкина")
        criterion = Criterion.objects.get(contest=made)
        score_sheet_save(juror=second, application=application, marks={criterion.pk: Decimal("13.75")},
                         acting_user=None)  # fmt: skip
    client = host_client(muni_a, first_user)
    sheet = client.get(f"/contests/jury/{made.pk}/").content.decode()
    assert "Оценкина" in sheet and "13,75" not in sheet and "13.75" not in sheet
    form_url = f"/contests/jury/{made.pk}/{application.pk}/"
    form = client.get(form_url).content.decode().split("<form")[1]
    # The other juror's mark is not shown (ids in the page's links may contain "13": look for the mark).
    assert "13,75" not in form and "13.75" not in form and 'value="13' not in form
    too_high = client.post(form_url, {f"criterion_{criterion.pk}": "20.5"})
    assert too_high.status_code == 400 and "максимального" in too_high.content.decode()
    client.post(form_url, {f"criterion_{criterion.pk}": "17,5"})
    with tenant_context(muni_a):
        assert Score.objects.get(juror=first).value == Decimal("17.5")
        assert Score.objects.get(juror=second).value == Decimal("13.75")  # untouched by the first juror
    # Not on the jury: nothing; the other municipality's host: nothing.
    outsider = make_user(Role.TEACHER, muni_a)
    assert host_client(muni_a, outsider).get(f"/contests/jury/{made.pk}/").status_code == 404
    assert host_client(muni_a, outsider).post(form_url, {f"criterion_{criterion.pk}": "1"}).status_code == 404
    with tenant_context(muni_a):
        contest_results_publish(contest=made, acting_user=None)
    published = client.get(f"/contests/jury/{made.pk}/").content.decode()
    assert "Итоги муниципального этапа" in published and "31,25" in published  # 17.5 + 13.75
    client.post(form_url, {f"criterion_{criterion.pk}": "1"})
    with tenant_context(muni_a):
        assert Score.objects.get(juror=first).value == Decimal("17.5")  # closed after publication


def test_the_jury_pages_of_a_are_not_reachable_from_b(muni_a, muni_b, make_user, host_client):
    user = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        juror = JuryMember.objects.get(contest=made)
        juror.teacher.user = user
        juror.teacher.save(update_fields=["user"])
    assert host_client(muni_a, user).get(f"/contests/jury/{made.pk}/").status_code == 200
    assert host_client(muni_b, user).get(f"/contests/jury/{made.pk}/").status_code == 404


def test_results_land_on_the_teachers_growth_page_and_cabinet(muni_a, make_user, host_client):
    user, teacher = _teacher_user(make_user, muni_a, last_name="Ростова")
    with tenant_context(muni_a):
        made = contest(title="Сердце отдаю детям", criteria=(10,), jurors=1)
        mine, other = applicant(made, teacher=teacher), applicant(made, "Соперникова")
        score_all(made, {mine: [9], other: [4]})
    client = host_client(muni_a, user)
    growth = client.get("/growth/").content.decode()
    assert "Сердце отдаю детям" in growth and "итоги ещё не объявлены" in growth
    with tenant_context(muni_a):
        contest_results_publish(contest=made, acting_user=None)
    growth = client.get("/growth/").content.decode()
    assert "Сердце отдаю детям" in growth and "Победитель" in growth
    cabinet = client.get("/cabinet/").content.decode()
    assert "моих побед и призовых мест в конкурсах" in cabinet
