"""Walking the URL resolvers: every pattern of the region's and the municipalities' URLconfs.

Nothing here lists URLs by hand: the patterns come from Django's resolver (Wagtail's admin, its
viewsets and our hooks' URLs included), their arguments are filled with real objects of A, and a
response is classified as one of the outcomes the policy table speaks of.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

URLCONFS = {"region": "metodika.urls_public", "municipality": "metodika.urls_tenant"}

ALLOW, READ, LOGIN, DENY = "ALLOW", "READ", "LOGIN", "DENY"
# Observed only: the URL takes another method (a POST-only action asked with GET, or the reverse).
METHOD = "METHOD"
OUTCOMES = (ALLOW, READ, LOGIN, DENY)

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
# Wagtail answers a person with admin access but without the permission a screen needs with a
# redirect to the admin's home and a message ("permission_denied"): a refusal, not a page.
ADMIN_HOME = "/admin/"


@dataclass(frozen=True)
class Endpoint:
    host: str  # "region" or "municipality"
    key: str  # "<host>:<name>", or "<host>:<route>" for an unnamed pattern
    route: str
    name: str | None
    pattern: URLPattern

    @property
    def model(self) -> type | None:
        """The model of a Wagtail viewset's view (its ``pk`` is an object of it)."""
        initkwargs = getattr(self.pattern.callback, "view_initkwargs", None) or {}
        model = initkwargs.get("model")
        if model is None:
            view_class = getattr(self.pattern.callback, "view_class", None)
            model = getattr(view_class, "model", None)
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        return model

    @property
    def parameters(self) -> list[str]:
        if isinstance(self.pattern.pattern, RoutePattern):
            names = re.findall(r"<(?:\w+:)?(\w+)>", self.route)
        else:
            names = re.findall(r"\(\?P<(\w+)>", self.route)
        return names


def walk_patterns(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from walk_patterns(entry.url_patterns, prefix + str(entry.pattern), joined)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def endpoints() -> list[Endpoint]:
    """Every URL pattern of both URLconfs, each with a key unique in its host."""
    found: list[Endpoint] = []
    for host, urlconf in URLCONFS.items():
        rows = list(walk_patterns(get_resolver(urlconf).url_patterns))
        names = Counter(name for _route, name, _p in rows if name)
        for route, name, pattern in rows:
            label = name if name and names[name] == 1 else f"{name} {route}" if name else route
            found.append(Endpoint(host=host, key=f"{host}:{label}", route=route, name=name, pattern=pattern))
    return found


def endpoint_path(endpoint: Endpoint, arguments: dict[str, object]) -> str:
    """The path of ``endpoint`` with ``arguments`` in it (regex patterns are given whole)."""
    if "__path__" in arguments:
        return str(arguments["__path__"])
    if not isinstance(endpoint.pattern.pattern, RoutePattern) or "^" in endpoint.route:
        raise LookupError(f"{endpoint.key}: a regular-expression pattern needs its path given")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(arguments[match.group(1)]), endpoint.route)
    return "/" + path


# ---------------------------------------------------------------------------------------------
# Outcomes


def location_path(response: Any) -> str:
    return urlsplit(response.get("Location", "")).path


def observed(response: Any) -> str:
    """What a response says, in the policy's words: a page (ALLOW), the login, or a refusal.

    405 (METHOD) says nothing of the person: a POST-only action asked with GET, or a page asked
    with POST; the other method is what is checked for it.
    """
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = location_path(response)
        if target.startswith(LOGIN_PATHS) or target == "/_util/login/":
            return LOGIN
        if target == ADMIN_HOME:
            return DENY
        return ALLOW
    if status in (401, 403, 404):  # 401: the open API asked without a key
        return DENY
    if status == 405:
        return METHOD
    if status in (200, 201, 204, 206, 304, 400, 409, 410, 422, 429):
        return ALLOW
    return f"HTTP {status}"


# ---------------------------------------------------------------------------------------------
# What a POST changed: PostgreSQL's per-transaction counters, read before and after the request.

# Tables any request may write without changing anything a person owns: sessions, login
# throttling, Wagtail's per-person UI state, the logs of reads.
NEUTRAL_TABLES = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "wagtailusers_userprofile",
        "institute_accesslogentry",  # an observer's read, logged (issue 13 item 8)
        "accounts_user",  # last_login
    }
)


class WriteCounter:
    """Rows inserted, updated and deleted so far in this transaction, in the region's and A's
    tables (the neutral ones left out). Reading PostgreSQL's whole ``pg_stat_xact_user_tables``
    costs tens of milliseconds with four schemas; the counters of a fixed list of tables, one."""

    def __init__(self, schemas: tuple[str, ...]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.oid, n.nspname || '.' || c.relname FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s)",
                [list(schemas)],
            )
            self.tables = {oid: name for oid, name in cursor.fetchall() if name.split(".", 1)[1] not in NEUTRAL_TABLES}
        self.oids = list(self.tables)

    def __call__(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.oid, pg_stat_get_xact_tuples_inserted(t.oid) + pg_stat_get_xact_tuples_updated(t.oid)"
                " + pg_stat_get_xact_tuples_deleted(t.oid) FROM unnest(%s::oid[]) AS t(oid)",
                [self.oids],
            )
            return {self.tables[oid]: count for oid, count in cursor.fetchall() if count}


def writes_between(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(table for table, count in after.items() if count != before.get(table, 0))


# ---------------------------------------------------------------------------------------------
# The form a screen shows, posted back as it is: a refused POST then carries real data.


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._option_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": values.get("method", "get").lower(), "action": values.get("action", ""), "data": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            self._form["data"].append((name, values.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["data"].append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            self._option_value = values.get("value", "")
            if "selected" in values or self._select_value is None:  # the selected one, else the first
                self._select_value = self._option_value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if self._select_value is not None:
                self._form["data"].append((self._select, self._select_value))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            name, value = self._form["data"][-1]
            self._form["data"][-1] = (name, value + data)


def form_data(html: str, path: str) -> dict[str, list[str]] | None:
    """The biggest POST form of a page whose action is the page itself, as a POST body."""
    reader = _FormReader()
    try:
        reader.feed(html)
    except Exception:
        return None
    best: list[tuple[str, str]] | None = None
    for form in reader.forms:
        action = urlsplit(form["action"]).path
        if form["method"] != "post" or action not in ("", path):
            continue
        if best is None or len(form["data"]) > len(best):
            best = form["data"]
    if best is None:
        return None
    body: dict[str, list[str]] = {}
    for name, value in best:
        body.setdefault(name, []).append(value)
    return body
