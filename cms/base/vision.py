"""The version for visually impaired visitors (ГОСТ Р 52872-2019 §7; WCAG 2.1 §1.4).

The visitor's choice lives in one cookie, parsed strictly into a small set of values: the page
cache keys on :meth:`VisionPreferences.cache_token`, so an arbitrary cookie can never multiply
cache entries or inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

VISION_COOKIE_NAME = "metodika_vision"
VISION_COOKIE_MAX_AGE = 365 * 24 * 3600

FONT_CHOICES = [("large", _("Крупный")), ("xlarge", _("Очень крупный"))]
SCHEME_CHOICES = [("bw", _("Чёрным по белому")), ("wb", _("Белым по чёрному")), ("blue", _("Синим по голубому"))]
IMAGES_CHOICES = [("on", _("Показывать")), ("off", _("Не показывать"))]
SPACING_CHOICES = [("normal", _("Обычный")), ("wide", _("Увеличенный"))]


@dataclass(frozen=True)
class VisionPreferences:
    enabled: bool = False
    font: str = "large"
    scheme: str = "bw"
    images: str = "on"
    spacing: str = "normal"

    @property
    def body_classes(self) -> str:
        if not self.enabled:
            return ""
        return f"lv lv-font-{self.font} lv-scheme-{self.scheme} lv-images-{self.images} lv-spacing-{self.spacing}"

    @property
    def show_images(self) -> bool:
        return not self.enabled or self.images == "on"

    def cookie_value(self) -> str:
        return f"{self.font}.{self.scheme}.{self.images}.{self.spacing}"

    def cache_token(self) -> str:
        return "lv-" + self.cookie_value() if self.enabled else "normal"


NORMAL = VisionPreferences()


def _pick(value: str | None, choices: Sequence[tuple[str, object]], default: str) -> str:
    return value if value in {code for code, _label in choices} else default


def vision_preferences_from_values(
    *, font: str | None, scheme: str | None, images: str | None, spacing: str | None
) -> VisionPreferences:
    return VisionPreferences(
        enabled=True,
        font=_pick(font, FONT_CHOICES, NORMAL.font),
        scheme=_pick(scheme, SCHEME_CHOICES, NORMAL.scheme),
        images=_pick(images, IMAGES_CHOICES, NORMAL.images),
        spacing=_pick(spacing, SPACING_CHOICES, NORMAL.spacing),
    )


def vision_preferences(request: HttpRequest) -> VisionPreferences:
    """The visitor's preferences from the cookie; anything malformed counts as the normal site."""
    cached = getattr(request, "_vision_preferences", None)
    if isinstance(cached, VisionPreferences):
        return cached
    raw = request.COOKIES.get(VISION_COOKIE_NAME, "")
    parts = raw.split(".")
    prefs = NORMAL
    if len(parts) == 4:
        prefs = vision_preferences_from_values(font=parts[0], scheme=parts[1], images=parts[2], spacing=parts[3])
    request._vision_preferences = prefs  # type: ignore[attr-defined]
    return prefs
