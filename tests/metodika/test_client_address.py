"""The client's address behind trusted reverse proxies (login throttling, the consultation form)."""

import pytest
from django.test import RequestFactory

from metodika.client_address import client_address


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: a client's header is ignored
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the entry nginx appended, not the forged one
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "", "10.0.0.1"),  # the proxy sent no header
    ],
)
def test_only_the_configured_proxies_are_trusted(settings, proxy_count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected
