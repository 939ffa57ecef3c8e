"""An uploaded import file, kept between the preview and the confirmation under a token.

The file goes to the default storage, which roots every path at the schema in use
(``MEDIA_ROOT/<schema>/imports/<spec>/<token>``; the media view never serves this folder). A
token looked up on another municipality's host finds nothing there; the stored metadata names
the schema, the kind of import and who uploaded it, and each is checked again. Files older than
a day are removed whenever a new one is stored.
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tenants.municipalities.schemas import schema_active

MAX_AGE = datetime.timedelta(days=1)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
FOLDER = "imports"


@dataclass(frozen=True)
class StoredUpload:
    token: str
    spec_name: str
    filename: str
    data: bytes
    user_id: int | None


def _paths(spec_name: str, token: str) -> tuple[str, str]:
    base = f"{FOLDER}/{spec_name}/{token}"
    return f"{base}.data", f"{base}.json"


def upload_store(*, spec_name: str, filename: str, data: bytes, user_id: int | None) -> str:
    """Keep ``data`` in the current municipality's storage; returns the token for the preview."""
    upload_purge_stale(spec_name=spec_name)
    token = secrets.token_urlsafe(24)  # 32 characters
    data_path, meta_path = _paths(spec_name, token)
    meta = {
        "schema": schema_active(),
        "spec": spec_name,
        "filename": filename[:200],
        "user_id": user_id,
        "stored_at": timezone.now().isoformat(),
    }
    default_storage.save(data_path, ContentFile(data))
    default_storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    return token


def upload_load(*, spec_name: str, token: str, user_id: int | None) -> StoredUpload | None:
    """The upload under ``token`` for this kind of import, in this municipality, by this person; else None."""
    if not TOKEN_RE.match(token or ""):
        return None
    data_path, meta_path = _paths(spec_name, token)
    try:
        with default_storage.open(meta_path, "rb") as handle:
            meta: dict[str, Any] = json.loads(handle.read())
        with default_storage.open(data_path, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        return None
    if meta.get("schema") != schema_active() or meta.get("spec") != spec_name:
        return None
    if meta.get("user_id") != user_id:
        return None
    stored_at = datetime.datetime.fromisoformat(meta["stored_at"])
    if timezone.now() - stored_at > MAX_AGE:
        upload_discard(spec_name=spec_name, token=token)
        return None
    return StoredUpload(token=token, spec_name=spec_name, filename=meta["filename"], data=data, user_id=user_id)


def upload_discard(*, spec_name: str, token: str) -> None:
    if not TOKEN_RE.match(token or ""):
        return
    for path in _paths(spec_name, token):
        default_storage.delete(path)


def upload_purge_stale(*, spec_name: str) -> int:
    """Remove this kind's uploads older than a day in the current municipality; returns how many."""
    folder = f"{FOLDER}/{spec_name}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    cutoff = timezone.now() - MAX_AGE
    for name in files:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
