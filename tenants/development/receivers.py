"""Signal receivers of the development app, connected in ``DevelopmentConfig.ready()``."""

from __future__ import annotations

from typing import Any

from tenants.development.services import route_steps_complete_for_event


def participant_attended_receive(
    sender: Any, *, event_id: int, registration_id: int, user_id: int | None, email: str = "", **kwargs: Any
) -> None:
    """An attendance mark at a municipal event completes the route steps linked to it (004 §3.3.3).

    Runs in the events app's attendance transaction: the step is done if and only if the mark is.
    """
    route_steps_complete_for_event(event_id=event_id, user_id=user_id, email=email or "")
