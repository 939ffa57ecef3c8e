"""The URL × role matrix (issue 13): every URL pattern of both hosts, asked by every role, answers
as the policy table says; a POST by a role that may not write changes nothing; nothing answers 500;
a URL pattern without a row in the table fails."""

from __future__ import annotations

import logging
import time

from django.urls import path

from tests.security.matrix import Answer, Asked, Asker
from tests.security.policy import KNOWN_UPSTREAM_500, POLICY, POST_ONLY
from tests.security.walk import ALLOW, DENY, LOGIN, METHOD, READ, Endpoint, endpoints, walk_patterns
from tests.security.world import ROLE_KEYS, World


def policy_gaps(found: list[Endpoint]) -> tuple[list[str], list[str]]:
    """URL patterns without a row, and rows that name no pattern."""
    keys = {endpoint.key for endpoint in found}
    return sorted(keys - POLICY.keys()), sorted(POLICY.keys() - keys)


def test_every_url_pattern_has_exactly_one_policy_row():
    missing, stale = policy_gaps(endpoints())
    assert not missing, f"URL patterns without a row in tests/security/policy.py: {missing}"
    assert not stale, f"rows in tests/security/policy.py that name no URL pattern: {stale}"


def test_a_new_url_pattern_without_a_row_is_reported():
    """The walk reads the resolver: a pattern added anywhere shows up without anyone listing it."""
    new = path("admin/new-screen/", lambda request: None, name="matrix_new_screen")
    found = endpoints()
    route, name, pattern = next(walk_patterns([new], "admin/"))
    found.append(Endpoint(host="municipality", key=f"municipality:{name}", route=route, name=name, pattern=pattern))
    missing, _stale = policy_gaps(found)
    assert missing == ["municipality:matrix_new_screen"]


def judge(expected: str, method: str, answer: Answer, *, post_only: bool = False) -> str | None:
    """Why an answer breaks the policy, or None."""
    if answer.status >= 500 or answer.outcome.startswith(("EXCEPTION", "HTTP")):
        return f"{answer.status} {answer.outcome}"
    if method == "get":
        if answer.outcome == METHOD or post_only:  # a POST-only action: its POST is what is checked
            return None
        wanted = ALLOW if expected in (ALLOW, READ) else expected
        return None if answer.outcome == wanted else f"got {answer.outcome} ({answer.status} {answer.location})"
    if expected == ALLOW:
        return None
    if answer.writes:
        return f"POST wrote {answer.writes}"
    if expected in (LOGIN, DENY) and answer.outcome not in (expected, METHOD):
        return f"POST got {answer.outcome} ({answer.status} {answer.location})"
    return None


def failures_of(asked: Asked, expected: dict[str, str], known: list[str]) -> list[str]:
    found = []
    for method, answers in (("get", asked.get), ("post", asked.post)):
        for role, answer in answers.items():
            if (
                method == "post"
                and answer.status >= 500
                and expected[role] == ALLOW
                and asked.endpoint.key in KNOWN_UPSTREAM_500
            ):
                known.append(f"{asked.endpoint.key} POST as {role}: {answer.outcome}")
                continue
            why = judge(expected[role], method, answer, post_only=asked.endpoint.key in POST_ONLY)
            if why:
                found.append(f"{asked.endpoint.key} {method.upper()} {asked.path} as {role} ({expected[role]}): {why}")
    return found


# The walk in two halves (every other pattern), each in a file of its own, so that pytest-xdist's
# two processes share it (``test_matrix_second_half.py`` walks the other).
HALVES = 2


def matrix_walk(world: World, capsys, half: int) -> None:
    started = time.monotonic()
    found = endpoints()[half::HALVES]
    asker = Asker(world, found)
    failures: list[str] = []
    known: list[str] = []
    walked = gets = posts = 0
    # Thousands of expected 403, 404 and 405 answers: Django's warnings about them say nothing here
    # (a 500 is still logged, and fails the test).
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        for endpoint in found:
            expected = POLICY.get(endpoint.key)
            if expected is None:
                failures.append(f"{endpoint.key}: no policy row")
                continue
            try:
                asked = asker.ask(endpoint)
            except LookupError as error:
                failures.append(f"{endpoint.key}: {error}")
                continue
            walked += 1
            gets += len(asked.get)
            posts += len(asked.post)
            failures.extend(failures_of(asked, expected, known))
    finally:
        request_log.setLevel(level)
    with capsys.disabled():
        print(
            f"\nURL x role matrix, half {half + 1} of {HALVES}: {walked} URL patterns x {len(ROLE_KEYS)} roles = "
            f"{walked * len(ROLE_KEYS)} "
            f"(URL, role) pairs tried ({gets} GET and {posts} POST requests) in {time.monotonic() - started:.0f} s"
        )
        for line in known:
            print(f"known upstream 500: {line}")
    assert not failures, f"{len(failures)} answers break the policy:\n" + "\n".join(failures)


def test_every_url_answers_every_role_as_the_policy_says(world: World, db, capsys):
    matrix_walk(world, capsys, 0)
