"""The open API (issue 19): ``/api/v1/`` on the region host and on every municipality host.

django-ninja: the OpenAPI 3 schema is generated from the pydantic types the operations declare,
and the operations are plain Django views behind our middleware (tenant routing, the page cache,
the Content-Security-Policy). Public reads need no key; everything else takes a key the operator
issues (``models.ApiKey``) with scopes, checked by ``auth``.
"""
