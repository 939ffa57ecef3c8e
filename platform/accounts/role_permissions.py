"""What each role may do, as Django and Wagtail permissions. The single source for role groups."""

from __future__ import annotations

from accounts.models import Role

# Model permissions, "app_label.codename", given to a role's group.
MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.TEACHER: (),
    Role.METHODOLOGIST: (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
    Role.HEAD: (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "accounts.manage_municipal_roles",
    ),
    Role.CHAIR: ("wagtailadmin.access_admin",),
    Role.OBSERVER: ("wagtailadmin.access_admin",),
    Role.INSTITUTE: ("municipalities.view_municipality",),
    Role.COMMITTEE: ("municipalities.view_municipality",),
    Role.OPERATOR: (
        "municipalities.view_municipality",
        "municipalities.add_municipality",
        "municipalities.change_municipality",
    ),
}

# Wagtail page permissions on the municipality's home page (and so on its whole site).
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.METHODOLOGIST: ("add_page", "change_page", "publish_page"),
    Role.HEAD: ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
}

# Wagtail collection permissions on the root collection (images and documents).
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.METHODOLOGIST: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
    Role.HEAD: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ),
}
