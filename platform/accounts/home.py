"""People on the head's home (tenants.staff_home): those invited to the municipality who have never
signed in (the invitation may have gone astray)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MUNICIPAL_ROLES, Role, User
from tenants.municipalities.selectors import current_municipality
from tenants.staff_home import HomeLine, home_section_register

MANAGE_PERMISSION = "accounts.manage_municipal_roles"  # accounts.staff_views', imported lazily by the hooks


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """One query."""
    municipality = current_municipality()
    if municipality is None:
        return []
    never = (
        User.objects.filter(
            groups__role_group__municipality=municipality,
            groups__role_group__role__in=list(MUNICIPAL_ROLES),
            last_login__isnull=True,
            is_active=True,
        )
        .distinct()
        .count()
    )
    return [HomeLine("accounts.never_signed_in", _("приглашённых ни разу не входили"), never,
                     reverse("metodika_staff") + "?never_signed_in=1", attention=never > 0)]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="accounts_head", title=gettext_lazy("Сотрудники"), roles=[Role.HEAD], permission=MANAGE_PERMISSION,
        order=80, lines=head_lines,
    )  # fmt: skip
