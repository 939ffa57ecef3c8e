"""Rebuild the region's roll-ups from every municipality's schema (repairs drift)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rollups.rebuild import rollup_rebuilder_names, rollups_rebuild


class Command(BaseCommand):
    help = "Rebuild the public-schema roll-ups from all municipalities' schemas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="rebuilders to run (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = rollups_rebuild(names=options["names"] or None)
        except ValueError as error:
            raise CommandError(f"{error}; known: {', '.join(rollup_rebuilder_names())}") from error
        for result in results:
            self.stdout.write(f"{result.name}: {result.seconds * 1000:.1f} ms")
        failed = [f"{r.name} ({r.failed} municipalities)" for r in results if r.failed]
        if failed:
            raise CommandError("Chunks failed and were rolled back (see fan_out_runs): " + ", ".join(failed))
