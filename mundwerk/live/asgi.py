"""Entry point of the events process: `granian --interface asgi mundwerk.live.asgi:application`."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mundwerk.settings")
django.setup()

from mundwerk.live.app import EventsApp  # noqa: E402 - needs the settings set up first

application = EventsApp()
