"""Error tracking with sentry-sdk, for a Sentry or GlitchTip run inside the region.

Personal data must not leave the region's own systems, so what is sent is scrubbed before it
goes (``event_scrub``, sentry-sdk's ``before_send``): no request body, cookies or headers that
carry credentials, no user fields but the id, no local variables of frames (they hold users and
forms), and in every string each e-mail address and each capitalised Cyrillic word (every Russian
name is one) replaced, as are the values of fields that name a person (``first_name``,
``last_name``, ``patronymic``, ``full_name``, ``email``, ``phone``…) wherever they appear.
What stays: the exception's type, its message so scrubbed, the stack, the URL's path without its
query, the schema (a tag) and the environment.
"""

from __future__ import annotations

import re
from typing import Any

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# People here have Russian names, written capitalised in Cyrillic: every such word goes (a sentence
# that starts with one loses its first word too, which costs a developer little).
CAPITALISED_CYRILLIC = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
PERSONAL_KEYS = frozenset(
    {
        "email",
        "e_mail",
        "username",
        "first_name",
        "last_name",
        "middle_name",
        "patronymic",
        "full_name",
        "fio",
        "name_full",
        "phone",
        "password",
        "ip_address",
        "contact_email",
        "head_email",
        "guest_email",
        "guest_name",
    }
)
REQUEST_KEPT = ("url", "method")


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        return FILTERED
    if isinstance(value, str):
        return CAPITALISED_CYRILLIC.sub("[name]", EMAIL.sub("[email]", value))
    if isinstance(value, dict):
        return {
            key: FILTERED if str(key).lower() in PERSONAL_KEYS else _scrub(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, depth + 1) for item in value]
    return value


def event_scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """``before_send``: the event without personal data (see the module's docstring)."""
    request = event.get("request")
    if isinstance(request, dict):
        url = str(request.get("url", "")).split("?", 1)[0]
        event["request"] = {**{k: request[k] for k in REQUEST_KEPT if k in request}, "url": url}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    event.setdefault("tags", {})["schema"] = _active_schema()
    return _scrub(event)


def _active_schema() -> str:
    from django.db import connection

    return str(getattr(connection, "schema_name", "") or "public")


def error_tracking_init(*, dsn: str, environment: str, release: str = "") -> None:
    """Start sentry-sdk for Django and Celery with the scrubbing above; nothing without a DSN."""
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=event_scrub,  # type: ignore[arg-type]
        before_send_transaction=None,
    )
