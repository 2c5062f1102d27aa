"""Find document ids in the full-text index: one class per database, one shape of answer.

Both take the same `Criteria` (what the query matches, plus filters already
turned into ids) and answer `(document id, kind, object id)` rows in order.
Filters by space, author, tag, kind, opening and picture are matched in the
full-text index as facet tokens (`search.facets`); the reader's rights and
dates are plain SQL over `search_document`, shared by both.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from mundwerk.search.facets import facet_groups
from mundwerk.search.syntax import SearchQuery, compile_fts5, compile_tsquery

# Ranking a very common word means scoring every document that has it: only
# the newest this many matches (that pass the filters) are ranked (docs/search.md).
RANKING_WINDOW = 2000


@dataclass(frozen=True)
class Criteria:
    """What to look for and in which rows; ids are resolved and permission-checked already."""

    query: SearchQuery
    kinds: tuple[str, ...] = ()
    openings_only: bool = False
    hidden_spaces: frozenset[int] = frozenset()
    hidden_authors: frozenset[int] = frozenset()
    space_ids: tuple[int, ...] | None = None
    author_ids: tuple[int, ...] | None = None
    tag_ids: tuple[int, ...] | None = None
    after: datetime | None = None
    before: datetime | None = None
    has_image: bool = False

    @property
    def narrows(self) -> bool:
        """Whether anything but the reader's rights keeps matching documents out."""
        return bool(
            self.kinds
            or self.openings_only
            or self.space_ids is not None
            or self.author_ids is not None
            or self.tag_ids is not None
            or self.after
            or self.before
            or self.has_image
        )


Row = tuple[int, str, int]


def _in_list(column: str, values: Sequence[int], params: list[Any], *, negate: bool) -> str:
    params.extend(values)
    marks = ", ".join(["%s"] * len(values))
    return f"{column} {'NOT IN' if negate else 'IN'} ({marks})"


def filter_sql(criteria: Criteria, params: list[Any]) -> list[str]:
    """The WHERE conditions on `d` (search_document) that the facets do not cover."""
    where: list[str] = []
    if criteria.kinds and "post" in criteria.kinds:
        params.extend(criteria.kinds)
        where.append(f"d.kind IN ({', '.join(['%s'] * len(criteria.kinds))})")
    if criteria.hidden_spaces:
        inner = _in_list("d.space_id", sorted(criteria.hidden_spaces), params, negate=True)
        where.append(f"(d.space_id IS NULL OR {inner})")
    if criteria.hidden_authors:
        inner = _in_list("d.author_id", sorted(criteria.hidden_authors), params, negate=True)
        where.append(f"(d.author_id IS NULL OR {inner})")
    if criteria.after is not None:
        params.append(criteria.after)
        where.append("d.created_at >= %s")
    if criteria.before is not None:
        params.append(criteria.before)
        where.append("d.created_at < %s")
    return where


def _fetch(sql: str, params: list[Any]) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]


def _browse(criteria: Criteria, offset: int, limit: int) -> list[Row]:
    """Filters without words: newest first."""
    params: list[Any] = []
    where = filter_sql(criteria, params) or ["1 = 1"]
    params.extend([limit, offset])
    sql = (
        "SELECT d.id, d.kind, d.object_id FROM search_document d "  # noqa: S608
        f"WHERE {' AND '.join(where)} ORDER BY d.created_at DESC, d.id DESC LIMIT %s OFFSET %s"
    )
    return _fetch(sql, params)


class SqliteBackend:
    """SQLite FTS5, external content over search_document, ranked by bm25."""

    # bm25 column weights: title, body, compound parts, facets.
    WEIGHTS = "10.0, 1.0, 0.5, 0.0"

    def find(self, criteria: Criteria, *, newest: bool, offset: int, limit: int) -> list[Row]:
        groups = facet_groups(criteria)
        if groups is None:
            return []
        words = compile_fts5(criteria.query)
        parts = [words] if words else []
        parts.extend(
            "{facets} : (" + " OR ".join(f'"{token}"' for token in group) + ")" for group in groups
        )
        if not parts:
            return _browse(criteria, offset, limit)
        params: list[Any] = [" AND ".join(f"({part})" for part in parts)]
        where = ["search_fts MATCH %s", *filter_sql(criteria, params)]
        # FTS5 hands out matches newest first (by rowid) without sorting, so the
        # window stops after the newest matches that pass the filters; only they
        # are scored and sorted.
        window = max(RANKING_WINDOW, offset + limit)
        newest = newest or words is None
        order = "created_at DESC, id DESC" if newest else "score, created_at DESC"
        # bm25 first counts every document with each word: not worth it for "newest".
        score = "0" if newest else f"bm25(search_fts, {self.WEIGHTS})"
        params.extend([window, limit, offset])
        sql = (
            "SELECT id, kind, object_id FROM ("  # noqa: S608
            f"SELECT d.id, d.kind, d.object_id, d.created_at, {score} AS score FROM search_fts "
            "JOIN search_document d INDEXED BY search_doc_filters ON d.id = search_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY search_fts.rowid DESC LIMIT %s"
            f") ORDER BY {order} LIMIT %s OFFSET %s"
        )
        return _fetch(sql, params)


class PostgresBackend:
    """PostgreSQL full text: the generated, weighted tsvector column with its GIN index."""

    def find(self, criteria: Criteria, *, newest: bool, offset: int, limit: int) -> list[Row]:
        groups = facet_groups(criteria)
        if groups is None:
            return []
        tsquery = compile_tsquery(criteria.query)
        facets = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        if tsquery is None and not facets:
            return _browse(criteria, offset, limit)
        params: list[Any] = []
        where = []
        if tsquery is not None:
            params.append(tsquery)
            where.append("d.vector @@ to_tsquery('simple', %s)")
        if facets:
            params.append(facets)
            where.append("d.facet_vector @@ to_tsquery('simple', %s)")
        where.extend(filter_sql(criteria, params))
        # As on SQLite: rank only the newest matches that pass the filters. The
        # planner reads them from the GIN index (words and facets together) for
        # rare words and walks the primary key backwards for common ones.
        window = max(RANKING_WINDOW, offset + limit)
        if newest or tsquery is None:
            score, order, score_params = "0", "created_at DESC, id DESC", []
        else:
            score = "ts_rank(d.vector, to_tsquery('simple', %s), 1)"
            order, score_params = "score DESC, created_at DESC", [tsquery]
        sql = (
            # held: how many rows the window held (counted after its LIMIT).
            "SELECT id, kind, object_id, count(*) OVER () AS held FROM ("  # noqa: S608
            f"SELECT d.id, d.kind, d.object_id, d.created_at, {score} AS score "
            f"FROM search_document d WHERE {' AND '.join(where)}{{recent}} "
            "ORDER BY d.id DESC LIMIT %s"
            f") window_matches ORDER BY {order} LIMIT %s OFFSET %s"
        )
        # Without a bound the planner reads every match of a middling word to find
        # its newest. So look among the newest documents first, then more, and
        # among all only if the window did not fill there: the same rows are
        # ranked either way. The bound is a number, not a subquery, so that the
        # planner can estimate it.
        # A filter rarely leaves a full window among the newest rows: go to all at once.
        newest_id = 0 if criteria.narrows else _newest_document_id()
        for recent_rows in RECENT_ROWS:
            if newest_id <= recent_rows:
                break
            rows, held = _fetch_window(
                sql.format(recent=" AND d.id > %s"),
                [*score_params, *params, newest_id - recent_rows, window, limit, offset],
            )
            if held >= window:
                return rows
        rows, _held = _fetch_window(
            sql.format(recent=""), [*score_params, *params, window, limit, offset]
        )
        return rows


# PostgreSQL looks among the newest this many documents first, then among more
# (see PostgresBackend).
RECENT_ROWS = (100_000, 400_000)


def _newest_document_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM search_document")
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


def _fetch_window(sql: str, params: list[Any]) -> tuple[list[Row], int]:
    """The rows of a window query, and how many matches its window held."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [(row[0], row[1], row[2]) for row in found], (found[0][3] if found else 0)


def backend() -> SqliteBackend | PostgresBackend:
    """The backend of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
