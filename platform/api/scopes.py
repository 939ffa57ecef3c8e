"""What a key may do: its scopes. A scope names the data, read or write; the key names the
municipalities (``ApiKey.municipalities``) a municipal scope and the roll-ups reach."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    ROLLUPS_READ = "rollups:read", _("Сводные показатели региона (чтение)")
    EVENTS_READ = "events:read", _("Мероприятия и регистрации муниципалитета (чтение)")
    EVENTS_WRITE = "events:write", _("Регистрация педагогов на мероприятия муниципалитета")
    PD_READ = "pd:read", _("Записи о повышении квалификации (чтение)")
    PD_WRITE = "pd:write", _("Записи о повышении квалификации (создание)")
    CALENDAR_WRITE = "calendar:write", _("Единый календарь (запись)")


# Scopes whose reads name people (152-ФЗ): each such read is written to the access log.
PERSONAL_DATA_SCOPES = frozenset({Scope.EVENTS_READ, Scope.PD_READ})
