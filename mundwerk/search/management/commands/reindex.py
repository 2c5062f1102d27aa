"""`mundwerk reindex`: rebuild the search index, with a progress bar, resuming where it stopped."""

import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mundwerk.search.reindex import SOURCES, reindex_kind, tidy_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from posts, members, spaces, tags, events and reviews. "
        "An interrupted run resumes where it stopped; --fresh starts over."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            choices=list(SOURCES),
            help="only this kind (may be given more than once); default: all",
        )
        parser.add_argument("--fresh", action="store_true", help="start over, do not resume")
        parser.add_argument("--batch", type=int, default=1000, help="rows per range (1000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that analyze text (default: one per core)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1 or options["workers"] < 1:
            raise CommandError("--batch and --workers must be at least 1.")
        self.stderr.ending = ""  # the progress line rewrites itself with "\r"
        started = time.monotonic()
        total = 0
        for kind in options["kind"] or list(SOURCES):
            total += reindex_kind(
                kind,
                fresh=options["fresh"],
                batch=options["batch"],
                workers=options["workers"],
                out=self.stderr,
            )
        tidy_index()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {total:,} rows in {elapsed:.1f} s.")
