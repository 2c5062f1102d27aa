"""One member's stream of server-sent events: poll, compare, send what changed.

Events (https://html.spec.whatwg.org/multipage/server-sent-events.html):

- `unread`: `{"count": n, "label": "..."}`, the member's unread notifications
  (from the user row) and the bell's accessible name for that count;
- `post`: `{"number": n, "url": "/p/<id>/"}`, one per new post in the topic
  the page shows, deleted posts never.

Every event's id is "<unread count>:<last post number>", what the browser has
seen; a reconnecting EventSource sends it back (Last-Event-ID) and gets only
what changed since.
"""

import asyncio
import contextlib
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import ngettext

from mundwerk.live import changes

HEARTBEAT = b": keep-alive\n\n"

Write = Callable[[bytes], Awaitable[None]]


@dataclass
class Position:
    """What the browser has seen: the unread count (None: unknown) and the last post number."""

    unread: int | None
    after: int

    @property
    def event_id(self) -> str:
        return f"{self.unread if self.unread is not None else ''}:{self.after}"


def resume_from(last_event_id: str, after: int) -> Position:
    """Return where to start: from the id the browser last saw, else from the page's last post."""
    unread, _sep, number = last_event_id.partition(":")
    digits = unread.isascii() and number.isascii() and unread.isdigit() and number.isdigit()
    if digits and len(last_event_id) < 40:
        return Position(unread=int(unread), after=max(after, int(number)))
    return Position(unread=None, after=after)


def format_event(name: str, data: dict[str, object], event_id: str) -> bytes:
    """Encode one event; JSON keeps the data on a single line."""
    return f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data)}\n\n".encode()


def bell_label(count: int, language: str) -> str:
    """Return the bell's accessible name for `count` (the same words as its template)."""
    if not count:
        return ""
    with translation.override(language):
        return ngettext(
            "Notifications: %(counter)s unread notification",
            "Notifications: %(counter)s unread notifications",
            count,
        ) % {"counter": count}


class StreamEnded(Exception):
    """The member or the stream is gone: stop quietly."""


@dataclass
class Stream:
    """Send one member the changes to their bell and open topic until the stream's time is up."""

    member_id: int
    session_key: str
    hidden: frozenset[int]  # authors whose posts the member does not see (blocks, mutes)
    topic_id: int | None
    position: Position
    language: str
    write: Write
    wake: asyncio.Event
    disconnected: asyncio.Event

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        lifetime = float(settings.EVENTS_LIFETIME_SECONDS)
        # Spread the reconnects of pages opened together.
        end = loop.time() + lifetime * random.uniform(0.9, 1.0)
        next_poll = loop.time()
        next_beat = loop.time() + float(settings.EVENTS_HEARTBEAT_SECONDS)
        next_check = loop.time() + float(settings.EVENTS_RECHECK_SECONDS)
        try:
            while not self.disconnected.is_set():
                now = loop.time()
                if now >= end:
                    return
                if now >= next_check:
                    await self.recheck()
                    next_check = now + float(settings.EVENTS_RECHECK_SECONDS)
                if now >= next_poll or self.wake.is_set():
                    self.wake.clear()
                    await self.poll()
                    next_poll = now + float(settings.EVENTS_POLL_SECONDS)
                if now >= next_beat:
                    await self.write(HEARTBEAT)
                    next_beat = now + float(settings.EVENTS_HEARTBEAT_SECONDS)
                timeout = min(next_poll, next_beat, end) - loop.time()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), max(0.0, timeout))
        except StreamEnded:
            return

    async def recheck(self) -> None:
        """End the stream once its session is logged out (or the topic deleted); refresh blocks.

        The page checked all this when it opened the stream; rechecking on
        every poll would double each poll's cost, so it happens every few.
        """
        try:
            still = await sync_to_async(changes.still_allowed)(
                self.session_key, self.member_id, self.topic_id
            )
        except DatabaseError:
            await sync_to_async(changes.forget_broken_connection)()
            return
        if still is None:
            raise StreamEnded
        self.hidden = still

    async def poll(self) -> None:
        """Read the member's state once and send what differs from what the browser has."""
        try:
            snapshot = await sync_to_async(changes.snapshot)(self.member_id, self.topic_id)
        except DatabaseError:
            await sync_to_async(changes.forget_broken_connection)()
            return
        if snapshot is None:
            raise StreamEnded
        if snapshot.unread != self.position.unread:
            self.position.unread = snapshot.unread
            label = bell_label(snapshot.unread, self.language)
            data: dict[str, object] = {"count": snapshot.unread, "label": label}
            await self.write(format_event("unread", data, self.position.event_id))
        if self.topic_id is not None and snapshot.last_number > self.position.after:
            await self.send_new_posts(snapshot.last_number)

    async def send_new_posts(self, last_number: int) -> None:
        assert self.topic_id is not None
        posts = await sync_to_async(changes.new_posts)(self.topic_id, self.position.after)
        for post in posts:
            self.position.after = post.number
            if post.author_id in self.hidden:
                continue  # blocked or muted: the member does not see it, not even announced
            data: dict[str, object] = {"number": post.number, "url": post.url}
            await self.write(format_event("post", data, self.position.event_id))
        if len(posts) < changes.POSTS_PER_EVENT:
            # The rest up to last_number were deleted: nothing to send, ever.
            self.position.after = max(self.position.after, last_number)
