"""Search of the resource bank: Russian morphology, ranking, highlighting, odd queries, filters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenants.resources.models import ResourceKind
from tenants.resources.selectors import headline_html, resource_list, resource_search, resource_search_filter
from tests.tenants.resources.factories import ResourceFactory, document_upload, subject_named


def titles(results) -> list[str]:
    return [hit.resource.title for hit in results.hits]


def test_query_finds_other_word_forms_inside_a_file(muni_a):
    with tenant_context(muni_a):
        ResourceFactory(
            title="План на год",
            file=document_upload("docx", "Положение о работе городских методических объединений учителей."),
        )
        ResourceFactory(title="Совсем о другом", description="Про олимпиады.")
        results = resource_search(query="методическое объединение")
        assert titles(results) == ["План на год"]
        assert "<mark>методических</mark> <mark>объединений</mark>" in str(results.hits[0].snippet_html)


def test_words_inside_a_pdf_are_found(muni_a):
    with tenant_context(muni_a):
        ResourceFactory(
            title="Сборник", file=document_upload("pdf", "Опыт применения кейс-технологий на уроках химии.")
        )
        assert titles(resource_search(query="урок химия")) == ["Сборник"]


def test_title_match_ranks_above_description_and_file_text(muni_a):
    with tenant_context(muni_a):
        ResourceFactory(title="Сборник статей", file=document_upload("pdf", "Наставничество. " * 30))
        ResourceFactory(title="Про разное", description="Немного о наставничестве молодых педагогов.")
        ResourceFactory(title="Наставничество в школе")
        results = resource_search(query="наставничество")
        assert titles(results) == ["Наставничество в школе", "Про разное", "Сборник статей"]
        ranks = [hit.rank for hit in results.hits]
        assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[1] > ranks[2]


def test_title_is_highlighted_whole_and_html_in_text_is_escaped(muni_a):
    with tenant_context(muni_a):
        ResourceFactory(
            title="Конкурс «Учитель года» <script>", description="<img src=x onerror=alert(1)> итоги конкурса"
        )
        hit = resource_search(query="конкурсы").hits[0]
        assert str(hit.title_html) == "<mark>Конкурс</mark> «Учитель года» &lt;script&gt;"
        snippet = str(hit.snippet_html)
        assert "<mark>конкурса</mark>" in snippet
        assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_headline_markers_are_balanced_and_nothing_else_becomes_markup():
    assert str(headline_html("a \x02b\x03 \x03c\x02 <i>")) == "a <mark>b</mark> c<mark> &lt;i&gt;</mark>"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00",
        "!!!",
        '"',
        "& | ! ( ) :* <->",
        "-",
        "or",
        "и в на",
        "'; DROP TABLE resources_resource; --",
        "ё" * 500,
    ],
)
def test_empty_and_garbage_queries_are_safe(muni_a, query):
    with tenant_context(muni_a):
        ResourceFactory(title="Методическое объединение учителей физики")
        results = resource_search(query=query)
        assert results.total in (0, 1)
        if not query.strip(" \x00"):
            assert results.query == "" and results.total == 1  # no query: the listing, newest first
        assert list(resource_search_filter(resource_list(), query)) == [] or query.strip()


def test_websearch_syntax_phrases_and_exclusions(muni_a):
    with tenant_context(muni_a):
        ResourceFactory(title="Школа молодого педагога")
        ResourceFactory(title="Совет молодых педагогов")
        ResourceFactory(title="Педагог молодой школы", link="https://example.org/3")
        phrase = sorted(titles(resource_search(query='"молодого педагога"')))
        assert phrase == ["Совет молодых педагогов", "Школа молодого педагога"]  # word order matters in a phrase
        assert "Педагог молодой школы" in titles(resource_search(query="молодого педагога"))
        assert titles(resource_search(query="педагоги -школа")) == ["Совет молодых педагогов"]
        assert len(resource_search(query="школа or совет").hits) == 3


def test_public_only_and_filters(muni_a):
    with tenant_context(muni_a):
        physics, chemistry = subject_named("Физика"), subject_named("Химия")
        ResourceFactory(title="Программа А", subject=physics, is_public=True, kind=ResourceKind.NORMATIVE)
        ResourceFactory(title="Программа Б", subject=chemistry, is_public=True)
        ResourceFactory(title="Программа В", subject=physics, is_public=False)
        assert sorted(titles(resource_search(query="программа", public_only=True))) == ["Программа А", "Программа Б"]
        assert titles(resource_search(query="программа", public_only=True, subject_id=physics.pk)) == ["Программа А"]
        assert titles(resource_search(query="программа", kind=ResourceKind.NORMATIVE)) == ["Программа А"]
        assert len(resource_search(query="программа").hits) == 3


def test_a_page_of_results_costs_a_fixed_number_of_queries(muni_a):
    with tenant_context(muni_a):
        for n in range(12):
            ResourceFactory(
                title=f"Урок математики {n}", tags=["математика", f"тема {n}"], subject=subject_named("Алгебра")
            )
        with CaptureQueriesContext(connection) as queries:
            results = resource_search(query="урок", per_page=10)
            for hit in results.hits:
                list(hit.resource.tags.all()), hit.resource.subject
        assert len(results.hits) == 10 and results.total == 12
        # the ranked page with the total, its tags, the query's stems, the headlines
        reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "set_config" not in q["sql"]]
        assert len(reads) == 4, reads
        assert not any("COUNT(*)" in sql for sql in reads)  # the total comes with the page
