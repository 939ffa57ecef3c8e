"""Contests in the admin: the organisers' screens and files, no marks before publication, nobody else's access."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.contests.models import ApplicationStatus, Criterion, JuryMember
from tenants.contests.services import application_document_add, contest_results_publish, score_sheet_save
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.resources.factories import document_upload

CONTESTS = "/admin/contests/"
APPLICATIONS = "/admin/contests/applications/"


def test_organisers_see_progress_not_marks_then_the_results_and_files(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        made = contest(criteria=(20,), jurors=2)
        first, second = applicant(made, "Первакова"), applicant(made, "Вторакова")
        juror = JuryMember.objects.filter(contest=made).first()
        criterion = Criterion.objects.get(contest=made)
        score_sheet_save(juror=juror, application=first, marks={criterion.pk: Decimal("19.25")}, acting_user=None)
    client = host_client(muni_a, methodologist_a)
    screen = client.get(f"{CONTESTS}{made.pk}/results/").content.decode()
    assert "Первакова" in screen and "Лист оценки не заполнен" in screen
    assert "19,25" not in screen and "19.25" not in screen  # marks are sealed until published
    assert client.get(f"{CONTESTS}{made.pk}/protocol.pdf").status_code == 404
    with tenant_context(muni_a):
        score_all(made, {first: [19], second: [11]})
    client.post(f"{CONTESTS}{made.pk}/results/", {"action": "publish"})
    screen = client.get(f"{CONTESTS}{made.pk}/results/").content.decode()
    assert "Победитель" in screen and "38" in screen
    docx = client.get(f"{CONTESTS}{made.pk}/protocol.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK" and "no-store" in docx["Cache-Control"]
    pdf = client.get(f"{CONTESTS}{made.pk}/protocol.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    diplomas = client.get(f"{CONTESTS}{made.pk}/certificates.pdf")
    assert diplomas.status_code == 200 and diplomas.content.startswith(b"%PDF")


def test_nobody_but_the_municipalitys_staff_reaches_applications(muni_a, muni_b, make_user, host_client):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        application = applicant(made, "Секретова", status=ApplicationStatus.SUBMITTED)
        document = application_document_add(
            application=application, title="Эссе", file=document_upload("pdf", "Эссе"), acting_user=None
        )
    staff = host_client(muni_a, make_user(Role.HEAD, muni_a))
    assert "Секретова" in staff.get(APPLICATIONS).content.decode()
    assert staff.get(f"{APPLICATIONS}documents/{document.pk}/").status_code == 200
    assert "Секретова" in staff.get(f"{APPLICATIONS}inspect/{application.pk}/").content.decode()
    outsiders = [
        make_user(Role.TEACHER, muni_a),
        make_user(Role.METHODOLOGIST, muni_b),
        make_user(Role.HEAD, muni_b),
        make_user(Role.INSTITUTE),
        make_user(Role.COMMITTEE),
    ]
    for user in outsiders:
        client = host_client(muni_a, user)
        for url in (APPLICATIONS, f"{APPLICATIONS}documents/{document.pk}/", f"{CONTESTS}{made.pk}/results/"):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (user, url)
            assert "Секретова" not in response.content.decode()


def test_the_methodologists_home_counts_waiting_applications_and_open_sheets(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=2)
        applicant(made, "Ждунова", status=ApplicationStatus.SUBMITTED)
        admitted = applicant(made, "Допущенова")
        score_all(made, {admitted: [5]})
        second = contest(title="Воспитатель года", criteria=(10,), jurors=1)
        applicant(second, "Неоцененова")
        done = contest(title="Сердце отдаю детям", criteria=(10,), jurors=1)
        score_all(done, {applicant(done, "Готова"): [5]})
        contest_results_publish(contest=done, acting_user=None)
    from tenants.contests.home import staff_lines

    with tenant_context(muni_a):
        lines = {line.key: line.count for line in staff_lines(methodologist_a, None)}
    assert lines == {"contests.applications_waiting": 1, "contests.sheets_incomplete": 1}
    home = host_client(muni_a, methodologist_a).get("/admin/").content.decode()
    assert "заявок на конкурсы ждут решения" in home and "листов оценки жюри не заполнено" in home
