"""Switching the connection between schemas: the region's (``public``) and a municipality's.

The ground floor that services, selectors, tasks and caches stand on to know, or set, whose data
the connection reads. Making, cloning and dropping schemas is provisioning's business
(``tenants.municipalities.provisioning``), a layer above the site it seeds.
"""

from __future__ import annotations

from typing import Protocol, cast

from django.db import connection


class SchemaTenant(Protocol):
    """What django-tenants reads from a tenant: a municipality, the region or its own FakeTenant."""

    @property
    def schema_name(self) -> str: ...


class _TenantConnection(Protocol):
    """The part of django-tenants' DatabaseWrapper this project uses."""

    schema_name: str
    tenant: SchemaTenant | None

    def set_tenant(self, tenant: SchemaTenant, include_public: bool = True) -> None: ...

    def set_schema_to_public(self) -> None: ...


def _tenant_connection() -> _TenantConnection:
    # The default database's ENGINE is django-tenants' (metodika.database_backend); django-stubs only
    # knows Django's BaseDatabaseWrapper, so the one cast lives here.
    return cast("_TenantConnection", connection)


def schema_activate(tenant: SchemaTenant) -> None:
    """Point the connection at a tenant's schema (the search path follows on the next query)."""
    _tenant_connection().set_tenant(tenant)


def schema_activate_public() -> None:
    _tenant_connection().set_schema_to_public()


def schema_active() -> str:
    """The schema the connection is set to."""
    return _tenant_connection().schema_name


def schema_active_tenant() -> SchemaTenant | None:
    """The tenant the connection is set to: a municipality, the region, or a bare schema."""
    return _tenant_connection().tenant
