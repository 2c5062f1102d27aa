"""Filter values as tokens of the full-text index, so that filters narrow inside it.

Every document carries one token per value a search can filter by: its
space (`sp12`), author (`au7`), each tag of its topic (`tg49`), its kind
(`kmember`), and `op` for a topic's opening post and `im` for a post with a
picture. A filter becomes a group of tokens of which a document must hold
one; all groups must hold. The index then hands out only documents that
pass, instead of every match of the words to be checked row by row
(docs/search.md, "Filters"). Words never match these tokens: they live in a
column of their own (`facets` on SQLite, `facet_vector` on PostgreSQL).

The tokens are written from the same ids that the filters compare, so
whatever changes one of them (a move, a retag) must reindex the document.
"""

from collections.abc import Iterable
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


def document_facets(
    *,
    kind: str,
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
    return " ".join(tokens)


def facet_groups(criteria: "Criteria") -> list[list[str]] | None:
    """The token groups a document must match (one token of each), or None if none can.

    Kinds are left to SQL when posts are among them: nearly every document is
    a post, so its token would narrow nothing.
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
    return groups
