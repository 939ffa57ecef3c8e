"""Results from XLSX/CSV: preview, all or nothing, every bad row named with its number and reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from accounts.models import Role
from audit.models import AuditEntry
from rollups.models import QualityRollup
from tenants.imports.engine import ImportRejected, import_apply, import_plan
from tenants.quality.imports import ResultImportSpec
from tenants.quality.models import AssessmentResult, Flag
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.quality.factories import procedure
from tests.tenants.quality.urls import refused

HEADER = ["ИНН", "Организация", "Класс", "Буква класса", "Предмет", "Участников", "«2»", "«3»", "«4»", "«5»",
          "Понизили", "Подтвердили", "Повысили"]  # fmt: skip


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def schools(muni_a):
    with tenant_context(muni_a):
        return OrganisationFactory(short_name="СОШ № 1"), OrganisationFactory(short_name="СОШ № 2")


def test_a_good_file_is_previewed_then_applied_whole(muni_a, methodologist_a, schools):
    one, two = schools
    data = xlsx(
        [
            [one.inn, "СОШ № 1", 5, "", "Математика", 25, 7, 10, 6, 2, 2, 20, 3],
            [one.inn, "СОШ № 1", "5", None, "русский язык", 25, 2, 10, 9, 4, 2, 21, 2],
            [int(two.inn), "СОШ № 2", 5, "", "math", 24, 1, 9, 10, 4, "", "", ""],
            [two.inn, "СОШ № 2", "6А", "", "Математика", 26, 2, 10, 10, 4, 1, 24, 1],
        ]
    )
    with tenant_context(muni_a):
        vpr = procedure("vpr", grades=(5, 6))
        spec = ResultImportSpec(procedure=vpr)
        plan = import_plan(spec, data, filename="vpr.xlsx")
        assert plan.is_valid, [str(e) for e in plan.errors]
        assert plan.counts["create"] == 4
        result = import_apply(spec, data, filename="vpr.xlsx", acting_user=methodologist_a)
        assert result.created == 4
        assert AssessmentResult.objects.get(organisation=two, grade=6).class_letter == "А"
        assert AssessmentResult.objects.get(organisation=two, grade=5).journal_raised is None
        flag = Flag.objects.get()
        assert (flag.organisation, flag.reason) == (one, "low_share_2")  # 7 of 25 = 28 %
        # Every row has its history entry, naming the object it was written to.
        from wagtail.models import ModelLogEntry

        logged = set(ModelLogEntry.objects.filter(action="metodika.import.create").values_list("object_id", flat=True))
        assert logged == {str(pk) for pk in AssessmentResult.objects.values_list("pk", flat=True)}
    assert AuditEntry.objects.filter(action="assessment_result.import", data__created=4).exists()
    row = QualityRollup.objects.get(municipality=muni_a, kind_code="vpr", subject_code="math", grade=5)
    assert (row.participants, row.marks_2, row.organisations, row.organisations_flagged_low) == (49, 8, 2, 1)
    assert row.journal_participants == 25  # the row without the journal comparison is not counted there

    # The same file again: nothing to do; one number changed: one update.
    with tenant_context(muni_a):
        assert import_plan(spec, data, filename="vpr.xlsx").counts["unchanged"] == 4
        changed = xlsx([[one.inn, "СОШ № 1", 5, "", "Математика", 25, 5, 12, 6, 2, 2, 20, 3]])
        plan = import_plan(spec, changed, filename="fix.xlsx")
        assert plan.counts["update"] == 1 and plan.rows[0].changes == ["«2»", "«3»"]
        import_apply(spec, changed, filename="fix.xlsx", acting_user=methodologist_a)
        assert not Flag.objects.exists()  # 5 of 25 = 20 %


def test_every_bad_row_is_named_and_nothing_is_applied(muni_a, methodologist_a, schools):
    one, _two = schools
    data = xlsx(
        [
            [one.inn, "", 5, "", "Математика", 25, 7, 10, 6, 2, 2, 20, 3],  # row 2: good
            ["4714999990", "", 5, "", "Математика", 20, 5, 5, 5, 5, "", "", ""],  # 3: unknown INN
            [one.inn, "", 9, "", "Математика", 20, 5, 5, 5, 5, "", "", ""],  # 4: no grade 9 in this ВПР
            [one.inn, "", 6, "", "Математика", 20, 5, 5, 5, 6, "", "", ""],  # 5: 21 marks for 20
            [one.inn, "", 6, "", "Астрономия", 20, 5, 5, 5, 5, "", "", ""],  # 6: unknown subject
            [one.inn, "", 6, "", "Физика", 20, 5, 5, 5, 5, "", "", ""],  # 7: not a subject of the procedure
            [one.inn, "", 5, "", "Математика", 25, 7, 10, 6, 2, 2, 20, 3],  # 8: repeats row 2
            [one.inn, "", 6, "", "Математика", 20, 5, 5, 5, 5, 1, 1, 1],  # 9: journal adds to 3
            [one.inn, "", "пятый", "", "Математика", 20, 5, 5, 5, 5, "", "", ""],  # 10: not a grade
            [one.inn, "", 6, "", "Математика", -1, 0, 0, 0, 0, "", "", ""],  # 11: negative
            [one.inn, "", 6, "Б", "Математика", 20, 5, 5, 5, None, "", "", ""],  # 12: «5» missing
        ]
    )
    with tenant_context(muni_a):
        vpr = procedure("vpr", grades=(5, 6))
        spec = ResultImportSpec(procedure=vpr)
        plan = import_plan(spec, data, filename="bad.xlsx")
        by_row = {}
        for error in plan.errors:
            by_row.setdefault(error.row, []).append(error.message)
        assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
        assert "Нет организации с ИНН 4714999990" in by_row[3][0]
        assert "нет 9 класса" in by_row[4][0]
        assert "Отметок «2»–«5» 21, а участников 20" in by_row[5][0]
        assert "Нет такого предмета: «Астрономия»" in by_row[6][0]
        assert "Предмет не входит в процедуру" in by_row[7][0]
        assert "уже были в строке 2" in by_row[8][0]
        assert "Понизили, подтвердили и повысили — 3" in by_row[9][0]
        assert "Класс указывается числом" in by_row[10][0]
        assert "неотрицательное" in by_row[11][0]
        assert "Укажите число отметок" in by_row[12][0]
        with pytest.raises(ImportRejected):
            import_apply(spec, data, filename="bad.xlsx", acting_user=methodologist_a)
        assert not AssessmentResult.objects.exists()


def test_missing_required_column_and_empty_file(muni_a):
    with tenant_context(muni_a):
        spec = ResultImportSpec(procedure=procedure("vpr"))
        plan = import_plan(spec, xlsx([["1"]], header=["ИНН"]), filename="x.xlsx")
        assert any("нет обязательного столбца «Класс»" in e for e in plan.file_errors)
        assert not import_plan(spec, b"not a spreadsheet", filename="x.xlsx").is_valid


def test_ege_scores_from_a_csv(muni_a, methodologist_a, schools):
    one, two = schools
    csv = (
        "ИНН;Класс;Предмет;Участников;Средний балл;Ниже минимума\r\n"
        f"{one.inn};11;Русский язык;20;71,5;1\r\n"
        f"{two.inn};11;Русский язык;18;55,25;4\r\n"
    ).encode()
    with tenant_context(muni_a):
        ege = procedure("ege", grades=(11,), subjects=("russian",))
        spec = ResultImportSpec(procedure=ege)
        import_apply(spec, csv, filename="ege.csv", acting_user=methodologist_a)
        assert AssessmentResult.objects.get(organisation=one).mean_score == Decimal("71.50")
        assert Flag.objects.get().organisation == two  # 4 of 18 = 22 % below the minimum
        bad = import_plan(spec, csv.replace(b"71,5", b"171,5"), filename="ege.csv")
        assert "Средний балл больше максимального (100)" in bad.errors[0].message


def test_the_import_screen_previews_and_applies(muni_a, host_client, methodologist_a, make_user, schools):
    one, _two = schools
    with tenant_context(muni_a):
        vpr = procedure("vpr", grades=(5,))
    client = host_client(muni_a, methodologist_a)
    url = f"/admin/quality/procedures/{vpr.pk}/import/"
    bad = xlsx([[one.inn, "", 7, "", "Математика", 20, 5, 5, 5, 5, "", "", ""]])
    page = client.post(url, {"file": SimpleUploadedFile("bad.xlsx", bad)}).content.decode()
    assert "нет 7 класса" in page and "data-import-confirm" not in page
    good = xlsx([[one.inn, "", 5, "", "Математика", 20, 5, 5, 5, 5, "", "", ""]])
    page = client.post(url, {"file": SimpleUploadedFile("good.xlsx", good)}).content.decode()
    assert "data-import-confirm" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    assert client.post(url, {"token": token}).status_code == 302
    with tenant_context(muni_a):
        assert AssessmentResult.objects.filter(procedure=vpr).count() == 1
    # Anonymous visitors and the municipality's teachers have no business here.
    assert host_client(muni_a, None).get(url).status_code == 302
    assert refused(host_client(muni_a, make_user(Role.TEACHER, muni_a)).get(url))
