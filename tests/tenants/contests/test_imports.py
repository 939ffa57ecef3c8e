"""Importing the regional and federal stages' results: every bad row named with its reason, the whole
file or nothing, results landing on the teacher's record and in the roll-up, the admin's screens by
role and municipality."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from rollups.models import ContestRollup
from tenants.academic_years import AcademicYear
from tenants.contests.imports import StageResultImportSpec, stage_results_import
from tenants.contests.models import ApplicationStatus, Level, Result, StageResult, TeacherContestRecord
from tenants.contests.services import contest_results_publish
from tenants.imports.engine import ImportRejected, import_plan
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.imports.files import xlsx_bytes, xlsx_rows
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

HEADER = ["Конкурс", "Этап", "Педагог", "Организация", "Итог", "Место", "Проходит на следующий этап"]
URL = "/admin/contests/stage-results/"


def _row(teacher="Победина Вера", *, contest_title="Педагог года", stage="Региональный этап", organisation="",
         result="Победитель", rank=1, advances="да"):  # fmt: skip
    return [contest_title, stage, teacher, organisation, result, rank, advances]


@pytest.fixture
def published(muni_a):
    """A contest whose municipal stage is published: the winner went on, the prize-winner did not."""
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1)
        winner = applicant(made, teacher=TeacherFactory(last_name="Победина", first_name="Вера", middle_name=""))
        other = applicant(made, teacher=TeacherFactory(last_name="Другова", first_name="Анна", middle_name=""))
        applicant(
            made,
            teacher=TeacherFactory(last_name="Ждущая", first_name="Ия", middle_name=""),
            status=ApplicationStatus.SUBMITTED,
        )
        score_all(made, {winner: [9], other: [5]})
        contest_results_publish(contest=made, acting_user=None)
        return made, winner, other


def test_bad_rows_are_named_and_nothing_is_applied(muni_a, methodologist_a, published):
    data = xlsx_bytes(
        [
            HEADER,
            _row(),  # 2: good — the municipal winner at the regional stage, going on
            _row("Другова Анна", result="Участник", rank=5, advances="нет"),  # 3: did not go on
            _row(contest_title="Воспитатель года"),  # 4: no such contest this year
            _row("Неизвестная Ольга"),  # 5: no application
            _row(stage="Федеральный этап", result="Призёр", rank=2),  # 6: going on after the federal stage
            _row("Ждущая Ия", advances="нет"),  # 7: the application was not admitted
            _row(result="Лауреат"),  # 8: not a result
            _row(rank=3),  # 9: the same participant and stage as row 2
            _row("Другова Анна", stage="Федеральный этап", advances="нет"),  # 10: no regional stage behind
            _row(rank="первое"),  # 11: not a place
        ]
    )
    with tenant_context(muni_a):
        plan = import_plan(StageResultImportSpec(), data, filename="region.xlsx")
        errors = {e.row: str(e) for e in plan.errors}
        assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
        assert "не проходил" in errors[3] and "«Этап»" in errors[3]
        assert "не заведён" in errors[4]
        assert "Неизвестная Ольга" in errors[5] and "не подавал" in errors[5]
        assert "некуда" in errors[6]
        assert "не допущена" in errors[7]
        assert "«Лауреат» не подходит" in errors[8]
        assert "строке 2" in errors[9]
        assert "не проходил" in errors[10]
        assert "Место" in errors[11]
        with pytest.raises(ImportRejected):
            stage_results_import(data=data, filename="region.xlsx", acting_user=methodologist_a)
        assert not StageResult.objects.exclude(level=Level.MUNICIPAL).exists()
        assert not TeacherContestRecord.objects.exclude(level=Level.MUNICIPAL).exists()
    assert not AuditEntry.objects.filter(action="contest_stage_result.import").exists()


def test_a_good_file_lands_on_the_record_and_the_rollup_and_again_updates(muni_a, methodologist_a, published):
    _made, winner, _other = published
    year = AcademicYear.current().label
    data = xlsx_bytes(
        [
            ["Учебный год", *HEADER],
            [year, *_row()],
            # The federal stage rests on the regional row of the same file.
            ["", *_row(stage="федеральный", result="призёр", rank=3, advances="")],
        ]
    )
    with tenant_context(muni_a):
        result = stage_results_import(data=data, filename="region.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated) == (2, 0)
        regional = StageResult.objects.get(application=winner, level=Level.REGIONAL)
        assert (regional.result, regional.rank, regional.advances) == (Result.WINNER, 1, True)
        records = dict(TeacherContestRecord.objects.filter(teacher=winner.teacher).values_list("level", "result"))
        assert records == {
            Level.MUNICIPAL: Result.WINNER, Level.REGIONAL: Result.WINNER, Level.FEDERAL: Result.PRIZE_WINNER,
        }  # fmt: skip
        again = xlsx_bytes([HEADER, _row(stage="Федеральный этап", result="Победитель", rank=1, advances="нет")])
        result = stage_results_import(data=again, filename="region-2.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
        record = TeacherContestRecord.objects.get(teacher=winner.teacher, level=Level.FEDERAL)
        assert record.result == Result.WINNER
        exported = xlsx_rows(_export(StageResult.objects.all()))
        assert len(exported) == 3  # the header, regional, federal: no municipal row
    assert AuditEntry.objects.filter(action="contest_stage_result.import").count() == 2
    rollup = {r.level: r for r in ContestRollup.objects.filter(municipality=muni_a)}
    assert (rollup["regional"].participants, rollup["regional"].winners, rollup["regional"].advanced) == (1, 1, 1)
    assert (rollup["federal"].participants, rollup["federal"].winners) == (1, 1)


def _export(queryset):
    from tenants.imports.spreadsheets import export_xlsx

    return export_xlsx(StageResultImportSpec(), queryset)


def test_namesakes_are_told_apart_by_the_organisation(muni_a, methodologist_a):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1, nominations=("Учитель", "Дебют"))
        nominations = {n.title: n for n in made.nominations.all()}
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 1»")
        school = OrganisationFactory(short_name="МБОУ «СОШ № 2»")
        first = applicant(
            made,
            teacher=TeacherFactory(last_name="Смирнова", first_name="Ольга", middle_name="", organisation=lyceum),
            nomination=nominations["Учитель"],
        )
        second = applicant(
            made,
            teacher=TeacherFactory(last_name="Смирнова", first_name="Ольга", middle_name="", organisation=school),
            nomination=nominations["Дебют"],
        )
        score_all(made, {first: [9], second: [8]})  # each wins their nomination and goes on
        contest_results_publish(contest=made, acting_user=None)
        ambiguous = xlsx_bytes([HEADER, _row("Смирнова Ольга")])
        (error,) = import_plan(StageResultImportSpec(), ambiguous, filename="r.xlsx").errors
        assert "несколько" in str(error) and "Организация" in str(error)
        told = xlsx_bytes([HEADER, _row("Смирнова Ольга", organisation="мбоу «сош № 2»", result="Призёр", rank=2)])
        stage_results_import(data=told, filename="r.xlsx", acting_user=methodologist_a)
        assert list(StageResult.objects.filter(level=Level.REGIONAL).values_list("application_id", "result")) == [
            (second.pk, Result.PRIZE_WINNER)
        ]


def test_the_import_screens_by_role_and_municipality(
    muni_a, muni_b, methodologist_a, published, make_user, host_client
):
    _made, winner, _other = published
    client = host_client(muni_a, methodologist_a)
    listing = client.get(URL).content.decode()
    assert f"{URL}import/" in listing  # the listing offers the import
    assert client.get(f"{URL}import/template/").status_code == 200
    data = xlsx_bytes([HEADER, _row()])
    preview_url = client.post(f"{URL}import/", {"file": SimpleUploadedFile("r.xlsx", data)})["Location"]
    preview = client.get(preview_url).content.decode()
    assert "Победина Вера" in preview and "data-import-confirm" in preview
    # Nobody else uses the uploaded file, nor reaches the import: B's staff, A's teacher, the observers.
    for user in (make_user(Role.HEAD, muni_b), make_user(Role.TEACHER, muni_a), make_user(Role.INSTITUTE, None)):
        other = host_client(muni_a, user)
        assert other.post(preview_url).status_code in (302, 403, 404), user
        response = other.post(f"{URL}import/", {"file": SimpleUploadedFile("r.xlsx", data)})
        assert response.status_code in (302, 403), user
        assert "/import/" not in response.get("Location", "").split("?")[0], user
    with tenant_context(muni_a):
        assert not StageResult.objects.filter(level=Level.REGIONAL).exists()
    done = client.post(preview_url, follow=True).content.decode()
    assert "Импорт выполнен: добавлено 1" in done
    with tenant_context(muni_a):
        assert StageResult.objects.get(level=Level.REGIONAL).application_id == winner.pk
    with tenant_context(muni_b):
        assert not StageResult.objects.exists()
