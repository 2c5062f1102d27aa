"""`mundwerk send_digests`: queue the email digests that are due.

Run once (from cron), or with `--every SECONDS` as a long-running scheduler:
`mundwerk serve` starts it that way beside the task worker, so digests go out
with no cron set up. Running it twice in a row queues nothing new.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from mundwerk.notifications.queries import members_due_for_digest
from mundwerk.notifications.tasks import send_digest


class Command(BaseCommand):
    help = "Queue a digest email for every member whose daily or weekly digest is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="keep running and look again every SECONDS (at least 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if every is not None and every < 60:
            self.stderr.write("--every must be at least 60 seconds.")
            raise SystemExit(2)
        while True:
            due = members_due_for_digest(timezone.now())
            for member_id in due:
                send_digest.enqueue(user_id=member_id)
            if options["verbosity"] > 0 and (due or every is None):
                self.stdout.write(f"Queued {len(due)} digest(s).")
            if every is None:
                return
            # The connection would otherwise sit open between rounds.
            close_old_connections()
            time.sleep(every)
