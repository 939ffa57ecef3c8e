"""Wagtail's PostgreSQL search backend with a text configuration for autocomplete too.

Wagtail's admin searches pages, images, documents and snippets as you type, through the
backend's ``autocomplete`` (the last word matched as a prefix). The stock backend fixes its
configuration to ``simple``, which does not stem: «новость» missed the page «Новости» in the
admin even with ``SEARCH_CONFIG = "russian"``. With ``AUTOCOMPLETE_CONFIG = "russian"`` the index
and the query are stemmed alike (``'новость':*`` becomes ``'новост':*``); a stemmed prefix only
grows shorter, so typing part of a word still finds it.
"""

from __future__ import annotations

from typing import Any

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend


class StemmedAutocompleteSearchBackend(PostgresSearchBackend):
    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.autocomplete_config: str = params.get("AUTOCOMPLETE_CONFIG", "simple")


SearchBackend = StemmedAutocompleteSearchBackend
