"""E-mail sent on a municipality's behalf: the one place mail leaves a municipal context.

The message goes out from the platform's own address (the one the mail server may send from),
named as the municipality's methodological service, with the municipality's contact address in
``Reply-To``: the teacher sees who writes, and an answer reaches the service. Without a
municipality (the region's own mail) the platform's sender is used as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from tenants.municipalities.models import Municipality


def municipal_sender(municipality: Municipality) -> str:
    """«Методическая служба: Сосновый Бор <noreply@…>» — the platform's address, the service's name."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = _("Методическая служба: %(name)s") % {"name": municipality.short_name}
    # Quoted (the colon is special in an address); Django encodes the non-ASCII name when sending.
    return '"{}" <{}>'.format(name.replace("\\", "").replace('"', "'"), address)


def municipal_mail_headers(municipality: Municipality | None) -> dict[str, object]:
    """``from_email`` and ``reply_to`` for an :class:`EmailMessage` sent in ``municipality``'s name."""
    if municipality is None:
        return {"from_email": settings.DEFAULT_FROM_EMAIL, "reply_to": []}
    return {
        "from_email": municipal_sender(municipality),
        "reply_to": [municipality.contact_email] if municipality.contact_email else [],
    }


def municipal_mail_send(*, municipality: Municipality | None, subject: str, body: str, to: Sequence[str]) -> int:
    """Send one plain-text message to ``to`` as ``municipality``'s service (or the platform)."""
    headers = municipal_mail_headers(municipality)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=str(headers["from_email"]),
        to=list(to),
        reply_to=list(headers["reply_to"]),  # type: ignore[call-overload]
    )
    return message.send()
