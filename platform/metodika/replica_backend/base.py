"""django-tenants' PostgreSQL backend for the streaming replica: it reads in the primary's schema.

django-tenants keeps the schema on each connection (``set_tenant``) and sets ``search_path`` when
a cursor is taken; the routing middleware, ``tenant_context`` and the schema helpers switch only
the primary's connection (``django.db.connection``). A query routed to the replica must run in the
same schema, or a drill-down inside ``tenant_context(municipality)`` would read the public schema —
or, on a connection kept from an earlier request, another municipality's. So before every cursor
the replica's connection takes the primary's tenant; django-tenants then sets the path on the
replica only when it changed (``TENANT_LIMIT_SET_CALLS``), as it does on the primary.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from metodika.database_backend.base import DatabaseWrapper as PrimaryDatabaseWrapper


class DatabaseWrapper(PrimaryDatabaseWrapper):  # type: ignore[misc]
    def _cursor(self, name: str | None = None) -> Any:
        primary = connections[DEFAULT_DB_ALIAS]
        schema, include_public = primary.schema_name, primary.include_public_schema  # type: ignore[attr-defined]
        if (schema, include_public) != (self.schema_name, self.include_public_schema):
            self.set_tenant(primary.tenant, include_public)  # type: ignore[attr-defined]
        return super()._cursor(name)
