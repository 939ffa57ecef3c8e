"""Writes of the bank of pedagogical information (000 §2.3.2).

Every write of a material goes through here — the Wagtail admin's create, edit and delete
views, the demo and the tests alike — and, inside one transaction: checks an uploaded file by
its content, extracts its text (synchronously, see ``tenants.resources.extraction`` for why
that is affordable), saves the material through the audited Wagtail action (Wagtail's log
entry and our audit row) and recomputes its ``search_vector``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import ActingUser
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.media_storage import schema_storage
from tenants.municipalities.schemas import schema_active
from tenants.people.models import Subject
from tenants.resources.extraction import controls_strip, document_text
from tenants.resources.models import DOCUMENT_KINDS, Audience, Resource
from tenants.resources.selectors import SEARCH_CONFIG
from tenants.uploads import validate_document_upload

# Title A, description B, the file's text C: a title match outranks anything in the body.
RESOURCE_SEARCH_VECTOR = (
    SearchVector("title", weight="A", config=SEARCH_CONFIG)
    + SearchVector("description", weight="B", config=SEARCH_CONFIG)
    + SearchVector("extracted_text", weight="C", config=SEARCH_CONFIG)
)

EDITABLE_FIELDS = (
    "title",
    "kind",
    "description",
    "subject",
    "audience",
    "link",
    "author",
    "published_on",
    "is_public",
)


def resource_search_vectors_update(queryset: QuerySet[Resource]) -> int:
    """Recompute the stored search vectors of ``queryset`` in SQL; returns the rows updated."""
    return queryset.update(search_vector=RESOURCE_SEARCH_VECTOR)


def _file_attach(resource: Resource, file: UploadedFile) -> None:
    """Check ``file`` by its content (raises a Russian ValidationError) and take its text."""
    try:
        kind = validate_document_upload(file, allowed=DOCUMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    resource.file = file  # type: ignore[assignment]
    resource.file_kind = kind
    resource.extracted_text = document_text(file, kind)


def _file_detach(resource: Resource) -> None:
    resource.file = ""  # type: ignore[assignment]
    resource.file_kind = ""
    resource.extracted_text = ""


def _stored_file_delete_on_commit(resource: Resource, name: str) -> None:
    """Remove a replaced or deleted file once the change is committed (never before)."""
    if not name:
        return
    # The storage is rooted at the schema in use: the callback names this schema's storage.
    storage = schema_storage(schema_active())
    transaction.on_commit(lambda: storage.delete(name))


def _typed_text_clean(resource: Resource) -> None:
    resource.title = controls_strip(resource.title).strip()
    resource.description = controls_strip(resource.description).strip()
    resource.author = controls_strip(resource.author).strip()


@transaction.atomic
def resource_create(
    *,
    acting_user: ActingUser,
    title: str,
    kind: str,
    description: str = "",
    subject: Subject | None = None,
    audience: str = Audience.ALL,
    tags: Iterable[str] = (),
    file: UploadedFile | None = None,
    link: str = "",
    author: str = "",
    published_on: datetime.date | None = None,
    is_public: bool = False,
) -> Resource:
    """Add a material to the bank. A file or a link is required."""
    resource = Resource(
        title=title,
        kind=kind,
        description=description,
        subject=subject,
        audience=audience,
        link=link,
        author=author,
        is_public=is_public,
    )
    if published_on is not None:
        resource.published_on = published_on
    if acting_user is not None and acting_user.is_authenticated:
        resource.created_by = acting_user  # type: ignore[assignment]
    _typed_text_clean(resource)
    if file:
        _file_attach(resource, file)
    audited_create(resource, acting_user=acting_user)  # full_clean: fields and the file-or-link rule
    resource.tags.set(list(tags))
    resource_search_vectors_update(Resource.objects.filter(pk=resource.pk))
    resource.refresh_from_db(fields=["search_vector"])
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, acting_user: ActingUser, data: Mapping[str, Any]) -> Resource:
    """Change a material. ``data`` holds the fields to change, by name (a form's cleaned_data will do).

    ``file``: a new upload replaces the file and its text; False (a cleared file input) removes
    it; anything else (the stored file) leaves it as it is.
    """
    stored_name = Resource.objects.filter(pk=resource.pk).values_list("file", flat=True).first() or ""
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    _typed_text_clean(resource)
    new_file = data.get("file")
    if isinstance(new_file, UploadedFile):
        _file_attach(resource, new_file)
    elif "file" in data and new_file is False:
        _file_detach(resource)
    audited_update(resource, acting_user=acting_user)
    if "tags" in data:
        resource.tags.set(list(data["tags"]))
    resource_search_vectors_update(Resource.objects.filter(pk=resource.pk))
    if stored_name and stored_name != resource.file.name:
        _stored_file_delete_on_commit(resource, stored_name)
    resource.refresh_from_db(fields=["search_vector"])
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, acting_user: ActingUser) -> None:
    name = resource.file.name or ""
    _stored_file_delete_on_commit(resource, name)
    audited_delete(resource, acting_user=acting_user)
