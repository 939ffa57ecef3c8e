"""Demo data for this app, filled in by the app's own work (see the issue it belongs to)."""

from __future__ import annotations

from tenants.municipalities.models import Municipality


def demo_seed(municipality: Municipality) -> None:
    """Nothing yet: the app has no models so far."""
