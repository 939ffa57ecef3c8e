"""Personal data read through the API goes to the institute's access log, as the drill-down's
reads do: who (the key's owner), which key (its prefix in the section), which municipality, what."""

from __future__ import annotations

from django.http import HttpRequest

from api.models import ApiKey
from institute.services import access_log_record
from tenants.municipalities.models import Municipality


def personal_data_read_record(*, key: ApiKey, municipality: Municipality, section: str, request: HttpRequest) -> None:
    access_log_record(
        acting_user=key.owner,
        municipality=municipality,
        section=f"api:{key.prefix}:{section.removeprefix('api:')}"[:32],
        path=request.get_full_path(),
        personal_data=True,
    )
