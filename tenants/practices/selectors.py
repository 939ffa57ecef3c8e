"""Reads of the bank of best practices, in the schema in use."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from tenants.people.models import Teacher
from tenants.practices.models import Practice, PracticeMaterial, PracticeStatus, PracticeStatusChange

VIEW_PERMISSION = "practices.view_practice"


def practice_list(*, status: str | None = None, level: str | None = None) -> QuerySet[Practice]:
    queryset = Practice.objects.select_related("organisation")
    if status:
        queryset = queryset.filter(status=status)
    if level:
        queryset = queryset.filter(level=level)
    return queryset.order_by("-created_at", "-pk")


def _public(queryset: QuerySet[Practice]) -> QuerySet[Practice]:
    # The constraint already allows only recommended practices to be public; both are asked
    # so that the public site never shows anything else even if the rule changes.
    return queryset.filter(is_public=True, status=PracticeStatus.RECOMMENDED)


def practice_public_list(*, level: str | None = None) -> QuerySet[Practice]:
    """Recommended practices marked public, most recently decided first, with their authors."""
    authors = Prefetch("authors", queryset=Teacher.objects.order_by("last_name", "first_name"))
    return _public(practice_list(level=level)).prefetch_related(authors).order_by("-status_changed_at", "-pk")


def practice_public_get(*, pk: int) -> Practice | None:
    authors = Prefetch("authors", queryset=Teacher.objects.order_by("last_name", "first_name"))
    return _public(Practice.objects.select_related("organisation")).prefetch_related(authors).filter(pk=pk).first()


def practice_get(*, pk: int) -> Practice | None:
    return Practice.objects.select_related("organisation", "status_changed_by").filter(pk=pk).first()


def practice_status_history(*, practice: Practice) -> QuerySet[PracticeStatusChange]:
    return practice.status_changes.select_related("changed_by").order_by("changed_at", "pk")


def practice_material_for_download(
    *, practice_id: int, material_id: int, user: User | AnonymousUser
) -> PracticeMaterial | None:
    """A material whose file ``user`` may download: of a public practice, or any for the staff.

    "Missing" and "not yours" are the same answer, None.
    """
    material = (
        PracticeMaterial.objects.select_related("practice")
        .filter(pk=material_id, practice_id=practice_id)
        .exclude(file="")
        .first()
    )
    if material is None:
        return None
    practice = material.practice
    if (practice.is_public and practice.status == PracticeStatus.RECOMMENDED) or user.has_perm(VIEW_PERMISSION):
        return material
    return None
