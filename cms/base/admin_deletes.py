"""Deleting in the admin what other records still name: a Russian message, not a 500.

Many of our models keep what others point at with ``on_delete=PROTECT`` (an organisation named by
its teachers, a direction by plan items, a teacher by a mentorship). Wagtail's generic delete view
shows the usage it knows of, but the database's protection is not among it: the delete raised
``ProtectedError`` and the person got a server error (found by the URL × role matrix). The view's
``form_valid`` is wrapped once, when ``cms.base`` is ready, so every viewset's delete screen, ours
and any added later, answers with the message and deletes nothing (Django's collector refuses
before a row is touched).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def protected_delete_message(instance: object, error: ProtectedError) -> str:
    """«…» cannot be deleted: what still names it, by kind (at most three kinds)."""
    kinds = sorted({capfirst(str(obj._meta.verbose_name_plural)) for obj in error.protected_objects})
    return _("«%(object)s» нельзя удалить: на эту запись ссылаются другие данные (%(kinds)s).") % {
        "object": instance,
        "kinds": ", ".join(kinds[:3]) + ("…" if len(kinds) > 3 else ""),
    }


def wagtail_deletes_refuse_protected() -> None:
    """Make Wagtail's generic ``DeleteView`` answer a protected object with a message."""
    from wagtail.admin.views.generic.models import DeleteView

    if getattr(DeleteView, "_refuses_protected", False):
        return
    form_valid = DeleteView.form_valid

    def form_valid_refusing_protected(self: Any, form: Any) -> HttpResponse:
        try:
            return form_valid(self, form)
        except ProtectedError as error:
            messages.error(self.request, protected_delete_message(self.object, error))
            return HttpResponseRedirect(self.get_success_url())

    DeleteView.form_valid = form_valid_refusing_protected  # type: ignore[method-assign]
    DeleteView._refuses_protected = True  # type: ignore[attr-defined]
