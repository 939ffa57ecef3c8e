"""The document register on the head's home (tenants.staff_home): required documents missing or
out of date, each count linking to the nomenclature filtered by that state."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.registry.selectors import KindState, nomenclature_overview, register_summary_of
from tenants.staff_home import HomeLine, home_section_register


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Two queries (the nomenclature and the versions in force)."""
    summary = register_summary_of(nomenclature_overview(today=today))
    url = reverse("registry_nomenclature")
    return [
        HomeLine("registry.missing", _("обязательных документов нет в реестре"), summary.missing,
                 f"{url}?state={KindState.MISSING}", attention=summary.missing > 0),
        HomeLine("registry.outdated", _("документов устарели"), summary.outdated,
                 f"{url}?state={KindState.OUTDATED}", attention=summary.outdated > 0),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="registry_head", title=gettext_lazy("Реестр документов"), roles=[Role.HEAD],
        permission="registry.view_documentkind", order=50, lines=head_lines,
    )  # fmt: skip
