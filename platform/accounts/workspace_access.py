"""Who may use the institute's workspace on the region host.

Institute staff (ЛОИРО) and the regional committee read every municipality here (000 §3.3,
004 §4.4); a municipality's own staff, the operator and visitors get nothing. Writes are narrower
still: only the institute comments and drafts agreements.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from tenants.municipalities.selectors import current_municipality


def workspace_reader(user: ActingUser) -> bool:
    """Institute staff or the regional committee."""
    return user is not None and user.is_authenticated and user_roles(user).observes_every_municipality()


def workspace_writer(user: ActingUser) -> bool:
    """Institute staff: the ones who write the workspace's own objects."""
    return user is not None and user.is_authenticated and user_roles(user).has(Role.INSTITUTE)


def workspace_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A region-host screen of the workspace: sign-in, then institute or committee only."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if current_municipality() is not None:  # the URLs are the region's; belt and braces
            raise Http404
        if not workspace_reader(request.user):
            raise PermissionDenied(_("Раздел доступен сотрудникам ЛОИРО и регионального комитета."))
        return view(request, *args, **kwargs)

    return wrapped


def workspace_writer_only(request: HttpRequest) -> None:
    if not workspace_writer(request.user):
        raise PermissionDenied(_("Это действие доступно только сотрудникам ЛОИРО."))
