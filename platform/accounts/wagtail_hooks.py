"""Wagtail hooks of the accounts app: the user bulk actions scoped to the current municipality."""

from wagtail import hooks

from accounts.wagtail_viewsets import MUNICIPALITY_USER_BULK_ACTIONS

# Registered after Wagtail's own (higher order), so these replace its actions of the same type.
for action_class in MUNICIPALITY_USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)
