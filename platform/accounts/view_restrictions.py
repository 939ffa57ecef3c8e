"""Wagtail's view restrictions, read as a municipality's: privacy dialogs and "signed-in users".

Privacy dialogs: Wagtail builds these forms with ``Group.objects.all()``; groups are region-wide
here, so an editor of A could open an A page to B's teachers. No hook replaces the forms, so the
views' form classes are pointed at these subclasses when the app is ready.

"Private, for signed-in users" (``LOGIN``): accounts are shared by the whole region, so Wagtail's
own check (any signed-in account) would let a teacher of Luga read Sosnovy Bor's internal pages
and documents. Here it means the municipality's people: anyone with a role in it (teacher,
methodologist, head, committee chair), and the region's observers (institute staff and the
regional committee), who read every municipality's admin through its observer group (000 §3.3,
004 §4.4) and so may read what the municipality keeps for its own people. The Wagtail hooks in
``accounts.wagtail_hooks`` answer a signed-in outsider with a 403 before the page or document is
served; visitors who are not signed in still get Wagtail's redirect to the login page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.models.view_restrictions import BaseViewRestriction

from accounts.models import ActingUser
from accounts.selectors import user_roles
from accounts.wagtail_viewsets import groups_in_scope
from tenants.municipalities.schemas import schema_active

MEMBERS_ONLY_TEMPLATE = "accounts/members_only.html"
MEMBERS_ONLY_LABEL = _(
    "Закрыто: только для вошедших педагогов и сотрудников этого муниципалитета (и наблюдателей региона)"
)


def _scope_privacy_form(form: Any) -> None:
    """The municipality's groups only, and "signed-in users" named as it is enforced here."""
    form.fields["groups"].queryset = groups_in_scope(form.fields["groups"].queryset)
    form.fields["restriction_type"].choices = [
        (value, MEMBERS_ONLY_LABEL if value == BaseViewRestriction.LOGIN else label)
        for value, label in form.fields["restriction_type"].choices
    ]


class MunicipalityPageViewRestrictionForm(PageViewRestrictionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_privacy_form(self)


class MunicipalityCollectionViewRestrictionForm(CollectionViewRestrictionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_privacy_form(self)


def privacy_forms_scope() -> None:
    from wagtail.admin.views import collection_privacy, page_privacy

    page_privacy.SetPrivacyView.form_class = MunicipalityPageViewRestrictionForm
    collection_privacy.CollectionViewRestrictionForm = MunicipalityCollectionViewRestrictionForm  # type: ignore[misc]


def municipality_member(user: ActingUser, schema_name: str) -> bool:
    """Whether ``user`` is one of the municipality's people for its "signed-in users" pages:
    a role of their own in it, or a region role that observes every municipality."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = user_roles(user)
    return bool(roles.in_municipality(schema_name)) or roles.observes_every_municipality()


def restriction_admits(restriction: BaseViewRestriction, request: HttpRequest) -> bool:
    """Wagtail's own check, with "signed-in users" narrowed to the municipality's people."""
    if not restriction.accept_request(request):
        return False
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return municipality_member(request.user, schema_active())
    return True


def members_only_refusal(restrictions: Iterable[BaseViewRestriction], request: HttpRequest) -> HttpResponse | None:
    """The answer to a signed-in person outside the municipality who meets a "signed-in users"
    restriction: 403, never cached. None when it does not apply (visitors who are not signed in
    and the other kinds of restriction are Wagtail's to answer)."""
    if not request.user.is_authenticated:
        return None
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.LOGIN and not municipality_member(
            request.user, schema_active()
        ):
            response = TemplateResponse(request, MEMBERS_ONLY_TEMPLATE, {}, status=403)
            add_never_cache_headers(response)
            return response
    return None
