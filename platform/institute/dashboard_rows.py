"""The region dashboard's rows (``MunicipalityDashboardRow``): rebuilt from what feeds them.

Triggers keep the rows current in the transaction of every write to the roll-ups, the agreements
and the municipalities (migrations 0003, 0004). This rebuilds them from the same view the triggers copy
from, for ``manage.py rollups_rebuild dashboard`` (registered as the roll-up rebuilder
"dashboard"): a repair after a restore that skipped triggers, or a check that nothing drifted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from tenants.municipalities.models import Municipality


def dashboard_rows_rebuild(municipalities: Sequence[Municipality]) -> None:
    """Make ``municipalities``' dashboard rows equal to the view that computes them: one statement."""
    if not municipalities:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.institute_dashboardrow_refresh(%s::bigint[], NULL)", [[m.pk for m in municipalities]]
        )
