"""Redis pub/sub nudges: tell every events process at once that a member's or topic's state changed.

A nudge carries only "member:<id>" or "topic:<id>", never content: a stream
that hears one polls the database at once instead of at its next poll, and the
database decides what the member may see. Without REDIS_URL there are no
nudges and the polls alone carry the changes (a poll every couple of seconds).

Actions call `nudge_member`, `nudge_members` or `nudge_topic` after commit,
e.g. `transaction.on_commit(lambda: nudge_topic(topic.pk))`; an unreachable
Redis costs a logged warning, never the action.
"""

import asyncio
import logging
from collections import defaultdict
from functools import cache

import redis
import redis.asyncio
from django.conf import settings

CHANNEL = "mundwerk:live"
RECONNECT_SECONDS = 5.0

logger = logging.getLogger(__name__)


@cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def _publish(subject: str) -> None:
    if not settings.REDIS_URL:
        return
    try:
        _client().publish(CHANNEL, subject)
    except redis.RedisError:
        # Only a nudge: the streams' next poll finds the change anyway.
        logger.warning("Could not publish the live nudge %s", subject, exc_info=True)


def nudge_member(member_id: int) -> None:
    """Tell the member's open streams that their unread count may have changed."""
    _publish(f"member:{member_id}")


def nudge_members(member_ids: list[int]) -> None:
    """Nudge several members' streams (one publish each)."""
    for member_id in member_ids:
        nudge_member(member_id)


def nudge_topic(topic_id: int) -> None:
    """Tell the streams of everyone who has the topic open that it may have new posts."""
    _publish(f"topic:{topic_id}")


class Listeners:
    """The streams of this process, by subject, and the one Redis subscription that wakes them."""

    def __init__(self) -> None:
        self._waiting: defaultdict[str, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None

    def add(self, subjects: list[str], wake: asyncio.Event) -> None:
        for subject in subjects:
            self._waiting[subject].add(wake)
        if settings.REDIS_URL and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._listen())

    def remove(self, subjects: list[str], wake: asyncio.Event) -> None:
        for subject in subjects:
            waiting = self._waiting.get(subject)
            if waiting is not None:
                waiting.discard(wake)
                if not waiting:
                    del self._waiting[subject]

    def wake(self, subject: str) -> None:
        for event in self._waiting.get(subject, ()):
            event.set()

    async def _listen(self) -> None:
        while True:
            try:
                client = redis.asyncio.Redis.from_url(settings.REDIS_URL)
                async with client, client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.wake(message["data"].decode(errors="replace"))
            except (redis.RedisError, OSError):
                logger.warning("Live nudges from Redis interrupted; retrying", exc_info=True)
            await asyncio.sleep(RECONNECT_SECONDS)
