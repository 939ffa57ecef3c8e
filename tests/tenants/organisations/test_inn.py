"""The INN of a legal entity: ten digits with a check digit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tenants.organisations.inn import inn_complete, inn_is_valid, validate_inn


def test_completed_inns_are_valid_and_others_are_not():
    inn = inn_complete("471401234")
    assert inn == "4714012344" and inn_is_valid(inn)
    assert not inn_is_valid("4714012345")
    assert not inn_is_valid("471401234")


def test_validation_messages_are_russian():
    with pytest.raises(ValidationError, match="ИНН организации состоит из 10 цифр"):
        validate_inn("12345")
    with pytest.raises(ValidationError, match="не проходит проверку контрольной цифры"):
        validate_inn("4714012345")
