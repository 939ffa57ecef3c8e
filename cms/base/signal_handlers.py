"""Keeping the public sites' page cache true on content changes (the host cache is kept by
``tenants.municipalities.middleware``, next to it).

Connected from ``CmsBaseConfig.ready()``. They only retire cache entries; no business write
happens here.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from cms.base.page_cache import page_cache_purge_current

# Rows written while pages render or while editors draft: they change nothing a visitor sees.
# (Renditions and embeds are created by the first render of a page; purging on them would retire
# the page being stored.)
NOT_PUBLIC_MODELS = frozenset(
    {
        "wagtailimages.rendition",
        "wagtailembeds.embed",
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.referenceindex",
        "wagtailcore.uploadedfile",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
    }
)
NOT_PUBLIC_APPS = frozenset({"wagtailsearch", "wagtailadmin", "wagtailusers"})


def _tenant_app_labels() -> frozenset[str]:
    shared = set(settings.SHARED_APPS)
    tenant_names = {name for name in settings.TENANT_APPS if name not in shared}
    return frozenset(
        config.label
        for config in apps.get_app_configs()
        if config.name in tenant_names and config.label not in NOT_PUBLIC_APPS
    )


TENANT_APP_LABELS: frozenset[str] = frozenset()


def content_changed(sender: type[Model], **kwargs: Any) -> None:
    """Any write to a municipality's content (pages, events, documents…) retires its pages."""
    meta = sender._meta
    if meta.app_label in TENANT_APP_LABELS and meta.label_lower not in NOT_PUBLIC_MODELS:
        page_cache_purge_current()


def page_visibility_changed(sender: type[Model], **kwargs: Any) -> None:
    page_cache_purge_current()


def connect() -> None:
    global TENANT_APP_LABELS
    TENANT_APP_LABELS = _tenant_app_labels()
    post_save.connect(content_changed, dispatch_uid="site_pages_content_saved")
    post_delete.connect(content_changed, dispatch_uid="site_pages_content_deleted")
    page_published.connect(page_visibility_changed, dispatch_uid="site_pages_published")
    page_unpublished.connect(page_visibility_changed, dispatch_uid="site_pages_unpublished")
