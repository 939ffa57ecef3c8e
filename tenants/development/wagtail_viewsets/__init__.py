"""Teachers' professional growth in the municipality's Wagtail admin.

* «Курсовая подготовка» — course records: list, filters, search, import from XLSX/CSV (preview,
  all or nothing, errors by row), template, export, the staff download of a document's scan;
* «Сроки повышения квалификации» — who is due or overdue (273-ФЗ art. 47), by organisation,
  subject and status, with an XLSX export; each row opens the teacher's growth card (courses,
  diagnostics, deficits, routes);
* course offers, the competence-area catalogue, diagnostics (results inline), deficits, and
  routes (steps inline; «построить из дефицитов»), followed by the tutor (004 §3.3.4).

Writes go through the app's Wagtail actions (``tenants.development.actions``), as the services'
do: history, audit row, then the model's rules (``services.*_saved``) in the same transaction:
steps completed by a course, deficits opened by a diagnostic, the route's completion, the
roll-up refresh.
Personal data: the region's observers have no permission in this app, so nothing here opens
to them.

In three modules: ``forms``, ``screens`` (the views) and ``viewsets`` (the menu and URLs).
"""

from tenants.development.wagtail_viewsets.viewsets import DevelopmentViewSetGroup

__all__ = ["DevelopmentViewSetGroup"]
