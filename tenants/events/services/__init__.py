"""Writes of the municipality's events: the admin, the public pages, tasks, the demo and tests call these.

Each write runs in one transaction with its audit row (events through the audited Wagtail
actions, the rest through ``audit_record_municipal``) and the events' columns of the region's
roll-up; e-mails are sent by Celery tasks in this municipality's schema after the commit.

One module per part, each imported from here:

* ``events``: the events themselves, and a contest's results (000 §2.3.3);
* ``registrations``: registrations with their seats and waiting list, attendance, the personal
  calendar feed;
* ``regional``: the unified regional calendar (004 §4.6): proposing an event to it, taking one
  of its events into the annual plan.
"""

from tenants.events.services.events import (
    EDITABLE_FIELDS,
    NOTIFIED_FIELDS,
    contest_results_publish,
    description_sanitise,
    event_cancel,
    event_create,
    event_delete,
    event_mark_held,
    event_update,
)
from tenants.events.services.regional import PLAN_FORMS, event_propose_to_region, regional_event_take_into_plan
from tenants.events.services.registrations import (
    ATTENDANCE_CODE_EARLY,
    feed_token_get_or_create,
    registration_add_by_organiser,
    registration_attend_by_code,
    registration_attendance_mark,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_pending_purge,
)

__all__ = [
    "ATTENDANCE_CODE_EARLY",
    "EDITABLE_FIELDS",
    "NOTIFIED_FIELDS",
    "PLAN_FORMS",
    "contest_results_publish",
    "description_sanitise",
    "event_cancel",
    "event_create",
    "event_delete",
    "event_mark_held",
    "event_propose_to_region",
    "event_update",
    "feed_token_get_or_create",
    "regional_event_take_into_plan",
    "registration_add_by_organiser",
    "registration_attend_by_code",
    "registration_attendance_mark",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_pending_purge",
]
