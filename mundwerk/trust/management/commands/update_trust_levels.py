"""`mundwerk update_trust_levels`: recompute trust levels and influence.

Run once (from cron), or with `--every SECONDS` as a long-running scheduler:
`mundwerk serve` starts it that way (daily) beside the task worker.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from mundwerk.trust.influence import update_influence
from mundwerk.trust.levels import update_trust_levels


class Command(BaseCommand):
    help = "Recompute every member's trust level and influence per space."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="keep running and compute again every SECONDS (at least 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if every is not None and every < 60:
            self.stderr.write("--every must be at least 60 seconds.")
            raise SystemExit(2)
        while True:
            started = time.monotonic()
            changed = update_trust_levels()
            rows = update_influence()
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"Trust levels of {changed['members']} member(s): {changed['raised']} raised, "
                    f"{changed['lowered']} lowered; {rows} influence row(s); "
                    f"{time.monotonic() - started:.1f} s."
                )
            if every is None:
                return
            close_old_connections()
            time.sleep(every)
