"""Two-factor sign-in (allauth.mfa): offered to every staff role, required for the platform operator.

allauth asks for the authenticator app's code at sign-in as soon as a person has one. What is
ours: who is offered it (staff roles: their cabinet, the Wagtail account page, the region's staff
screens link to «Двухфакторный вход») and who must have it: the operator provisions and archives
municipalities, so an operator without an active authenticator app is sent to set one up before
any operator screen (issue 13, item 11). Views only the operator may open take
:func:`second_factor_enrolment_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import user_roles


def second_factor_enrolled(user: User | AnonymousUser) -> bool:
    """The person signs in with a code from an authenticator app (TOTP) after the password."""
    return user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP])


def second_factor_offered(user: User | AnonymousUser) -> bool:
    return user_roles(user).holds_staff_role()


def second_factor_required(user: User | AnonymousUser) -> bool:
    return user_roles(user).has(Role.OPERATOR)


def second_factor_enrolment_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sends a signed-in person who must have two-factor sign-in, and has not, to set it up.

    Goes inside the view's own role check: people who may not open the view get its refusal.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and second_factor_required(user) and not second_factor_enrolled(user):
            messages.warning(
                request,
                _(
                    "Оператору платформы нужен вход с кодом из приложения-аутентификатора. "
                    "Подключите его, чтобы продолжить работу."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return view(request, *args, **kwargs)

    return wrapped
