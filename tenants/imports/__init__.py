"""A reusable engine for importing tables (XLSX, CSV) into a municipality's registers.

A domain describes its table once, as an :class:`~tenants.imports.specs.ImportSpec` (columns,
how a row finds an existing object, how the rows are written); the engine does the rest:

* ``reading``: the file's bytes to rows of cells, whatever Excel or a text editor made of it;
* ``cells``: cell parsers with Russian messages;
* ``engine``: the plan (every row: create, update, unchanged or error, by row number) and the
  apply step, all rows in one transaction or none, with the audit;
* ``uploads``: the uploaded file kept in the municipality's own storage under a token between
  the preview and the confirmation;
* ``spreadsheets``: the template to fill in and the export, with the import's own columns, so
  an exported file can be edited and imported back;
* ``admin``: the upload, preview and template views, and a mixin that gives a Wagtail
  ``ModelViewSet`` those views plus its export.

It is a library, not a Django app: it has no models and its templates are loaded from its own
folder (see ``admin``).
"""
