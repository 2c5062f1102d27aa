"""Filter values as tokens of the full-text index, so that filters narrow inside it.

Every document carries one token per value a search can filter by: its
space (`sp12`), author (`au7`), each tag of its topic (`tg49`), its kind
(`kmember`), the year and month it was written (`yr2026 mo202611`, UTC),
and `op` for a topic's opening post and `im` for a post with a picture. A
filter becomes a group of tokens of which a document must hold one; all
groups must hold. The index then hands out only documents that
pass, instead of every match of the words to be checked row by row
(docs/search.md, "Filters"). Words never match these tokens: they live in a
column of their own (`facets` on SQLite, `facet_vector` on PostgreSQL).

The tokens are written from the same ids that the filters compare, so
whatever changes one of them (a move, a retag) must reindex the document.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mundwerk.search.backends import Criteria

OPENING = "op"
IMAGE = "im"


def space_token(space_id: int) -> str:
    return f"sp{space_id}"


def author_token(author_id: int) -> str:
    return f"au{author_id}"


def tag_token(tag_id: int) -> str:
    return f"tg{tag_id}"


def kind_token(kind: str) -> str:
    return f"k{kind}"


def year_token(year: int) -> str:
    return f"yr{year:04d}"


def month_token(year: int, month: int) -> str:
    return f"mo{year:04d}{month:02d}"


def date_tokens(start: datetime, end: datetime | None, *, today: date) -> list[str]:
    """Year and month tokens whose documents together cover [start, end) (UTC).

    Whole years inside the range become one year token, the months at its ends
    month tokens; the exact bounds stay SQL. An open end runs to next year.
    """
    if end is not None:
        end = end - timedelta(microseconds=1)
    last = (end.year, end.month) if end is not None else (today.year + 1, 12)
    year, month = start.year, start.month
    tokens: list[str] = []
    while (year, month) <= last:
        if month == 1 and (year, 12) <= last:
            tokens.append(year_token(year))
            year += 1
            continue
        tokens.append(month_token(year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return tokens


def document_facets(
    *,
    kind: str,
    created_at: datetime,
    space_id: int | None = None,
    author_id: int | None = None,
    tag_ids: Iterable[int] = (),
    is_opening: bool = False,
    has_image: bool = False,
) -> str:
    """The facets column of a document with these values."""
    tokens = [kind_token(kind)]
    if space_id is not None:
        tokens.append(space_token(space_id))
    if author_id is not None:
        tokens.append(author_token(author_id))
    tokens.extend(tag_token(tag_id) for tag_id in sorted(set(tag_ids)))
    if is_opening:
        tokens.append(OPENING)
    if has_image:
        tokens.append(IMAGE)
    written = created_at.astimezone(UTC)
    tokens.extend((year_token(written.year), month_token(written.year, written.month)))
    return " ".join(tokens)


def facet_groups(
    criteria: "Criteria", *, today: date, earliest: datetime | None = None
) -> list[list[str]] | None:
    """The token groups a document must match (one token of each), or None if none can.

    Kinds are left to SQL when posts are among them: nearly every document is
    a post, so its token would narrow nothing. `before:` alone needs where the
    index begins (`earliest`, the oldest document's time) to become tokens.
    """
    groups: list[list[str]] = []
    if criteria.kinds and "post" not in criteria.kinds:
        groups.append([kind_token(kind) for kind in criteria.kinds])
    for ids, token in (
        (criteria.space_ids, space_token),
        (criteria.author_ids, author_token),
        (criteria.tag_ids, tag_token),
    ):
        if ids is not None:
            if not ids:  # every name was unknown or unreadable
                return None
            groups.append([token(value) for value in sorted(set(ids))])
    if criteria.openings_only:
        groups.append([OPENING])
    if criteria.has_image:
        groups.append([IMAGE])
    start = criteria.after or (earliest if criteria.before else None)
    if start is not None:
        dates = date_tokens(start, criteria.before, today=today)
        if not dates:  # after the end
            return None
        groups.append(dates)
    return groups
