"""`mundwerk send_digests`: queue the email digests that are due; run it hourly or daily."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from mundwerk.notifications.queries import members_due_for_digest
from mundwerk.notifications.tasks import send_digest


class Command(BaseCommand):
    help = "Queue a digest email for every member whose daily or weekly digest is due."

    def handle(self, *args: Any, **options: Any) -> None:
        due = members_due_for_digest(timezone.now())
        for member_id in due:
            send_digest.enqueue(user_id=member_id)
        if options["verbosity"] > 0:
            self.stdout.write(f"Queued {len(due)} digest(s).")
