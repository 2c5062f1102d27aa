"""Compile the .po catalogs to .mo without GNU gettext, so installing needs no system package."""

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile Mundwerk's translation catalogs (locale/*/LC_MESSAGES/*.po) to .mo files."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{po_path}: {catalog.percent_translated()}% translated")
        self.stdout.write(f"Compiled {compiled} translation catalog(s).")
