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
from django.db.models import Min
from django.utils import timezone

from mundwerk.search.facets import facet_groups
from mundwerk.search.models import Document
from mundwerk.search.recent import recent_bound
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
    # Adapted as the ORM stores them: SQLite compares times as text.
    if criteria.after is not None:
        params.append(connection.ops.adapt_datetimefield_value(criteria.after))
        where.append("d.created_at >= %s")
    if criteria.before is not None:
        params.append(connection.ops.adapt_datetimefield_value(criteria.before))
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
        groups = _facet_groups(criteria)
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
    """PostgreSQL full text: the generated tsvectors (words, facets) in one GIN index.

    PostgreSQL cannot read a GIN index newest first, and each match it finds
    costs a visit to the wide document row (docs/search.md). So the window of
    the newest matches is collected in id ranges, newest first, each read the
    cheaper of two ways: walking the newest rows backwards and testing each
    (cheap when many match: it stops as soon as the window is full), or
    reading the matches from the index (cheap when few do). A probe of the
    newest `PROBE_ROWS` rows tells which; each later range asks only for what
    the window still lacks, and the window is ranked here, so no row is read
    twice and the same matches are ranked as on SQLite.
    """

    def find(self, criteria: Criteria, *, newest: bool, offset: int, limit: int) -> list[Row]:
        groups = _facet_groups(criteria)
        if groups is None:
            return []
        tsquery = compile_tsquery(criteria.query)
        facets = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        if tsquery is None and not facets:
            return _browse(criteria, offset, limit)
        matches: list[str] = []
        params: list[Any] = []
        if tsquery is not None:
            matches.append("d.vector @@ to_tsquery('simple', %s)")
            params.append(tsquery)
        if facets:
            matches.append("d.facet_vector @@ to_tsquery('simple', %s)")
            params.append(facets)
        ranked = not newest and tsquery is not None
        filter_params: list[Any] = []
        search = _RangeSearch(
            matches=matches,
            params=params,
            filters=filter_sql(criteria, filter_params),
            filter_params=filter_params,
            score_params=[tsquery] if ranked else [],
            window=max(RANKING_WINDOW, offset + limit),
        )
        found = search.collect()
        if ranked:
            found.sort(key=lambda row: (-row[4], -row[3], -row[0]))
        else:
            found.sort(key=lambda row: (row[3], row[0]), reverse=True)
        return [(row[0], row[1], row[2]) for row in found[offset : offset + limit]]


# PostgreSQL walks the newest this many rows first to learn how common the matches are.
PROBE_ROWS = 5_000
# Walking rows costs about 1 µs each, a match read from the index about 5 µs
# plus the index scan: walking wins while at least this share of rows match.
WALK_DENSITY = 1 / 15
# A range is sized to hold this many times the matches the window lacks.
RANGE_MARGIN = 1.5

WindowRow = tuple[int, str, int, float, float]  # id, kind, object, time, score


@dataclass
class _RangeSearch:
    """The newest `window` matches of a PostgreSQL search, read range by range."""

    matches: list[str]
    params: list[Any]
    filters: list[str]
    filter_params: list[Any]
    score_params: list[Any]
    window: int

    def collect(self) -> list[WindowRow]:
        found: list[WindowRow] = []
        high = _newest_document_id()
        if high > PROBE_ROWS:
            found += self._read(high - PROBE_ROWS, None, walk=True, want=self.window)
            high -= PROBE_ROWS
            density = len(found) / PROBE_ROWS
            lack = self.window - len(found)
            if lack and density:
                low = high - int(lack / density * RANGE_MARGIN)
                recent = recent_bound()
                if recent is not None and low < recent < high:
                    low = recent  # the rest of the range is read with everything older
                if low > 0:
                    walk = density >= WALK_DENSITY
                    found += self._read(low, high, walk=walk, want=lack, recent=recent)
                    high = low
        if len(found) < self.window:
            found += self._read(None, high, walk=False, want=self.window - len(found))
        return found

    def _read(
        self,
        low: int | None,
        high: int | None,
        *,
        walk: bool,
        want: int,
        recent: int | None = None,
    ) -> list:
        """Up to `want` newest matches with low < id <= high (None: unbounded).

        A range within the recent index (`recent`, its bound) names its bound as
        a number, so that the planner reads the short lists of that index.
        """
        where = list(self.matches)
        if walk:
            # Not usable by the index: the planner walks the primary key backwards.
            where = [f"coalesce({match}, false)" for match in where]
        where += self.filters
        bounds: list[Any] = []
        inside = not walk and recent is not None and low is not None and low >= recent
        if inside:
            where.append(f"d.id > {recent:d}")
        # Tested on each match ("d.id + 0") rather than marking a range of ids from
        # the primary key, when the recent index already keeps to recent rows.
        column = "d.id + 0" if inside else "d.id"
        if low is not None:
            where.append(f"{column} > %s")
            bounds.append(low)
        if high is not None:
            where.append(f"{column} <= %s")
            bounds.append(high)
        score = "ts_rank(w.vector, to_tsquery('simple', %s), 1)" if self.score_params else "0"
        # "d.id + 0" keeps the planner from walking where matches are known to be sparse.
        order = "d.id" if walk else "d.id + 0"
        sql = (
            # Ranked outside: inside, every match read would be ranked before the
            # LIMIT. The time as seconds: turning thousands of timestamps into
            # aware datetimes would cost more than the query.
            "SELECT w.id, w.kind, w.object_id, extract(epoch FROM w.created_at)::float8, "  # noqa: S608
            f"{score} FROM (SELECT d.id, d.kind, d.object_id, d.created_at, d.vector "
            f"FROM search_document d WHERE {' AND '.join(where)} "
            f"ORDER BY {order} DESC LIMIT %s) w"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [*self.score_params, *self.params, *self.filter_params, *bounds, want]
            )
            return cursor.fetchall()


def _newest_document_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM search_document")
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


def _facet_groups(criteria: Criteria) -> list[list[str]] | None:
    """The criteria's facet groups; `before:` alone reads where the index begins."""
    earliest = None
    if criteria.before is not None and criteria.after is None:
        earliest = Document.objects.aggregate(earliest=Min("created_at"))["earliest"]
    return facet_groups(criteria, today=timezone.now().date(), earliest=earliest)


def backend() -> SqliteBackend | PostgresBackend:
    """The backend of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
