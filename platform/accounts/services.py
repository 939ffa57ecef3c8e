"""Writes for accounts and roles: creating role groups, granting and revoking roles, inviting."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import BOUND_ROLES, MUNICIPAL_ROLES, REGION_ROLES, ActingUser, Role, RoleGroup, User
from accounts.role_permissions import (
    COLLECTION_PERMISSIONS,
    MODEL_PERMISSIONS,
    OBSERVER_WITHHELD_PERMISSIONS,
    PAGE_PERMISSIONS,
    ROLE_ONLY_PERMISSIONS,
    content_app_permission_filter,
)
from accounts.selectors import user_by_verified_email, user_roles_forget
from audit.services import audit_record
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active

MUNICIPALITY_GROUP_ROLES = (*MUNICIPAL_ROLES, Role.OBSERVER)

logger = logging.getLogger(__name__)


def _permissions_by_name(names: Iterable[str]) -> dict[str, Permission]:
    wanted = {tuple(n.split(".", 1)) for n in names}
    if not wanted:
        return {}
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.filter(query).select_related("content_type")
    }
    missing = {f"{a}.{c}" for a, c in wanted} - set(found)
    if missing:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return found


def _group_name(municipality: Municipality | None, role: str) -> str:
    label = Role(role).label
    return f"{municipality.slug}: {label}" if municipality else f"Регион: {label}"


def region_role_groups_ensure() -> dict[str, Group]:
    """The region's role groups (institute, committee, operator); idempotent."""
    perms = _permissions_by_name(n for r in REGION_ROLES for n in MODEL_PERMISSIONS[r])
    groups: dict[str, Group] = {}
    for role in REGION_ROLES:
        role_group = RoleGroup.objects.filter(municipality=None, role=role).select_related("group").first()
        if role_group is None:
            group = Group.objects.create(name=_group_name(None, role))
            role_group = RoleGroup.objects.create(group=group, municipality=None, role=role)
        role_group.group.permissions.set([perms[n] for n in MODEL_PERMISSIONS[role]])
        groups[role] = role_group.group
    return groups


def role_permission_ids() -> dict[str, set[int]]:
    """Every role's Django permissions: the named ones plus its grants on the content apps."""
    names = (
        {n for codes in MODEL_PERMISSIONS.values() for n in codes}
        | set(ROLE_ONLY_PERMISSIONS)
        | set(OBSERVER_WITHHELD_PERMISSIONS)
    )
    by_name = _permissions_by_name(names)
    role_only = [by_name[n].pk for n in ROLE_ONLY_PERMISSIONS]
    withheld = {Role.OBSERVER: [by_name[n].pk for n in OBSERVER_WITHHELD_PERMISSIONS]}
    ids: dict[str, set[int]] = {}
    for role in Role:
        ids[role] = {by_name[n].pk for n in MODEL_PERMISSIONS.get(role, ())}
        app_filter = content_app_permission_filter(role)
        if app_filter is not None:
            granted = Permission.objects.filter(**app_filter).exclude(pk__in=[*role_only, *withheld.get(role, [])])
            ids[role] |= set(granted.values_list("pk", flat=True))
    return ids


@transaction.atomic
def role_group_permissions_sync() -> int:
    """Give every role group, of every municipality and the region, exactly its role's permissions.

    Run after migrations (``region_migrate``): a model added later reaches groups made earlier.
    Page and collection permissions live in each schema and are not touched. Returns the number
    of groups synced.
    """
    ids_by_role = role_permission_ids()
    groups = list(RoleGroup.objects.values_list("group_id", "role"))
    through = Group.permissions.through
    through.objects.filter(group_id__in=[g for g, _ in groups]).delete()
    through.objects.bulk_create(
        through(group_id=group_id, permission_id=pid) for group_id, role in groups for pid in ids_by_role[role]
    )
    return len(groups)


def municipality_role_groups_create(municipality: Municipality) -> dict[str, Group]:
    """Create a municipality's role groups with their permissions, in its schema.

    Must run with the municipality's schema active: page and collection permissions are rows of
    that schema's Wagtail tables.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

    assert schema_active() == municipality.schema_name, "run inside the municipality's schema"
    names = {n for r in MUNICIPALITY_GROUP_ROLES for n in MODEL_PERMISSIONS[r]}
    names |= {f"wagtailcore.{c}" for codes in PAGE_PERMISSIONS.values() for c in codes}
    names |= {n for codes in COLLECTION_PERMISSIONS.values() for n in codes}
    perms = _permissions_by_name(names)

    groups: dict[str, Group] = {role: Group(name=_group_name(municipality, role)) for role in MUNICIPALITY_GROUP_ROLES}
    Group.objects.bulk_create(groups.values())
    RoleGroup.objects.bulk_create(
        RoleGroup(group=group, municipality=municipality, role=role) for role, group in groups.items()
    )
    ids_by_role = role_permission_ids()
    through = Group.permissions.through
    through.objects.bulk_create(
        through(group_id=groups[role].pk, permission_id=permission_id)
        for role in MUNICIPALITY_GROUP_ROLES
        for permission_id in ids_by_role[role]
    )
    home = Site.objects.get(is_default_site=True).root_page
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=groups[role], page=home, permission=perms[f"wagtailcore.{code}"])
        for role, codes in PAGE_PERMISSIONS.items()
        for code in codes
    )
    root_collection = Collection.get_first_root_node()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=groups[role], collection=root_collection, permission=perms[name])
        for role, names_ in COLLECTION_PERMISSIONS.items()
        for name in names_
    )
    return groups


@transaction.atomic
def municipality_role_groups_ensure(municipalities: Iterable[Municipality] | None = None) -> int:
    """Create the role groups a municipality lacks (roles added after it was provisioned); idempotent.

    Only roles without page or collection permissions can be added this way (their groups need no
    rows in the municipality's schema): the bound roles of issue 15. Run by ``region_migrate``;
    returns the number of groups made.
    """
    addable = [r for r in MUNICIPALITY_GROUP_ROLES if r not in PAGE_PERMISSIONS and r not in COLLECTION_PERMISSIONS]
    wanted = list(municipalities) if municipalities is not None else list(Municipality.objects.all())
    held = set(
        RoleGroup.objects.filter(municipality__in=wanted, role__in=addable).values_list("municipality_id", "role")
    )
    missing = [(m, r) for m in wanted for r in addable if (m.pk, r) not in held]
    if not missing:
        return 0
    ids_by_role = role_permission_ids()
    through = Group.permissions.through
    for municipality, role in missing:
        group = Group.objects.create(name=_group_name(municipality, role))
        RoleGroup.objects.create(group=group, municipality=municipality, role=role)
        through.objects.bulk_create(through(group_id=group.pk, permission_id=pid) for pid in ids_by_role[role])
    return len(missing)


def _role_group(*, role: str, municipality: Municipality | None, binding: bool = False) -> Group:
    if municipality is None and role not in REGION_ROLES:
        raise ValidationError(_("Роль «%(role)s» назначается в муниципалитете.") % {"role": Role(role).label})
    if municipality is not None and role not in MUNICIPAL_ROLES:
        raise ValidationError(_("Роль «%(role)s» назначается на уровне региона.") % {"role": Role(role).label})
    if role in BOUND_ROLES and not binding:
        raise ValidationError(
            _("Роль «%(role)s» назначается и снимается вместе с объединением или организацией.")
            % {"role": Role(role).label}
        )
    found = RoleGroup.objects.select_related("group").filter(municipality=municipality, role=role).first()
    if found is None and municipality is not None:
        municipality_role_groups_ensure([municipality])
        found = RoleGroup.objects.select_related("group").get(municipality=municipality, role=role)
    if found is None:
        raise RoleGroup.DoesNotExist(f"no role group {role!r}")
    return found.group


@transaction.atomic
def role_grant(
    *, user: User, role: str, municipality: Municipality | None, acting_user: ActingUser, binding: bool = False
) -> None:
    """Give ``user`` the role; a bound role only from its binding's service (``binding=True``)."""
    group = _role_group(role=role, municipality=municipality, binding=binding)
    if user.groups.filter(pk=group.pk).exists():
        return
    user.groups.add(group)
    user_roles_forget(user)
    audit_record(
        action="role.grant",
        acting_user=acting_user,
        municipality=municipality,
        target=user.email,
        data={"role": role},
    )


@transaction.atomic
def role_revoke(
    *, user: User, role: str, municipality: Municipality | None, acting_user: ActingUser, binding: bool = False
) -> None:
    """Take the role from ``user``; a bound role only from its binding's service (``binding=True``)."""
    group = _role_group(role=role, municipality=municipality, binding=binding)
    if role == Role.HEAD and municipality is not None and group.user_set.exclude(pk=user.pk).count() == 0:
        raise ValidationError(_("Нельзя снять роль с последнего руководителя службы: сначала назначьте другого."))
    user.groups.remove(group)
    user_roles_forget(user)
    audit_record(
        action="role.revoke",
        acting_user=acting_user,
        municipality=municipality,
        target=user.email,
        data={"role": role},
    )


def _email_normalise(email: str) -> str:
    return User.objects.normalize_email(email).strip().lower()


def invitation_email_check(email: str) -> None:
    """Refuse an address that an account holds without having verified it, if nobody verified it.

    Such a claim binds nothing (see ``user_get_or_create``), but the address is taken in
    ``User.email`` — one account per address, whatever its case — so the real person's account
    cannot be made. The claim is not released here: the operator or head of service inviting
    someone must not silently rewrite another person's account, possibly in another
    municipality; they are told why, and the operator looks at that account
    (``manage.py account_email_release``). Since e-mail changes need confirmation, only accounts
    written before that (or by a superuser) can hold such a claim. Raises ValidationError.
    """
    email = _email_normalise(email)
    if user_by_verified_email(email) is not None:
        return
    claimant = User.objects.filter(email__iexact=email).first()
    if claimant is not None:
        logger.warning("invitation to %s refused: account #%s holds the address unverified", email, claimant.pk)
        raise ValidationError(
            _(
                "Адрес %(email)s указан в другой учётной записи, но не подтверждён её владельцем, "
                "поэтому пригласить по нему нельзя. Сообщите оператору платформы: он проверит эту учётную запись."
            )
            % {"email": email},
            code="email_claimed",
        )


@transaction.atomic
def user_get_or_create(
    *, email: str, first_name: str = "", last_name: str = "", middle_name: str = "", password: str | None = None
) -> tuple[User, bool]:
    """The account of the person who owns ``email``, or a new one with the address verified.

    The owner is whoever verified the address with allauth, whatever its case. An address only
    claimed — an unverified ``EmailAddress``, or a ``User.email`` without a verified one — names
    nobody: binding to it let a methodologist who typed the next head's address into their
    profile become that head (issue 13). A claim in ``User.email`` blocks the new account and is
    refused (``invitation_email_check``); an unverified ``EmailAddress`` of someone else does not,
    and can no longer be confirmed once the address is verified here. ``password`` is set only on
    a new account: an existing person's password is never touched.
    """
    email = _email_normalise(email)
    owner = user_by_verified_email(email)
    if owner is not None:
        return owner, False
    invitation_email_check(email)
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, middle_name=middle_name
    )
    # The operator or head vouches for the address; the invitation goes to it.
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user, True


@transaction.atomic
def user_email_claim_release(*, email: str, acting_user: ActingUser) -> User:
    """Take an address back from an account that holds it in ``User.email`` without proof of it.

    The operator's remedy when an invitation is refused by ``invitation_email_check``. The
    account goes back to an address it did verify (its primary one first), so its owner keeps
    signing in as before; its unverified claim on ``email`` is dropped. An account that verified
    no address at all is left alone: the operator decides about it by hand. Raises
    ValidationError when there is nothing to release or it cannot be done.
    """
    email = _email_normalise(email)
    claimant = User.objects.filter(email__iexact=email).first()
    if claimant is None or user_by_verified_email(email) == claimant:
        raise ValidationError(
            _("Ни одна учётная запись не держит адрес %(email)s без подтверждения.") % {"email": email}
        )
    proven = (
        EmailAddress.objects.filter(user=claimant, verified=True)
        .exclude(email__iexact=email)
        .order_by("-primary", "pk")
        .first()
    )
    if proven is None:
        raise ValidationError(
            _("У учётной записи №%(id)s нет подтверждённого адреса, вернуть ей прежний нельзя.") % {"id": claimant.pk}
        )
    EmailAddress.objects.filter(user=claimant, email__iexact=email).delete()
    EmailAddress.objects.filter(user=claimant).exclude(pk=proven.pk).update(primary=False)
    if not proven.primary:
        proven.primary = True
        proven.save(update_fields=["primary"])
    claimant.email = proven.email
    claimant.save(update_fields=["email"])
    audit_record(
        action="user.email_release",
        acting_user=acting_user,
        target=claimant.email,
        data={"user_id": claimant.pk, "released": email},
    )
    return claimant


@transaction.atomic
def user_invite(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    acting_user: ActingUser,
    first_name: str = "",
    last_name: str = "",
    middle_name: str = "",
    binding: bool = False,
) -> User:
    """Give a person a role in a municipality and, on commit, e-mail them a link to set a password.

    ``binding``: a bound role, given by the service that binds the person to its object.
    """
    from accounts.tasks import invitation_send_task

    user, created = user_get_or_create(email=email, first_name=first_name, last_name=last_name, middle_name=middle_name)
    role_grant(user=user, role=role, municipality=municipality, acting_user=acting_user, binding=binding)
    audit_record(
        action="user.invite",
        acting_user=acting_user,
        municipality=municipality,
        target=user.email,
        data={"role": role, "new_account": created},
    )
    task_send_on_commit(
        invitation_send_task,
        schema_name=municipality.schema_name,
        municipality_id=municipality.pk,
        user_id=user.pk,
        role=role,
    )
    return user


def municipality_role_groups_delete(municipality: Municipality) -> None:
    """Remove a municipality's role groups from the public schema, after its schema is dropped.

    Raw deletes on purpose: the ORM's cascade would look for tenant-only tables (Wagtail's
    group page and collection permissions) in the public schema; those rows go with the schema.
    """
    group_ids = list(RoleGroup.objects.filter(municipality=municipality).values_list("group_id", flat=True))
    alias = connection.alias
    User.groups.through.objects.filter(group_id__in=group_ids)._raw_delete(alias)
    Group.permissions.through.objects.filter(group_id__in=group_ids)._raw_delete(alias)
    RoleGroup.objects.filter(group_id__in=group_ids)._raw_delete(alias)
    Group.objects.filter(pk__in=group_ids)._raw_delete(alias)
