"""Reads of the bank of pedagogical information, in the schema in use.

Search is PostgreSQL full-text search with the ``russian`` configuration (Snowball stemming,
so «методическое объединение» finds «методических объединений») over the stored, GIN-indexed
``Resource.search_vector``. Queries are parsed as ``websearch_to_tsquery`` does — quoted
phrases, ``or``, ``-word`` — which never fails on odd input. Results are ranked with
``ts_rank`` (a title match, weight A, outranks any number of matches in the file's text,
weight C) and highlighted with ``ts_headline`` for the one page shown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, F, Func, QuerySet, Value, Window
from django.db.models.functions import Coalesce, Concat, Greatest, Least, Lower, NullIf, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from accounts.models import User
from tenants.people.models import Subject
from tenants.resources.models import Resource

SEARCH_CONFIG = "russian"
MAX_QUERY_CHARS = 200
PER_PAGE = 20
# ts_headline parses again, with the Russian stemmer, all the text it is given (about half a
# millisecond per 1,500 characters): it gets the description and a window of the file's text
# around the first place a word of the query occurs, never the whole file.
HEADLINE_WINDOW_CHARS = 500
HEADLINE_WINDOW_LEAD = 150
# Markers ts_headline puts around matches. Control characters: the services strip them from
# everything stored, so any marker in a headline is ours, and the rest is escaped.
MARK_START, MARK_STOP = "\x02", "\x03"
VIEW_PERMISSION = "resources.view_resource"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKERS = re.compile(f"([{MARK_START}{MARK_STOP}])")


def search_text_clean(text: str | None) -> str:
    """A query as typed, made safe to send: no control characters, at most MAX_QUERY_CHARS."""
    return " ".join(_CONTROL.sub(" ", text or "").split())[:MAX_QUERY_CHARS]


def resource_search_query(text: str | None) -> SearchQuery | None:
    cleaned = search_text_clean(text)
    if not cleaned:
        return None
    return SearchQuery(cleaned, search_type="websearch", config=SEARCH_CONFIG)


def resource_list(
    *,
    public_only: bool = False,
    kind: str | None = None,
    subject_id: int | None = None,
    audience: str | None = None,
    tag: str | None = None,
) -> QuerySet[Resource]:
    """Materials, newest first; ``public_only`` for the public site.

    A file's text and the search vector stay in the database: lists never show them, and they
    are the bulk of a row.
    """
    queryset = Resource.objects.select_related("subject").defer("extracted_text", "search_vector")
    if public_only:
        queryset = queryset.filter(is_public=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    if subject_id:
        queryset = queryset.filter(subject_id=subject_id)
    if audience:
        queryset = queryset.filter(audience=audience)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    return queryset.order_by("-published_on", "-pk")


def resource_search_filter(
    queryset: QuerySet[Resource], text: str | None, *, by_rank: bool = True
) -> QuerySet[Resource]:
    """``queryset`` narrowed to the materials matching ``text``, annotated with ``rank``.

    An empty query, or one PostgreSQL finds no words in (only stop words, punctuation), matches
    nothing.
    """
    query = resource_search_query(text)
    if query is None:
        return queryset.none()
    queryset = queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    if by_rank:
        queryset = queryset.order_by("-rank", "-published_on", "-pk")
    return queryset


def headline_html(headline: str) -> SafeString:
    """A ts_headline result as HTML: the text escaped, the matches in ``<mark>``."""
    parts: list[str] = []
    is_open = False
    for piece in _MARKERS.split(headline or ""):
        if piece == MARK_START:
            if not is_open:
                parts.append("<mark>")
                is_open = True
        elif piece == MARK_STOP:
            if is_open:
                parts.append("</mark>")
                is_open = False
        else:
            parts.append(escape(piece))
    if is_open:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped or one of our two tags


@dataclass
class ResourceHit:
    resource: Resource
    title_html: SafeString
    snippet_html: SafeString
    rank: float | None = None
    download_url: str = ""


@dataclass
class ResourceSearchResults:
    """One page of materials: ranked and highlighted when there is a query, newest first otherwise."""

    query: str
    page: Page[Resource]
    hits: list[ResourceHit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def resource_search(
    *,
    query: str | None,
    public_only: bool = False,
    kind: str | None = None,
    subject_id: int | None = None,
    audience: str | None = None,
    tag: str | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> ResourceSearchResults:
    """The search screen's and the public bank's read: a page of hits, highlighted."""
    text = search_text_clean(query)
    queryset = resource_list(public_only=public_only, kind=kind, subject_id=subject_id, audience=audience, tag=tag)
    if text:
        queryset = resource_search_filter(queryset, text)
    # django-stubs does not know taggit's manager; "tags" prefetches like any many-to-many.
    tagged = queryset.prefetch_related("tags")  # type: ignore[misc]
    if text:
        with _gin_index_preferred():
            result_page = _page_with_total(tagged, page, per_page)
    else:
        result_page = _page_with_total(tagged, page, per_page)
    resources = list(result_page.object_list)
    hits = _hits_highlighted(resources, text) if text else [_hit_plain(r) for r in resources]
    return ResourceSearchResults(query=text, page=result_page, hits=hits)


@contextmanager
def _gin_index_preferred() -> Iterator[None]:
    """Plan the search queries for storage where a random read costs about a sequential one.

    With PostgreSQL's default ``random_page_cost`` (4, for spinning disks) a word found in half
    the bank makes the planner read the whole table and unpack every search vector (~40 ms for
    10,000 materials) instead of following the GIN index (~7 ms). 1.1 is the usual value for SSDs
    and for a database that fits in memory; it is set for this transaction only and put back.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('random_page_cost', '1.1', true)")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL random_page_cost TO DEFAULT")


def _page_with_total(queryset: QuerySet[Resource], page: Any, per_page: int) -> Page[Resource]:
    """One page and the number of all matches in one query (``count(*) OVER ()``), not two scans."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1

    def rows_of(number: int) -> list[Resource]:
        counted = queryset.annotate(matches_total=Window(Count("pk")))
        return list(counted[(number - 1) * per_page : number * per_page])

    rows = rows_of(number)
    if rows:
        total = rows[0].matches_total  # type: ignore[attr-defined]
    else:  # an empty result, or a page past the last one: show the last one, as get_page does
        total = queryset.count()
        last = max(1, math.ceil(total / per_page))
        if number > last:
            number = last
            rows = rows_of(number) if total else []
    paginator = Paginator(queryset, per_page)
    paginator.__dict__["count"] = total  # the cached property, known already
    return Page(rows, number, paginator)


def _hit_plain(resource: Resource) -> ResourceHit:
    return ResourceHit(
        resource=resource,
        title_html=escape(resource.title),
        snippet_html=escape(Truncator(resource.description).words(40)),
    )


def _hits_highlighted(resources: list[Resource], text: str) -> list[ResourceHit]:
    """Headlines for one page of results, in a second query over those rows only."""
    query = resource_search_query(text)
    if not resources or query is None:
        return []
    marks = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    rows = Resource.objects.filter(pk__in=[r.pk for r in resources]).annotate(
        title_headline=SearchHeadline("title", query, highlight_all=True, **marks),  # type: ignore[arg-type]
        snippet_headline=SearchHeadline(
            Concat("description", Value("\n"), _text_window(_query_stems(text))),
            query,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
            **marks,  # type: ignore[arg-type]
        ),
    )
    headlines = {
        pk: (title, snippet) for pk, title, snippet in rows.values_list("pk", "title_headline", "snippet_headline")
    }
    return [
        ResourceHit(
            resource=r,
            title_html=headline_html(headlines[r.pk][0]),
            snippet_html=headline_html(headlines[r.pk][1]),
            rank=getattr(r, "rank", None),
        )
        for r in resources
    ]


def _query_stems(text: str) -> list[str]:
    """The query's words as the Russian stemmer reduces them (stop words dropped)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s)))", [SEARCH_CONFIG, text])
        return [stem for (stem,) in cursor.fetchall() if len(stem) >= 3][:8]


def _text_window(stems: list[str]) -> Func:
    """The part of ``extracted_text`` around the first occurrence of a stem (a stem is a prefix of
    its word forms: «методическ» in «методических»), or its beginning."""
    if not stems:
        return Substr("extracted_text", 1, HEADLINE_WINDOW_CHARS)
    lowered = Lower("extracted_text")
    found = [NullIf(StrIndex(lowered, Value(stem)), Value(0)) for stem in stems]
    # PostgreSQL's LEAST ignores NULLs: the first stem found, wherever it is.
    first = Least(*found) if len(found) > 1 else found[0]
    start = Greatest(Coalesce(first, Value(1)) - Value(HEADLINE_WINDOW_LEAD), Value(1))
    return Substr("extracted_text", start, HEADLINE_WINDOW_CHARS)


def resource_subjects(*, public_only: bool = False) -> QuerySet[Subject]:
    """Subjects that have materials: the choices of the subject filter."""
    resources = Resource.objects.filter(is_public=True) if public_only else Resource.objects.all()
    return Subject.objects.filter(pk__in=resources.values("subject_id")).order_by("name")


def resource_get(*, pk: int) -> Resource | None:
    return Resource.objects.filter(pk=pk).first()


def resource_for_download(*, pk: int, user: User | AnonymousUser) -> Resource | None:
    """A material whose file ``user`` may download: a public one, or any for the municipality's staff.

    "Missing" and "not yours" are the same answer, None.
    """
    resource = Resource.objects.filter(pk=pk).exclude(file="").first()
    if resource is None:
        return None
    if resource.is_public or user.has_perm(VIEW_PERMISSION):
        return resource
    return None
