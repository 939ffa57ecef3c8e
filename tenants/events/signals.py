"""Signals of the events app, for other apps to follow what happens at events.

``participant_attended`` is sent by :func:`tenants.events.services.registration_attendance_mark`
(and the attendance code) inside the transaction that marks a registration attended, with
``event_id``, ``registration_id``, ``user_id`` (None for a guest) and ``email``. Receivers run in
that transaction: whatever they write is committed or rolled back with the mark (e.g. a teacher's
learning-route step that this event fulfils, 004 §3.3.3).
"""

from __future__ import annotations

from django.dispatch import Signal

participant_attended = Signal()
