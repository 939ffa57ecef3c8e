"""Forms of the public sites: errors that a screen reader announces and ties to their field."""

from __future__ import annotations

from typing import Any


class AnnouncedErrorsMixin:
    """After validation, each field with errors points at them (``aria-describedby``) next to its
    help text; the template gives the error paragraph that id and ``role="alert"`` (WCAG 2.1
    §3.3.1, §4.1.3). Use with ``forms/fields.html``."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        for name in form.errors:
            if name not in form.fields:
                continue
            bound = form[name]
            ids = [f"{bound.auto_id}_error"]
            if form.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
            form.fields[name].widget.attrs["aria-invalid"] = "true"
