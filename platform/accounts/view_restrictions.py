"""Wagtail's privacy dialogs (pages and collections), offering only the municipality's groups.

Wagtail builds these forms with ``Group.objects.all()``; groups are region-wide here, so an
editor of A could open an A page to B's teachers. No hook replaces the forms, so the views'
form classes are pointed at these subclasses when the app is ready.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.forms.pages import PageViewRestrictionForm

from accounts.wagtail_viewsets import groups_in_scope


class MunicipalityPageViewRestrictionForm(PageViewRestrictionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups_in_scope(self.fields["groups"].queryset)


class MunicipalityCollectionViewRestrictionForm(CollectionViewRestrictionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups_in_scope(self.fields["groups"].queryset)


def privacy_forms_scope() -> None:
    from wagtail.admin.views import collection_privacy, page_privacy

    page_privacy.SetPrivacyView.form_class = MunicipalityPageViewRestrictionForm
    collection_privacy.CollectionViewRestrictionForm = MunicipalityCollectionViewRestrictionForm  # type: ignore[misc]
