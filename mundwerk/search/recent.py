"""PostgreSQL: a second, partial GIN index over the newest documents.

Searching reads the newest matches first (search.backends). The full GIN
index holds every document, so even a range of recent ids costs reading a
word's whole posting list (24 ms for "router firmware" over a million
posts). A partial index `WHERE id > bound` over about the newest
`RECENT_DOCUMENTS` holds the same words with short lists (3 ms); a query
that says `d.id > bound` in so many words lets the planner use it.

The bound is in the index's name (`search_recent_845000`), so every process
finds it in the catalogue. As documents are added the index grows; once it
holds twice what it should, `keep_up` builds a new one above a higher bound
and drops the old. Until then, and where there is none (SQLite, a small
community), searches simply use the full index: the recent index only
makes things faster, never different.
"""

import re
import time

from django.db import connection

RECENT_DOCUMENTS = 200_000
NAME = "search_recent_"
# The advisory lock that lets one process at a time move the index ("recent" in ASCII).
LOCK = 0x726563656E74
# How often a process looks again whether the index must move up (seconds).
CHECK_EVERY = 60.0

_NAME = re.compile(rf"^{NAME}(\d+)$")
# Per database alias: when the bound was read, and what it was; when keep_up last looked.
_known: dict[str, tuple[float, int | None]] = {}
_checked: dict[str, float] = {}


def recent_bound(*, fresh: bool = False) -> int | None:
    """The id above which the recent index holds every document; None without one."""
    if connection.vendor != "postgresql":
        return None
    now = time.monotonic()
    cached = _known.get(connection.alias)
    if cached is not None and not fresh and now - cached[0] < CHECK_EVERY:
        return cached[1]
    bounds = [bound for bound, valid in _indexes() if valid]
    bound = max(bounds) if bounds else None
    _known[connection.alias] = (now, bound)
    return bound


def _indexes() -> list[tuple[int, bool]]:
    """Every recent index's bound, and whether it is ready (a stopped build is not)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = 'search_document'::regclass"
        )
        rows = cursor.fetchall()
    return [(int(match.group(1)), valid) for name, valid in rows if (match := _NAME.match(name))]


def _newest_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
        return cursor.fetchone()[0]


def refresh(*, force: bool = False) -> int | None:
    """Build the recent index above a new bound when due (or `force`); return the bound.

    Due when there is none yet, or the one there holds twice `RECENT_DOCUMENTS`.
    A community of fewer documents has none: the full index is small enough.
    One process at a time builds (an advisory lock); the others go on.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return recent_bound()
        try:
            bound = _move(force=force)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    _known[connection.alias] = (time.monotonic(), bound)
    return bound


def _move(*, force: bool) -> int | None:
    newest = _newest_id()
    indexes = _indexes()
    current = max((bound for bound, valid in indexes if valid), default=None)
    if newest < 2 * RECENT_DOCUMENTS:
        bound = None
    elif force or current is None or newest - current >= 2 * RECENT_DOCUMENTS:
        bound = newest - RECENT_DOCUMENTS
        _build(bound)
    else:
        bound = current
    for old, _valid in indexes:
        if old != bound:
            _execute(f"DROP INDEX {_concurrently()}IF EXISTS {NAME}{old}")
    return bound


def keep_up() -> None:
    """Move the recent index up if it is due; looks at most every `CHECK_EVERY` seconds."""
    if connection.vendor != "postgresql":
        return
    now = time.monotonic()
    if now - _checked.get(connection.alias, -CHECK_EVERY) < CHECK_EVERY:
        return
    _checked[connection.alias] = now
    refresh()


def _build(bound: int) -> None:
    # A stopped earlier build of the same name leaves an invalid index behind.
    _execute(f"DROP INDEX {_concurrently()}IF EXISTS {NAME}{bound}")
    _execute(
        f"CREATE INDEX {_concurrently()}{NAME}{bound} ON search_document"
        f" USING gin (vector, facet_vector) WHERE id > {int(bound)}"
    )


def _concurrently() -> str:
    """Without locking out writes, unless inside a transaction (where PostgreSQL cannot)."""
    return "" if connection.in_atomic_block else "CONCURRENTLY "


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
