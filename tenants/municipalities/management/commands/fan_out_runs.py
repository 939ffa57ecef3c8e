"""List the latest region-wide runs (fan-outs, roll-up rebuilds): duration, municipalities, failures."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tenants.municipalities.models import FanOutRun


class Command(BaseCommand):
    help = "Lists the latest runs of the region-wide jobs with their duration and failures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--name", default="", help="only runs whose name starts with this")
        parser.add_argument("--failures", action="store_true", help="print the failures kept on each run")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = FanOutRun.objects.filter(name__startswith=options["name"])[: options["limit"]]
        self.stdout.write(f"{'started':<17} {'name':<28} {'seconds':>8} {'total':>6} {'ok':>6} {'failed':>6}")
        for run in runs:
            seconds = "running" if run.seconds is None else f"{run.seconds:.1f}"
            self.stdout.write(
                f"{run.started_at:%Y-%m-%d %H:%M} {run.name:<28} {seconds:>8} {run.total:>6} "
                f"{run.succeeded:>6} {run.failed:>6}"
            )
            if options["failures"]:
                for key, error in run.failures.items():
                    self.stdout.write(f"    {key}: {error}")
