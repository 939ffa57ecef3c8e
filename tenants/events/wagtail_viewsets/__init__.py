"""Events in the municipality's Wagtail admin.

The events listing with filters; create and edit through the services (with a warning when a
significant regional event for the same audience falls on the same day, 004 §4.6); an inspect
view with the event's actions — participants, export, attendance, held, cancel, the proposal to
the unified calendar, contest results —; contest stages and participants; the staff calendar
with the municipality's events (staff-only ones included) and the unified calendar, marked apart.

In three modules: ``forms``, ``screens`` (the views) and ``viewsets`` (the menu and URLs).
"""

from tenants.events.wagtail_viewsets.viewsets import EventsMenu

__all__ = ["EventsMenu"]
