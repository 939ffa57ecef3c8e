"""Provisioning's schema operations: the template schema, the pool of spare clones, renames, drops.

A new municipality's schema is a copy of ``TENANT_BASE_SCHEMA`` (the template), which
``manage.py region_migrate`` keeps migrated and seeded with the starter site. Spares are copies
made ahead of time; taking one is an ``ALTER SCHEMA ... RENAME``, done inside the provisioning
transaction so that a failure rolls it back.

This module seeds the site (``cms.home.starter``), so it sits above the site composition layer;
switching the connection between schemas is the kernel's ``tenants.municipalities.schemas``.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

from tenants.municipalities.models import SpareSchema

# Bump when the starter content the template is seeded with changes: spares cloned from the
# older template are then discarded.
TEMPLATE_CONTENT_VERSION = "5"
# PostgreSQL advisory lock key held while the spare pool is topped up.
SPARE_POOL_LOCK = 7_351_002


class TemplateSchemaMissing(RuntimeError):
    """The template schema is absent or not seeded; provisioning refuses to fall back."""


def template_schema_name() -> str:
    return settings.TENANT_BASE_SCHEMA


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def template_signature() -> str:
    """A fingerprint of the template: its applied migrations and the seed content version."""
    name = template_schema_name()
    if not schema_exists(name):
        raise TemplateSchemaMissing(f"Template schema {name!r} does not exist: run `manage.py region_migrate` first.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {_quote(name)}.django_migrations ORDER BY app, name"  # noqa: S608
        )
        rows = cursor.fetchall()
    if not rows:
        raise TemplateSchemaMissing(f"Template schema {name!r} has no migrations applied.")
    digest = hashlib.sha256(TEMPLATE_CONTENT_VERSION.encode())
    for app, migration in rows:
        digest.update(f"{app}.{migration};".encode())
    return digest.hexdigest()


def template_require() -> str:
    """The template's signature, after checking it is there and seeded. Raises otherwise."""
    signature = template_signature()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {_quote(template_schema_name())}.wagtailcore_site")  # noqa: S608
        (sites,) = cursor.fetchone()
    if sites != 1:
        raise TemplateSchemaMissing("The template schema has no starter site: run `manage.py region_migrate`.")
    return signature


def template_ensure(*, verbosity: int = 0) -> str:
    """Create (if missing), migrate and seed the template schema. Idempotent."""
    from cms.home.starter import starter_site_seed

    name = template_schema_name()
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {_quote(name)}")
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity)
    with schema_context(name):
        starter_site_seed()
        _template_stock_permissions_remove()
    _stock_groups_remove()
    return template_signature()


def _template_stock_permissions_remove() -> None:
    """Wagtail's first migration gives its stock groups (Editors, Moderators) page and collection
    permissions. Groups are region-wide here, so such rows would grant rights in every
    municipality cloned from the template; only role groups may hold permissions."""
    from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, WorkflowPage

    GroupPagePermission.objects.all().delete()
    GroupCollectionPermission.objects.all().delete()
    # The stock "Moderators approval" workflow names the region-wide Moderators group.
    GroupApprovalTask.groups.through.objects.all().delete()
    WorkflowPage.objects.all().delete()


def _stock_groups_remove() -> None:
    """Delete public groups that stand for no role (Wagtail's stock ones), if nothing uses them."""
    from django.contrib.auth.models import Group
    from django.db import IntegrityError

    from accounts.models import User

    stray = list(Group.objects.filter(role_group__isnull=True).values_list("pk", flat=True))
    if not stray:
        return
    try:
        with transaction.atomic():
            connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
            User.groups.through.objects.filter(group_id__in=stray)._raw_delete(connection.alias)
            Group.permissions.through.objects.filter(group_id__in=stray)._raw_delete(connection.alias)
            Group.objects.filter(pk__in=stray)._raw_delete(connection.alias)
            connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")
    except IntegrityError:
        # A schema made before this cleanup still points at them; they hold no members.
        pass


def schema_clone(*, source: str, target: str) -> None:
    CloneSchema().clone_schema(source, target, "DATA")


def schema_rename(*, old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {_quote(old)} RENAME TO {_quote(new)}")


def schema_drop(name: str) -> None:
    if name in ("public", "information_schema") or name.startswith("pg_"):
        raise ValueError(f"Refusing to drop schema {name!r}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(name)} CASCADE")


def spare_take(signature: str) -> str | None:
    """Claim a spare of the current template (inside the caller's transaction), or None."""
    spare = (
        SpareSchema.objects.select_for_update(skip_locked=True)
        .filter(template_signature=signature)
        .order_by("created_at")
        .first()
    )
    if spare is None:
        return None
    name = spare.schema_name
    spare.delete()
    return name


def spare_pool_prune(signature: str | None = None) -> int:
    """Drop spares cloned from an older template. Returns how many were dropped."""
    signature = signature or template_signature()
    dropped = 0
    for spare in SpareSchema.objects.exclude(template_signature=signature):
        with transaction.atomic():
            schema_drop(spare.schema_name)
            spare.delete()
        dropped += 1
    return dropped


def spare_pool_refill(*, size: int | None = None) -> int:
    """Top the pool up to ``size`` spares of the current template. Returns how many were made."""
    size = settings.SPARE_POOL_SIZE if size is None else size
    signature = template_require()
    with connection.cursor() as cursor:
        # Provisioning bursts send several refills at once: one tops up, the others step aside.
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SPARE_POOL_LOCK])
        (locked,) = cursor.fetchone()
    if not locked:
        return 0
    try:
        spare_pool_prune(signature)
        made = 0
        while SpareSchema.objects.filter(template_signature=signature).count() < size:
            name = f"{settings.SPARE_SCHEMA_PREFIX}{uuid.uuid4().hex[:16]}"
            with transaction.atomic():
                schema_clone(source=template_schema_name(), target=name)
                SpareSchema.objects.create(schema_name=name, template_signature=signature)
            made += 1
        return made
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SPARE_POOL_LOCK])
