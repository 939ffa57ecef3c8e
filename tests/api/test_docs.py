"""The documentation page: Swagger UI from our static files, in Russian, under the public CSP."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("host", ["region", "municipality"])
def test_the_docs_page_is_ours_and_needs_no_cdn(api_client, muni_a, host):
    response = api_client(muni_a if host == "municipality" else None).get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ru">' in page and "<title>API " in page and "документация</h1>" in page
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '"url": "/api/v1/openapi.json"' in page
