"""ВПР results are never used to assess individual teachers (Rosobrnadzor's recommendations on ВПР).

No model ties a result to a teacher, and no screen or export of the quality app puts an
organisation's result figures in the same row as a teacher's name: the teacher who teaches
maths in a flagged school appears (a visit, a measure) but never beside the school's figures.
"""

from __future__ import annotations

import io
import re

from django.apps import apps
from docx import Document
from openpyxl import load_workbook

from rollups.models import QualityKindRollup, QualityOrganisationRollup, QualityRollup
from tenants.quality.models import AssessmentResult, Flag
from tests.tenants.quality.conftest import SECRET_TEACHER
from tests.tenants.quality.urls import all_urls

# The flagged school's maths (grade 5): 32 % «2», quality 20 %, success 68 %, mean mark 2.92;
# its Russian: quality 44 %, success 92 %, mean 3.48 — written with a comma or a point.
FIGURES = ("32,0", "32.0", "20,0 %", "68,0", "68.0", "2,92", "2.92", "44,0", "44.0", "92,0", "92.0", "3,48", "3.48")


def test_no_result_model_points_at_a_teacher_or_a_person():
    person_models = {apps.get_model("people", "Teacher"), apps.get_model("accounts", "User")}
    for model in (AssessmentResult, Flag, QualityRollup, QualityKindRollup, QualityOrganisationRollup):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert not related & person_models, model


def _rows_of(response) -> list[str]:
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(response.content))
        return [
            " ".join(str(v) for v in row if v is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
    if "wordprocessingml" in content_type:
        document = Document(io.BytesIO(response.content))
        rows = [p.text for p in document.paragraphs]
        rows += [" ".join(c.text for c in row.cells) for table in document.tables for row in table.rows]
        return rows
    html = response.content.decode()
    # A table row, a list item, a definition, a section of the page.
    return re.split(r"<tr\b|<li\b|<dt\b|<section\b|<h[1-4]\b", html)


def test_no_screen_or_export_puts_result_figures_beside_a_teacher(muni_a, host_client, head_a, quality_a):
    client = host_client(muni_a, head_a)
    seen_teacher = False
    for url in all_urls(quality_a):
        response = client.get(url)
        assert response.status_code == 200, url
        for row in _rows_of(response):
            if SECRET_TEACHER not in row:
                continue
            seen_teacher = True
            leaked = [figure for figure in FIGURES if figure in row]
            assert not leaked, (url, leaked, row[:300])
    assert seen_teacher  # the teacher is on the visit's and the programme's screens, apart from the figures


def test_the_figures_are_there_for_the_organisation(muni_a, host_client, head_a, quality_a):
    page = (
        host_client(muni_a, head_a)
        .get("/admin/quality/indicators/?year=2025&kind=vpr&subject=math&grade=5")
        .content.decode()
    )
    assert "32.0" in page or "32,0" in page
    assert SECRET_TEACHER not in page
