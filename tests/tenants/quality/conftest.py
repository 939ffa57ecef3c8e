"""Course documents and import uploads go to a temporary MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # Setting STORAGES again drops the storage instances built for the old MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path
