"""Personal links of a questionnaire's recipients: ``/needs/answer/<token>/`` on the municipality's host.

The token is the recipient's random key (``Recipient.link_key``, 192 bits) signed with the
project's secret and a salt naming the municipality's schema: a guessed or altered token fails the
signature before any lookup, and a token of one municipality fails on another's host (404 there),
whatever rows that schema holds. The link works without signing in and stops working when the
questionnaire closes (``Questionnaire.accepts_answers``).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import municipality_base_url


def _signer(schema_name: str) -> signing.Signer:
    return signing.Signer(salt=f"needs.answer:{schema_name}")


def answer_token(link_key: str, *, schema_name: str | None = None) -> str:
    return _signer(schema_name or schema_active()).sign(link_key)


def link_key_from_token(token: str) -> str | None:
    """The recipient's key if ``token`` was signed for the schema in use, else None."""
    try:
        return _signer(schema_active()).unsign(token)
    except signing.BadSignature:
        return None


def answer_url(municipality: Municipality, link_key: str) -> str:
    token = answer_token(link_key, schema_name=municipality.schema_name)
    path = reverse("needs:answer", kwargs={"token": token}, urlconf=settings.ROOT_URLCONF)
    return municipality_base_url(municipality) + path
