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
