"""Account e-mails, sent by the worker in the municipality's schema."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, User
from accounts.region_sessions import sessions_expired_purge
from tenants.municipalities.dispatch import municipality_for_task
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.schemas import schema_activate_public
from tenants.municipalities.selectors import municipality_base_url


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send_task(self: object, *, municipality_id: int, user_id: int, role: str) -> str:
    """E-mail an invited person a link to set their password on the municipality's host."""
    from wagtail.models import Site

    municipality = municipality_for_task(municipality_id)
    user = User.objects.get(pk=user_id)
    site = Site.objects.get(is_default_site=True)  # read in the municipality's own schema
    path = reverse(
        "account_reset_password_from_key",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    context = {
        "user": user,
        "municipality": municipality,
        "site_name": site.site_name,
        "role": Role(role).label,
        "link": municipality_base_url(municipality) + path,
        "admin_link": municipality_base_url(municipality) + "/admin/",
    }
    with translation.override("ru"):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_message.txt", context)
    municipal_mail_send(municipality=municipality, subject=subject, body=body, to=[user.email])
    return user.email


@shared_task(acks_late=True)
def sessions_expired_purge_task() -> dict[str, int]:
    """Nightly (beat): expired sessions and spent handoff rows (``accounts.region_sessions``)."""
    schema_activate_public()
    return sessions_expired_purge()
