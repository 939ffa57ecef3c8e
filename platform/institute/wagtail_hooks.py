"""The institute's comments in the municipality's Wagtail admin: a menu item and a reply view."""

from __future__ import annotations

from django.urls import URLPattern, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from agreements.wagtail_hooks import MunicipalStaffMenuItem
from institute import admin_views
from institute.home import home_register


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern]:
    return [
        path("plan-comments/", admin_views.PlanCommentIndexView.as_view(), name="municipal_plan_comments"),
        path(
            "plan-comments/<int:comment_id>/reply/",
            admin_views.plan_comment_reply_admin,
            name="municipal_plan_comment_reply",
        ),
    ]


@hooks.register("register_admin_menu_item")
def plan_comments_menu_item() -> MenuItem:
    return MunicipalStaffMenuItem(
        _("Комментарии ЛОИРО"), reverse_lazy("municipal_plan_comments"), icon_name="comment", order=910
    )


home_register()
