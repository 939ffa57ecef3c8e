"""The consultation queue in the admin: who sees what, the answer screen, isolation from B and the region."""

from __future__ import annotations

import csv
import io

from django.core import mail
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from tenants.consultations.models import Consultation, ConsultationStatus
from tenants.people.models import ResponsibilityArea
from tests.tenants.consultations.factories import consultation, staff

INDEX = "/admin/consultations/"


def test_a_methodologist_sees_their_queue_and_the_head_sees_all(muni_a, host_client):
    with tenant_context(muni_a):
        mine_user, _ = staff(muni_a, areas=("Начальная школа",))
        other_user, _ = staff(muni_a, areas=("Дошкольное образование",))
        head_user, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        mine = consultation(
            topic="Вопрос о начальной школе", area=ResponsibilityArea.objects.get(name="Начальная школа")
        )
        other = consultation(
            topic="Вопрос о детском саде", area=ResponsibilityArea.objects.get(name="Дошкольное образование")
        )
    listing = host_client(muni_a, mine_user).get(INDEX).content.decode()
    assert "Вопрос о начальной школе" in listing and "Вопрос о детском саде" not in listing
    assert host_client(muni_a, mine_user).get(f"{INDEX}inspect/{other.pk}/").status_code == 404
    assert host_client(muni_a, mine_user).get(f"{INDEX}answer/{other.pk}/").status_code == 404
    everything = host_client(muni_a, head_user).get(INDEX).content.decode()
    assert "Вопрос о начальной школе" in everything and "Вопрос о детском саде" in everything
    export = host_client(muni_a, mine_user).get(f"{INDEX}?export=csv")
    exported = b"".join(export.streaming_content).decode()
    assert "Вопрос о начальной школе" in exported and "Вопрос о детском саде" not in exported
    queue = host_client(muni_a, mine_user).get("/admin/consultations-mine/").content.decode()
    assert "Вопрос о начальной школе" in queue
    assert host_client(muni_a, other_user).get(f"{INDEX}inspect/{mine.pk}/").status_code == 404


def test_answering_in_the_admin_emails_the_requester(muni_a, host_client, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        user, _ = staff(muni_a, areas=("Начальная школа",))
        item = consultation(area=ResponsibilityArea.objects.get(name="Начальная школа"))
    client = host_client(muni_a, user)
    card = client.get(f"{INDEX}inspect/{item.pk}/").content.decode()
    assert "Ответить" in card and "smirnova@school.example" in card
    assert client.post(f"{INDEX}answer/{item.pk}/", {"answer": "  "}).status_code == 200  # required, shown on the form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INDEX}answer/{item.pk}/", {"answer": "Образец программы — во вложении на сайте."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["smirnova@school.example"]]
    with tenant_context(muni_a):
        assert Consultation.objects.get(pk=item.pk).status == ConsultationStatus.ANSWERED


def test_no_generic_add_edit_or_delete(muni_a, host_client):
    with tenant_context(muni_a):
        head_user, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        item = consultation()
    client = host_client(muni_a, head_user)
    for path in ("new/", f"edit/{item.pk}/", f"delete/{item.pk}/"):
        assert client.get(INDEX + path).status_code == 404


def test_b_staff_and_region_observers_see_nothing_of_as_requests(muni_a, muni_b, host_client, make_user):
    with tenant_context(muni_a):
        item = consultation(topic="Секретный вопрос А")
    head_b = make_user(Role.HEAD, muni_b)
    on_a = host_client(muni_a, head_b)
    assert on_a.get(INDEX).status_code in (302, 403)
    assert on_a.get(f"{INDEX}inspect/{item.pk}/").status_code in (302, 403)
    on_b = host_client(muni_b, head_b)
    assert "Секретный вопрос А" not in on_b.get(INDEX).content.decode()
    assert on_b.get(f"{INDEX}inspect/{item.pk}/").status_code == 404
    export = on_b.get(f"{INDEX}?export=csv")
    assert export.status_code == 200
    assert "Секретный вопрос А" not in b"".join(export.streaming_content).decode()
    institute = make_user(Role.INSTITUTE, None)
    observer = host_client(muni_a, institute)
    assert observer.get(INDEX).status_code in (302, 403)
    assert observer.get(f"{INDEX}inspect/{item.pk}/").status_code in (302, 403, 404)
    assert observer.get("/admin/consultations-mine/").status_code in (302, 403)


def test_a_topic_written_like_a_formula_is_text_in_the_csv_and_xlsx_export(muni_a, host_client):
    formula = '=HYPERLINK("http://x","y")'
    with tenant_context(muni_a):
        head_user, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        consultation(topic=formula)
    client = host_client(muni_a, head_user)
    exported = b"".join(client.get(f"{INDEX}?export=csv").streaming_content).decode()
    header, row = list(csv.reader(exported.splitlines()))[:2]
    assert row[header.index("Тема")] == "'" + formula  # OWASP: a leading apostrophe
    xlsx = b"".join(client.get(f"{INDEX}?export=xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(xlsx)).active
    headings = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headings.index("Тема") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)
