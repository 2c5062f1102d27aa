"""Live updates for members' open pages: server-sent events from an async process of their own.

Pages stay on granian's WSGI mode (measured 2-5x faster for Django than any
ASGI server); only the stream (`mundwerk.live.asgi:application`) runs async,
started by `mundwerk serve` beside the page server. It reads the database and
never writes; pages find it through the `mundwerk-events` meta tag.
"""
