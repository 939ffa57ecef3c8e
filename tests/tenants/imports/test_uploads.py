"""The uploaded file between preview and confirmation: per municipality, per kind, per person."""

from __future__ import annotations

import datetime
import os

from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from tenants.imports.uploads import upload_discard, upload_load, upload_purge_stale, upload_store


def test_stored_upload_is_found_by_its_token_in_its_municipality(muni_a, media_root):
    with tenant_context(muni_a):
        token = upload_store(spec_name="teachers", filename="педагоги.xlsx", data=b"data", user_id=7)
        upload = upload_load(spec_name="teachers", token=token, user_id=7)
    assert upload is not None and upload.data == b"data" and upload.filename == "педагоги.xlsx"
    # Kept under the municipality's own media folder.
    assert (media_root / muni_a.schema_name / "imports" / "teachers" / f"{token}.data").exists()


def test_token_does_not_work_in_another_municipality_for_another_person_or_kind(muni_a, muni_b):
    with tenant_context(muni_a):
        token = upload_store(spec_name="teachers", filename="a.xlsx", data=b"data", user_id=7)
    with tenant_context(muni_b):
        assert upload_load(spec_name="teachers", token=token, user_id=7) is None
    with tenant_context(muni_a):
        assert upload_load(spec_name="teachers", token=token, user_id=8) is None
        assert upload_load(spec_name="organisations", token=token, user_id=7) is None
        assert upload_load(spec_name="teachers", token="../../" + token, user_id=7) is None
        assert upload_load(spec_name="teachers", token=token, user_id=7) is not None


def test_discarded_and_stale_uploads_are_gone(muni_a):
    with tenant_context(muni_a):
        token = upload_store(spec_name="teachers", filename="a.xlsx", data=b"data", user_id=None)
        upload_discard(spec_name="teachers", token=token)
        assert upload_load(spec_name="teachers", token=token, user_id=None) is None

        old = upload_store(spec_name="teachers", filename="old.xlsx", data=b"old", user_id=None)
        two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
        for suffix in ("data", "json"):
            os.utime(default_storage.path(f"imports/teachers/{old}.{suffix}"), (two_days_ago, two_days_ago))
        assert upload_purge_stale(spec_name="teachers") == 2
        assert upload_load(spec_name="teachers", token=old, user_id=None) is None
