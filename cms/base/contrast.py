"""Colour contrast by WCAG 2.1's formula (§1.4.3 «Contrast (Minimum)», level AA: 4.5:1 for text)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_TEXT_RATIO = 4.5
WHITE = "#ffffff"


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR_RE.match(value or ""):
        raise ValidationError(_("Укажите цвет в виде #RRGGBB, например #083a66."), code="invalid_colour")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
