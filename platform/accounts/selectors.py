"""Reading roles. One query per request at most: the result is kept on the user object."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import MUNICIPAL_ROLES, OBSERVING_REGION_ROLES, STAFF_ROLES, Role, RoleGroup, User

_ROLES_ATTR = "_metodika_roles"


@dataclass(frozen=True)
class RoleSet:
    """Every role a person holds: by municipality schema, and in the region."""

    by_schema: dict[str, frozenset[str]] = field(default_factory=dict)
    region: frozenset[str] = frozenset()

    def in_municipality(self, schema_name: str) -> frozenset[str]:
        return self.by_schema.get(schema_name, frozenset())

    def has(self, role: str, schema_name: str | None = None) -> bool:
        if schema_name is None:
            return role in self.region
        return role in self.in_municipality(schema_name)

    def is_staff_of(self, schema_name: str) -> bool:
        return bool(self.in_municipality(schema_name) - {Role.TEACHER})

    def holds_staff_role(self) -> bool:
        """Any staff role anywhere: in a municipality or in the region."""
        held = self.region.union(*self.by_schema.values())
        return bool(held & set(STAFF_ROLES))

    def observes_every_municipality(self) -> bool:
        return bool(self.region & set(OBSERVING_REGION_ROLES))

    def schemas(self) -> list[str]:
        return sorted(self.by_schema)


def user_roles(user: User | AnonymousUser) -> RoleSet:
    """The person's roles, loaded with one query and then kept on the user object."""
    if not user.is_authenticated:
        return RoleSet()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    by_schema: dict[str, set[str]] = {}
    region: set[str] = set()
    rows = RoleGroup.objects.filter(group__user=user).values_list("municipality__schema_name", "role")
    for schema_name, role in rows:
        if schema_name is None:
            region.add(role)
        else:
            by_schema.setdefault(schema_name, set()).add(role)
    roles = RoleSet(by_schema={k: frozenset(v) for k, v in by_schema.items()}, region=frozenset(region))
    setattr(user, _ROLES_ATTR, roles)
    return roles


def user_roles_forget(user: User) -> None:
    if hasattr(user, _ROLES_ATTR):
        delattr(user, _ROLES_ATTR)
    for attr in ("_tenant_perm_cache", "_tenant_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def municipality_people(*, municipality_id: int, roles: Iterable[str] = MUNICIPAL_ROLES) -> QuerySet[User]:
    """People holding a role in one municipality: the only users its screens may list."""
    return (
        User.objects.filter(
            groups__role_group__municipality_id=municipality_id,
            groups__role_group__role__in=list(roles),
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def municipality_role_rows(*, municipality_id: int) -> list[tuple[User, list[str]]]:
    """People of a municipality with their roles there, for the staff screen."""
    rows = RoleGroup.objects.filter(municipality_id=municipality_id, role__in=list(MUNICIPAL_ROLES)).values_list(
        "group__user", "role"
    )
    roles_by_user: dict[int, list[str]] = {}
    for user_id, role in rows:
        if user_id is not None:
            roles_by_user.setdefault(user_id, []).append(role)
    users = User.objects.filter(pk__in=roles_by_user).order_by("last_name", "first_name", "email")
    order: dict[str, int] = {r: i for i, r in enumerate(MUNICIPAL_ROLES)}
    return [(u, sorted(roles_by_user[u.pk], key=order.__getitem__)) for u in users]


def user_by_verified_email(email: str) -> User | None:
    """The person who proved, by allauth's confirmation, that ``email`` is theirs; any case.

    The only way an address names a person. ``User.email`` alone does not (it may have been
    typed in unverified), nor does an unverified ``EmailAddress`` (anyone may ask to add any
    address): binding invitations to either let a methodologist become the next head of service
    invited by an address they had typed into their profile (issue 13).
    """
    address = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).select_related("user").first()
    return address.user if address is not None else None


def user_claiming_email(email: str) -> User | None:
    """An account whose ``User.email`` is ``email`` (any case) without having verified it.

    Such a claim binds nothing, but it holds the address under the one-account-per-address
    constraint, so a new account for the real owner cannot be made until it is released.
    """
    claimant = User.objects.filter(email__iexact=email.strip()).first()
    if claimant is None:
        return None
    proven = EmailAddress.objects.filter(user=claimant, email__iexact=email.strip(), verified=True).exists()
    return None if proven else claimant
