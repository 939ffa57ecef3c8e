"""A real S3-compatible server for the tests: moto in server mode, in its own process.

``s3_server`` (session) starts it on a free port; ``s3_media`` switches the default storage to
the bucket for one test (a fresh bucket each time, so no test sees another's files). Import the
fixtures into the test module that needs them.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

ACCESS_KEY = "metodika-test"
SECRET_KEY = "metodika-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def options(self, bucket: str) -> dict[str, Any]:
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint_url,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": REGION,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        }

    def environment(self, bucket: str) -> dict[str, str]:
        """The MEDIA_S3_* variables for a process of the application."""
        return {
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_ACCESS_KEY": ACCESS_KEY,
            "MEDIA_S3_SECRET_KEY": SECRET_KEY,
            "MEDIA_S3_REGION": REGION,
        }

    def keys(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield S3Server(endpoint_url=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def s3_media(s3_server: S3Server, settings: Any) -> Iterator[tuple[S3Server, str]]:
    """The default storage on a fresh bucket of the moto server, for one test."""
    bucket = f"media-{secrets.token_hex(4)}"
    s3_server.client().create_bucket(Bucket=bucket)
    settings.MEDIA_S3_BUCKET = bucket
    settings.MEDIA_S3_OPTIONS = s3_server.options(bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tenants.media_storage.TenantS3Storage", "OPTIONS": s3_server.options(bucket)},
    }
    yield s3_server, bucket
