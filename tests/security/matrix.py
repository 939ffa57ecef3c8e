"""Asking every URL as every role: GET, then POST with the form the page showed, each request in a
savepoint rolled back afterwards, so every pair sees the same world."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.security.arguments import POST_DATA, POST_EXTRA, Arguments
from tests.security.walk import ALLOW, Endpoint, WriteCounter, endpoint_path, form_data, observed, writes_between
from tests.security.world import ROLE_KEYS, World


@dataclass
class Answer:
    outcome: str  # ALLOW, LOGIN, DENY or "HTTP 500"/"EXCEPTION ..."
    status: int
    location: str = ""
    writes: list[str] = field(default_factory=list)
    form: dict[str, Any] | None = None  # the POST form an allowed GET showed


@dataclass
class Asked:
    endpoint: Endpoint
    path: str
    get: dict[str, Answer] = field(default_factory=dict)
    post: dict[str, Answer] = field(default_factory=dict)
    posted_form: bool = False


def accepts_post(endpoint: Endpoint) -> bool:
    """A class-based view without ``post`` answers a POST with 405 before anything it could write:
    asking it costs time and proves nothing. Function views and views with ``post`` are asked."""
    view_class = getattr(endpoint.pattern.callback, "view_class", None)
    return view_class is None or hasattr(view_class, "post")


class Asker:
    """One client per (host, role), signed in once; cookies put back after every request, so a
    logout or a flushed session in one pair does not leak into the next."""

    def __init__(self, world: World, found: list[Endpoint]) -> None:
        self.world = world
        self.arguments = Arguments(world, found)
        self.table_writes = WriteCounter(("public", world.a.schema_name))
        self.clients: dict[tuple[str, str], tuple[Client, SimpleCookie]] = {}
        for host, name in (("region", settings.REGION_DOMAIN), ("municipality", world.a.default_hostname)):
            for role in ROLE_KEYS:
                client = Client(HTTP_HOST=name)
                person = world.people[role]
                if person is not None:
                    client.force_login(person)
                self.clients[(host, role)] = (client, copy.deepcopy(client.cookies))

    def _request(
        self, host: str, role: str, method: str, path: str, data: dict[str, Any] | None, *, want_form: bool = False
    ) -> Answer:
        client, cookies = self.clients[(host, role)]
        with transaction.atomic():
            before = self.table_writes() if method == "post" else {}
            try:
                response = client.get(path) if method == "get" else client.post(path, data or {})
            except Exception as error:
                answer = Answer(outcome=f"EXCEPTION {type(error).__name__}: {error}"[:300], status=500)
            else:
                answer = Answer(outcome=observed(response), status=response.status_code)
                answer.location = response.get("Location", "")
                # The page's form is read once per URL (parsing an admin page costs more than serving it).
                if want_form and answer.outcome == ALLOW and "html" in response.get("Content-Type", ""):
                    answer.form = form_data(response.content.decode(errors="replace"), path)
                if method == "post":
                    answer.writes = writes_between(before, self.table_writes())
            transaction.set_rollback(True)
        client.cookies = copy.deepcopy(cookies)
        return answer

    def ask(self, endpoint: Endpoint) -> Asked:
        path = endpoint_path(endpoint, self.arguments(endpoint))
        asked = Asked(endpoint=endpoint, path=path)
        form: dict[str, Any] | None = None
        for role in ROLE_KEYS:
            answer = self._request(endpoint.host, role, "get", path, None, want_form=form is None)
            asked.get[role] = answer
            if form is None and answer.form:
                form = answer.form
        if endpoint.key in POST_DATA:
            form = dict(POST_DATA[endpoint.key])
        elif endpoint.key in POST_EXTRA:
            form = {**(form or {}), **POST_EXTRA[endpoint.key]}
        if accepts_post(endpoint):
            asked.posted_form = form is not None
            for role in ROLE_KEYS:
                asked.post[role] = self._request(endpoint.host, role, "post", path, form)
        return asked
