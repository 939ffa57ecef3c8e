"""What the head's screen (municipal admin) and the operator's (region host) share: reading the
filters, a page of rows, the export, and the audit row every read leaves behind.

The scope is decided by the caller — one municipality's entries or the region's — and passed in
as a queryset from :mod:`audit.selectors`; nothing here widens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from audit.export import XLSX_CONTENT_TYPE, audit_entries_xlsx
from audit.forms import AuditFilterForm
from audit.labels import audit_action_label
from audit.models import AuditEntry
from audit.selectors import AuditFilters, audit_entry_details
from audit.services import audit_read_record
from tenants.municipalities.models import Municipality

PAGE_SIZE = 50
PAGE_PARAM = "p"
EXPORT_PARAM = "export"


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action_label: str
    details: str


def audit_is_export(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT_PARAM) == "xlsx"


def audit_export_url(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    query[EXPORT_PARAM] = "xlsx"
    return f"?{query.urlencode()}"


def audit_export_response(
    request: HttpRequest,
    *,
    entries: QuerySet[AuditEntry],
    filters: AuditFilters,
    municipality: Municipality | None,
) -> HttpResponse:
    """The filtered entries as XLSX; the export is recorded with its filters and row count."""
    content, written = audit_entries_xlsx(entries, with_municipality=municipality is None)
    audit_read_record(acting_user=request.user, municipality=municipality, filters=filters, exported_rows=written)
    place = municipality.slug if municipality is not None else "region"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"audit-{place}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def audit_screen_context(
    request: HttpRequest,
    *,
    form: AuditFilterForm,
    entries: QuerySet[AuditEntry],
    filters: AuditFilters,
    municipality: Municipality | None,
) -> dict[str, Any]:
    """A page of entries for the template; the read is recorded with its filters and page."""
    page: Page[AuditEntry] = Paginator(entries, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    # The page is read before its own read is recorded: the row shows up on the next visit.
    rows = [AuditRow(entry, audit_action_label(entry.action), audit_entry_details(entry)) for entry in page]
    audit_read_record(acting_user=request.user, municipality=municipality, filters=filters, page=page.number)
    return {
        "form": form,
        "entries_page": page,
        "rows": rows,
        "export_url": audit_export_url(request),
        "retention_days": settings.AUDIT_RETENTION_DAYS,
    }
