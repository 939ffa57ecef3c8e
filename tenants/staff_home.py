"""The staff's home in a municipality's admin (issue 21): what needs attention, by role.

Each municipal app declares its own lines (``home_section_register``, from its ``wagtail_hooks``):
a section names the roles it is for and the permission its lines' lists need, and its provider
counts through the app's selectors — one or two queries — and links every count to the filtered
list behind it. Nothing is shown that the person may not open: a section is offered only to
holders of its permission, in the municipality in use (roles are per schema).

The same lines feed the weekly digest and the in-app notifications (``tenants.notifications``),
so the home, the e-mail and the list never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.models import User
from accounts.selectors import user_roles
from tenants.municipalities.schemas import schema_active


@dataclass(frozen=True)
class HomeLine:
    """One count and the list behind it; ``attention`` marks what is late or waits on the person."""

    key: str
    label: str
    count: int
    url: str
    attention: bool = False
    note: str = ""  # e.g. «на утверждении у председателя», «истекает 01.03.2027»


LineProvider = Callable[[User, datetime.date], Sequence[HomeLine]]


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: Any  # lazy: translated when shown
    roles: frozenset[str]
    permission: str
    order: int
    lines: LineProvider


_SECTIONS: dict[str, HomeSection] = {}


def home_section_register(
    *, key: str, title: Any, roles: Sequence[str], permission: str, order: int, lines: LineProvider
) -> None:
    """Declare a section of the staff home (idempotent by ``key``); an empty ``permission`` leaves
    the check to the roles (the region's sections: agreements, the institute's comments)."""
    _SECTIONS[key] = HomeSection(
        key=key, title=title, roles=frozenset(roles), permission=permission, order=order, lines=lines
    )


def home_sections(user: User) -> list[HomeSection]:
    """The sections ``user`` may see in the municipality in use, in order."""
    held = user_roles(user).in_municipality(schema_active())
    return sorted(
        (s for s in _SECTIONS.values() if s.roles & held and (not s.permission or user.has_perm(s.permission))),
        key=lambda s: (s.order, s.key),
    )


def home_lines(user: User, *, today: datetime.date | None = None) -> list[tuple[HomeSection, list[HomeLine]]]:
    """Every section of ``user``'s home with its lines (sections with no line are left out)."""
    hooks.search_for_hooks()
    today = today or timezone.localdate()
    found = []
    for section in home_sections(user):
        lines = list(section.lines(user, today))
        if lines:
            found.append((section, lines))
    return found


# The teacher's cabinet (``/cabinet/`` on a municipality's host): the same kind of lines, for the
# person's own registrations, route, PD and consultations; each app adds its block.
_CABINET: dict[str, tuple[int, LineProvider]] = {}


def cabinet_lines_register(*, key: str, order: int, lines: LineProvider) -> None:
    _CABINET[key] = (order, lines)


def cabinet_lines(user: User, *, today: datetime.date | None = None) -> list[HomeLine]:
    """The person's own lines in the municipality in use (they see only their own)."""
    hooks.search_for_hooks()  # the apps' wagtail_hooks register the blocks; a site page may not have loaded them
    today = today or timezone.localdate()
    found: list[HomeLine] = []
    for _order, provider in sorted(_CABINET.values(), key=lambda entry: entry[0]):
        found.extend(provider(user, today))
    return found


class StaffHomePanel(Component):
    """Wagtail's homepage panel: the person's sections, first on the admin's home."""

    name = "staff_home"
    template_name = "staff_home/panel.html"
    order = 10

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"sections": home_lines(self.user)}
