"""The summary of a questionnaire's answers (000 §2.3.1): counts per option and scale value, free
texts, the needs by competence area with what to offer for them, the accessible charts of the
monitoring (``tenants.monitoring.charts``: SVG with a title, a description and the numbers as
text; the screen prints the same numbers in tables), and the XLSX export.

Filters by organisation and subject. An anonymous questionnaire hides a filtered group with fewer
than ``ANONYMOUS_MIN_GROUP`` answers (its free texts too), so that a filter never points at one
respondent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tenants.development.models import CompetenceArea
from tenants.development.selectors import course_offer_list_upcoming
from tenants.events.selectors import event_list_upcoming
from tenants.monitoring.charts import Bar, Series, bar_chart
from tenants.needs.models import (
    ANONYMOUS_MIN_GROUP,
    CHOICE_KINDS,
    Answer,
    QuestionKind,
    Questionnaire,
    Response,
)
from tenants.spreadsheet_cells import xlsx_workbook_bytes
from unified_calendar.selectors import regional_event_list_upcoming

SUGGESTIONS_PER_KIND = 3


@dataclass
class QuestionSummary:
    question: Any
    answered: int
    rows: list[tuple[str, int]] = field(default_factory=list)  # option or scale value → count
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    chart: SafeString | str = ""


@dataclass
class AreaNeed:
    area: CompetenceArea
    responses: int
    events: list[Any] = field(default_factory=list)
    regional_events: list[Any] = field(default_factory=list)
    course_offers: list[Any] = field(default_factory=list)


@dataclass
class Results:
    questionnaire: Questionnaire
    recipients: int
    responses: int
    hidden: bool
    questions: list[QuestionSummary]
    needs: list[AreaNeed]
    needs_chart: SafeString | str = ""


def responses_filtered(
    questionnaire: Questionnaire, *, organisation_id: int | None = None, subject_id: int | None = None
) -> QuerySet[Response]:
    queryset = Response.objects.filter(questionnaire=questionnaire)
    if organisation_id:
        queryset = queryset.filter(organisation_id=organisation_id)
    if subject_id:
        queryset = queryset.filter(subjects=subject_id)
    return queryset


def _need_counts(questionnaire: Questionnaire, answers: list[Answer]) -> Counter[int]:
    """Responses showing a need per competence area (each response counted once per area)."""
    per_area: dict[int, set[Any]] = {}
    for answer in answers:
        question = answer.question
        area_id = None
        if answer.option is not None and answer.option.competence_area_id:
            area_id = answer.option.competence_area_id
        elif (
            question.kind == QuestionKind.SCALE
            and question.competence_area_id
            and question.need_at_most is not None
            and answer.value is not None
            and answer.value <= question.need_at_most
        ):
            area_id = question.competence_area_id
        if area_id is not None:
            per_area.setdefault(area_id, set()).add(answer.response_id)
    return Counter({area: len(ids) for area, ids in per_area.items()})


def questionnaire_results(
    questionnaire: Questionnaire,
    *,
    organisation_id: int | None = None,
    subject_id: int | None = None,
    with_suggestions: bool = True,
) -> Results:
    responses = responses_filtered(questionnaire, organisation_id=organisation_id, subject_id=subject_id)
    response_ids = list(responses.values_list("pk", flat=True))
    filtered = bool(organisation_id or subject_id)
    hidden = questionnaire.is_anonymous and filtered and 0 < len(response_ids) < ANONYMOUS_MIN_GROUP
    questions = list(questionnaire.questions.prefetch_related("options").select_related("competence_area"))
    answers = (
        [] if hidden else list(Answer.objects.filter(response_id__in=response_ids).select_related("question", "option"))
    )
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    summaries = []
    for question in questions:
        given = by_question.get(question.pk, [])
        answered = len({a.response_id for a in given})
        summary = QuestionSummary(question=question, answered=answered)
        if question.kind in CHOICE_KINDS:
            counts = Counter(a.option_id for a in given)
            summary.rows = [(o.text, counts.get(o.pk, 0)) for o in question.options.all()]
        elif question.kind == QuestionKind.SCALE:
            counts = Counter(a.value for a in given)
            summary.rows = [(str(v), counts.get(v, 0)) for v in question.scale_values]
            values = [a.value for a in given if a.value is not None]
            summary.mean = round(sum(values) / len(values), 2) if values else None
        else:
            summary.texts = [a.text for a in given]
        if summary.rows and answered:
            summary.chart = bar_chart(
                chart_id=f"chart-q{question.pk}",
                title=str(question),
                description=_("Ответили: %(n)s. ") % {"n": answered}
                + "; ".join(f"{label} — {count}" for label, count in summary.rows),
                bars=[Bar(label, {"count": count}) for label, count in summary.rows],
                series=[Series("count", _("ответов"), "#0b4f8a")],
            )
        summaries.append(summary)
    need_counts = _need_counts(questionnaire, answers)
    areas = {a.pk: a for a in CompetenceArea.objects.filter(pk__in=list(need_counts))}
    needs = [
        AreaNeed(area=areas[area_id], responses=count)
        for area_id, count in sorted(need_counts.items(), key=lambda item: (-item[1], areas[item[0]].position))
    ]
    if with_suggestions:
        for need in needs:
            codes = [need.area.code]
            need.events = event_list_upcoming(competence_codes=codes, limit=SUGGESTIONS_PER_KIND)
            need.regional_events = regional_event_list_upcoming(competence_codes=codes, limit=SUGGESTIONS_PER_KIND)
            need.course_offers = course_offer_list_upcoming(competence_codes=codes, limit=SUGGESTIONS_PER_KIND)
    needs_chart: SafeString | str = ""
    if needs:
        needs_chart = bar_chart(
            chart_id="chart-needs",
            title=_("Потребности по областям компетенций"),
            description=_("Число ответивших, назвавших потребность в каждой области; числа — в таблице ниже."),
            bars=[Bar(n.area.name, {"count": n.responses}) for n in needs],
            series=[Series("count", _("ответивших"), "#1e6b34", "hatch")],
        )
    return Results(
        questionnaire=questionnaire,
        recipients=questionnaire.recipients.count(),
        responses=0 if hidden else len(response_ids),
        hidden=hidden,
        questions=summaries,
        needs=needs,
        needs_chart=needs_chart,
    )


def results_xlsx(results: Results, *, filters: str = "") -> bytes:
    """The summary as a workbook: «Сводка» (question, answer, count) and «Потребности» (area, count).

    Every cell through ``tenants.spreadsheet_cells`` (an answer's text is the respondent's: it
    never becomes a formula). Free-text answers are listed, without who wrote them.
    """
    summary: list[list[Any]] = [
        [_("Анкета"), results.questionnaire.title],
        [_("Отбор"), filters or _("все ответы")],
        [_("Адресатов"), results.recipients],
        [_("Ответов"), results.responses],
        [],
        [_("Вопрос"), _("Ответ"), _("Число ответов")],
    ]
    if results.hidden:
        summary.append([_("Ответов меньше %(n)s: сводка не показывается.") % {"n": ANONYMOUS_MIN_GROUP}])
    for item in results.questions:
        for label, count in item.rows:
            summary.append([str(item.question), label, count])
        if item.mean is not None:
            summary.append([str(item.question), _("среднее"), item.mean])
        for text in item.texts:
            summary.append([str(item.question), text, None])
    needs: list[list[Any]] = [[_("Область компетенций"), _("Ответивших с потребностью")]]
    needs += [[n.area.name, n.responses] for n in results.needs]
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in ((_("Сводка"), summary), (_("Потребности"), needs)):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return xlsx_workbook_bytes(workbook)
