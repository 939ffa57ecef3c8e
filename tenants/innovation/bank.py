"""The region-wide list of innovation projects (``regional_banks.InnovationProjectEntry``): a row per
project of this municipality's register, written with every change in the change's transaction
(a project, its status, an organisation's or a material's edit) and rebuilt from the schemas
(``rollups_rebuild innovation_bank``, nightly too: the public pages it links to may move) with the
same query, so the portal never loops over schemas.

Links are paths on the municipality's host: its public «Инновационная деятельность» page, and a
product's file through its public resource bank page (or the material's own link elsewhere). A
page's ``url_path`` starts with the site root's slug, which the host does not show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection

from regional_banks.models import InnovationProjectEntry
from regional_banks.services import SEARCH_CONFIG
from rollups.rebuild import schemas_union
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250
# The first live page of a type that no view restriction hides (``.live().public().first()``).
_LIVE_PAGE_PATH = """(SELECT regexp_replace(pg.url_path, '^/[^/]+', '') FROM {schema}.{table} t
    JOIN {schema}.wagtailcore_page pg ON pg.id = t.page_ptr_id
    WHERE pg.live AND NOT EXISTS (SELECT 1 FROM {schema}.wagtailcore_pageviewrestriction vr
      JOIN {schema}.wagtailcore_page a ON a.id = vr.page_id WHERE starts_with(pg.path, a.path))
    ORDER BY pg.path LIMIT 1)"""
_TEMPLATE = """(
SELECT {municipality_id} AS municipality_id, p.id, p.title, p.level, p.status,
  coalesce((SELECT string_agg(o.short_name, ', ' ORDER BY o.short_name, o.id)
    FROM {schema}.innovation_innovationproject_organisations po
    JOIN {schema}.organisations_organisation o ON o.id = po.organisation_id
    WHERE po.innovationproject_id = p.id), ''),
  p.starts_on, p.ends_on, p.goals, p.stages,
  coalesce((SELECT json_agg(json_build_object(
      'title', r.title,
      'url', CASE WHEN r.file <> '' AND bank.path IS NOT NULL THEN bank.path || 'file/' || r.id || '/' ELSE r.link END
    ) ORDER BY r.title, r.id)
    FROM {schema}.innovation_innovationproject_products pp
    JOIN {schema}.resources_resource r ON r.id = pp.resource_id
    LEFT JOIN (SELECT @bank_page_path AS path) bank
      ON true
    WHERE pp.innovationproject_id = p.id AND r.is_public), '[]'::json),
  coalesce(@innovation_page_path, ''),
  p.is_public
FROM {schema}.innovation_innovationproject p
)"""
_SELECT = _TEMPLATE.replace(
    "@bank_page_path", _LIVE_PAGE_PATH.replace("{table}", "resources_resourcebankpage")
).replace("@innovation_page_path", _LIVE_PAGE_PATH.replace("{table}", "innovation_innovationpage"))
_FIELDS = (
    "municipality_id", "project_id", "title", "level", "status", "organisations", "starts_on", "ends_on", "goals",
    "stages", "products", "page_path", "is_public",
)  # fmt: skip


def _write(municipalities: Sequence[Municipality]) -> None:
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for first in range(0, len(municipalities), UNION_CHUNK):
            cursor.execute(schemas_union(_SELECT, municipalities[first : first + UNION_CHUNK]))
            rows.extend(cursor.fetchall())
    ids = [m.pk for m in municipalities]
    InnovationProjectEntry.objects.filter(municipality_id__in=ids).delete()
    InnovationProjectEntry.objects.bulk_create(
        [InnovationProjectEntry(**dict(zip(_FIELDS, row, strict=True))) for row in rows]
    )
    InnovationProjectEntry.objects.filter(municipality_id__in=ids).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("goals", "stages", weight="B", config=SEARCH_CONFIG)
        + SearchVector("organisations", weight="C", config=SEARCH_CONFIG)
    )


def innovation_bank_refresh(**_signal: Any) -> None:
    """Rewrite the municipality in use's rows, in the caller's transaction (changes take turns).

    Also an ``audited_write`` receiver: an organisation or a material renamed, made public or not."""
    municipality = current_municipality()
    if municipality is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"innovation-bank:{schema_active()}"])
    _write([municipality])


def innovation_bank_rebuild(municipalities: Sequence[Municipality]) -> None:
    if municipalities:
        _write(municipalities)
