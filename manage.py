#!/usr/bin/env python
"""Django's command-line utility. Puts platform/ on the import path (it holds packages and
must never become a package itself: ``platform`` is a standard-library module)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(1, str(ROOT / "platform"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodika.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
