"""Opaque, signed positions in a feed: where the next page starts.

A cursor names the snapshot the feed was ranked at (the time and the largest
post, like and share ids then; see `queries.Snapshot`) and the sort key and
topic id of the last item shown. Signed with SECRET_KEY, so a reader cannot
forge one to move the snapshot; anything that does not verify is a BadCursor.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing

SALT = "mundwerk.feed.cursor"
MAX_LENGTH = 400
VERSION = 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class BadCursor(ValueError):
    """The cursor was not made by us, was damaged, or belongs to another tab."""


@dataclass(frozen=True)
class Cursor:
    tab: str
    as_of: datetime
    post_id: int
    like_id: int
    share_id: int
    key: int  # the last item's sort key: score (For you) or time in microseconds (Latest)
    topic_id: int


def encode(cursor: Cursor) -> str:
    payload = [
        VERSION,
        cursor.tab,
        (cursor.as_of - EPOCH) // MICROSECOND,
        cursor.post_id,
        cursor.like_id,
        cursor.share_id,
        cursor.key,
        cursor.topic_id,
    ]
    return signing.dumps(payload, salt=SALT, compress=True)


# A "More" link older than this starts again from the top: its snapshot would
# make the feed read everything written since, and nobody wants a day-old page.
MAX_AGE = timedelta(hours=6)


def decode(raw: str, tab: str) -> Cursor:
    """Read a cursor of `tab`; raise BadCursor for anything else."""
    if not raw or len(raw) > MAX_LENGTH or not raw.isascii():
        raise BadCursor(raw)
    try:
        payload = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadCursor(raw) from error
    if (
        not isinstance(payload, list)
        or len(payload) != 8
        or payload[0] != VERSION
        or payload[1] != tab
        or not all(type(value) is int for value in payload[2:])
    ):
        raise BadCursor(raw)
    _version, _tab, micros, post_id, like_id, share_id, key, topic_id = payload
    try:
        as_of = EPOCH + micros * MICROSECOND
    except OverflowError as error:
        raise BadCursor(raw) from error
    return Cursor(tab, as_of, post_id, like_id, share_id, key, topic_id)
