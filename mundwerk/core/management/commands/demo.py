"""`mundwerk demo`: set up a database with the Radwerk Südstadt community and serve it."""

import io
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

from mundwerk.core.management.commands.serve import add_server_arguments, site_url
from mundwerk.demo.loader import STAFF_USERNAME, load_demo, reset_staff_password
from mundwerk.spaces.models import Space


class Command(BaseCommand):
    help = (
        "Create and migrate the database, load the German demo community "
        "(a bike shop) if it is empty, print the staff login, and serve it."
    )

    # We migrate ourselves.
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--no-serve", action="store_true", help="Only set up the data; do not start a server."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = max(0, options["verbosity"] - 1)
        self._prepare_database(quiet)
        call_command("collectstatic", interactive=False, verbosity=quiet)
        self.stdout.write(f"Static files collected in {settings.STATIC_ROOT}.")

        if Space.objects.exists():
            password = reset_staff_password()
            if password is None:
                self.stdout.write(
                    "This database already has content and no demo staff account "
                    f"({STAFF_USERNAME}); leaving it as it is."
                )
            else:
                self.stdout.write("The demo community is already loaded; keeping it.")
        else:
            password = self._load()

        if password is not None:
            self._print_login(site_url(options["host"], options["port"]), password)
        if options["no_serve"]:
            return
        connections.close_all()
        call_command(
            "serve",
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            no_worker=options["no_worker"],
        )

    def _prepare_database(self, verbosity: int) -> None:
        """Create the SQLite file's folder if needed and bring the schema up to date."""
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        if (
            database["ENGINE"] == "django.db.backends.sqlite3"
            and str(database["NAME"]) != ":memory:"
        ):
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write("Database ready.")

    def _load(self) -> str:
        self.stdout.write("Loading the demo community Radwerk Südstadt ...")
        self.stdout.flush()
        started = time.monotonic()
        summary = load_demo()
        # The loader writes spaces and members directly and backdates posts:
        # index everything once, as it stands now.
        call_command("reindex", workers=1, stdout=io.StringIO(), stderr=io.StringIO())
        self.stdout.write(
            f"Loaded {summary.spaces} spaces, {summary.members} members, {summary.topics} topics, "
            f"{summary.posts} posts, {summary.likes} likes, {summary.images} pictures, "
            f"{summary.follows} follows, {summary.groups} groups, {summary.events} events and "
            f"{summary.reviews} reviews "
            f"in {time.monotonic() - started:.1f} s."
        )
        return summary.staff_password

    def _print_login(self, base_url: str, password: str) -> None:
        rule = "=" * 64
        self.stdout.write(
            "\n".join(
                [
                    "",
                    rule,
                    "  Staff login for the demo (a new password on every run):",
                    f"    Login URL: {base_url}{reverse('account_login')}",
                    f"    Username:  {STAFF_USERNAME}",
                    f"    Password:  {password}",
                    rule,
                    "",
                ]
            )
        )
