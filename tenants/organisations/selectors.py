"""Reads of the municipality's organisations (the schema in use is the municipality)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ActingUser
from tenants.imports.cells import normalised
from tenants.organisations.models import Organisation, OrganisationSiteStatus, SchoolCoordinator


def organisation_list(
    *, kind: str | None = None, is_active: bool | None = None, site_kind: str | None = None, search: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    if site_kind:
        qs = qs.filter(pk__in=site_status_current_list(kind=site_kind).values("organisation_id"))
    return organisation_search(qs, search).order_by("short_name", "pk")


def organisation_search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Narrow ``queryset`` to organisations matching every word of ``query`` in a name, INN, head or address."""
    for word in query.split():
        queryset = queryset.filter(
            Q(short_name__icontains=word)
            | Q(full_name__icontains=word)
            | Q(inn__startswith=word)
            | Q(head_name__icontains=word)
            | Q(address__icontains=word)
        )
    return queryset


def organisation_get(*, organisation_id: int) -> Organisation | None:
    return Organisation.objects.filter(pk=organisation_id).first()


def site_status_current_list(
    *, kind: str | None = None, on: datetime.date | None = None
) -> QuerySet[OrganisationSiteStatus]:
    """Site statuses in force on ``on`` (today): the municipality's base, internship… sites."""
    on = on or timezone.localdate()
    qs = OrganisationSiteStatus.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("organisation").order_by("organisation__short_name", "kind")


@dataclass
class OrganisationLookup:
    """Organisations by INN and by short name, for finding the one a row of a file names."""

    by_inn: dict[str, Organisation] = field(default_factory=dict)
    by_name: dict[str, list[Organisation]] = field(default_factory=lambda: defaultdict(list))

    def find(self, reference: str) -> tuple[Organisation | None, int]:
        """The organisation named by INN or short name, and how many match the name (0, 1 or more)."""
        reference = reference.strip()
        if reference.isdigit() and reference in self.by_inn:
            return self.by_inn[reference], 1
        matches = self.by_name.get(normalised(reference), [])
        return (matches[0] if len(matches) == 1 else None), len(matches)


def organisation_lookup() -> OrganisationLookup:
    lookup = OrganisationLookup()
    for organisation in Organisation.objects.only("pk", "inn", "short_name", "full_name"):
        lookup.by_inn[organisation.inn] = organisation
        lookup.by_name[normalised(organisation.short_name)].append(organisation)
        if normalised(organisation.full_name) != normalised(organisation.short_name):
            lookup.by_name[normalised(organisation.full_name)].append(organisation)
    return lookup


# The school coordinators (issue 15 §1). Other apps ask these, never the table: the course
# applications a coordinator confirms, the school's card, the staff home.


def organisation_coordinator_ids(organisation: Organisation | int) -> list[int]:
    """Ids of the accounts coordinating ``organisation``'s methodological service."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return list(
        SchoolCoordinator.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )


def user_coordinates(user: ActingUser, organisation: Organisation | int) -> bool:
    """Whether ``user`` coordinates ``organisation`` in the municipality whose schema is in use."""
    if user is None or not user.is_authenticated:
        return False
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return SchoolCoordinator.objects.filter(user_id=user.pk, organisation_id=organisation_id).exists()


def user_coordinated_organisation(user: ActingUser) -> Organisation | None:
    """The organisation ``user`` coordinates here, or None (one organisation per person)."""
    if user is None or not user.is_authenticated:
        return None
    row = SchoolCoordinator.objects.filter(user_id=user.pk).select_related("organisation").first()
    return row.organisation if row is not None else None


def school_coordinator_list(*, organisation: Organisation | None = None) -> QuerySet[SchoolCoordinator]:
    qs = SchoolCoordinator.objects.select_related("organisation", "user")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("organisation__short_name", "user__last_name", "pk")
