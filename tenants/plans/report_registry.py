"""The sections of the plan's reports that other apps add, and the methodologist's texts of them.

An app above the plan (events, development, quality) registers a source of its section from its
``AppConfig.ready()``; the plan's own app registers the sections it draws from the apps below it
(``tenants.plans.report_sections``). A source returns None when it has nothing for the report.
The year's analysis carries, beside each section's numbers, the methodologist's own text of it
(``PlanSectionText``, written on the plan's screen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tenants.plans.models import PlanReport, PlanSectionText, ReportKind


@dataclass(frozen=True)
class ReportSection:
    """A table another app adds to a report (the effect of support programmes, say).

    ``text`` is the methodologist's own analysis of the section, written on the plan's screen
    (``PlanSectionText``) and taken into the report when it is built.
    """

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    note: str = ""
    key: str = ""
    text: str = ""


# Other apps' sections of the reports, filled from their ``AppConfig.ready()`` so that this
# module never imports them; a source returns None when it has nothing for the report.
ReportSectionSource = Callable[[PlanReport], ReportSection | None]


@dataclass(frozen=True)
class ReportSectionEntry:
    key: str
    title: str | Promise
    source: ReportSectionSource
    position: int


# The section on the plan's own execution (directions, moved and cancelled items) comes first.
PLAN_SECTION_KEY = "plan"
_REPORT_SECTIONS: dict[str, ReportSectionEntry] = {}


def report_section_register(
    name: str, source: ReportSectionSource, *, title: str | Promise, position: int = 100
) -> None:
    """Register (or replace, on reload) a source of a report section called ``name``.

    ``title`` names the section where the methodologist writes its text; ``position`` orders the
    sections in the report (smaller first).
    """
    _REPORT_SECTIONS[name] = ReportSectionEntry(key=name, title=title, source=source, position=position)


def report_section_titles() -> list[tuple[str, str]]:
    """``(key, title)`` of every section of the year's analysis, in the report's order."""
    entries = sorted(_REPORT_SECTIONS.values(), key=lambda e: (e.position, e.key))
    return [(PLAN_SECTION_KEY, str(_("Выполнение плана"))), *((e.key, str(e.title)) for e in entries)]


def report_sections(report: PlanReport) -> list[ReportSection]:
    """The registered sections that have something for ``report``, each with its text when annual."""
    texts = report_section_texts(report)
    sections = []
    for entry in sorted(_REPORT_SECTIONS.values(), key=lambda e: (e.position, e.key)):
        section = entry.source(report)
        if section is not None:
            sections.append(replace(section, key=entry.key, text=texts.get(entry.key, "")))
    return sections


def report_section_texts(report: PlanReport) -> dict[str, str]:
    """The methodologist's texts of the plan's sections; only the year's analysis carries them."""
    if report.kind != ReportKind.ANNUAL:
        return {}
    return dict(PlanSectionText.objects.filter(plan_id=report.plan_id).values_list("section", "text"))


def count_rows_with_total(rows: Sequence[tuple[str, Sequence[int]]]) -> list[tuple[str, ...]]:
    """A section's rows of a label and counts, as text, with an «Итого» row (none when empty)."""
    if not rows:
        return []
    totals = [sum(column) for column in zip(*(counts for _label, counts in rows), strict=True)]
    return [(label, *map(str, counts)) for label, counts in [*rows, (str(_("Итого")), totals)]]
