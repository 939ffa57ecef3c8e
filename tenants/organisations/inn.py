"""The INN (ИНН) of a legal entity: ten digits with a check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_is_valid(value: str) -> bool:
    if len(value) != 10 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    check = sum(w * d for w, d in zip(WEIGHTS_10, digits, strict=False)) % 11 % 10
    return check == digits[9]


def validate_inn(value: str) -> None:
    if not (len(value) == 10 and value.isdigit()):
        raise ValidationError(_("ИНН организации состоит из 10 цифр."), code="inn_format")
    if not inn_is_valid(value):
        raise ValidationError(
            _("ИНН «%(inn)s» не проходит проверку контрольной цифры.") % {"inn": value}, code="inn_checksum"
        )


def inn_complete(first_nine: str) -> str:
    """The valid ten-digit INN that starts with ``first_nine`` (for demo data and tests)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("nine digits expected")
    check = sum(w * int(d) for w, d in zip(WEIGHTS_10, first_nine, strict=True)) % 11 % 10
    return f"{first_nine}{check}"
