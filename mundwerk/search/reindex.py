"""Rebuild the search index from the content tables, in id ranges, resumable.

Worker processes load and analyze one id range each (analysis is the costly
part, and pure Python); the parent writes each range's documents in one
transaction, replacing what the index held for that range, and records how
far it got in `ReindexRun`. An interrupted run resumes after the last range
written; the index stays searchable throughout.
"""

import multiprocessing
import sys
import time
from collections.abc import Iterator
from typing import Protocol

from django.db import connections, transaction
from django.db.models import Max, Min, Model
from django.utils import timezone

from mundwerk.posts.models import Post
from mundwerk.search import recent
from mundwerk.search.indexing import DOCUMENT_FIELDS, SOURCES, build_post, topic_tags
from mundwerk.search.models import Document, ReindexRun

FIELDS = ("kind", "object_id", *DOCUMENT_FIELDS)


def build_range(kind: str, low: int, high: int) -> list[tuple[object, ...]]:
    """The documents of the `kind` rows with ids in [low, high), as field tuples."""
    source = SOURCES[kind]
    rows: list[Model] = list(source.rows().filter(pk__gte=low, pk__lt=high))
    posts: list[Post] = rows if kind == "post" else []  # type: ignore[assignment]
    built = _build_posts(posts) if posts else [source.build(row) for row in rows]
    return [tuple(getattr(document, name) for name in FIELDS) for document in built if document]


def _build_posts(posts: list[Post]) -> list[Document | None]:
    """Post documents, reading the tags of the batch's topics in one query."""
    tags = topic_tags(list({post.topic_id for post in posts}))
    return [build_post(post, tags.get(post.topic_id, [])) for post in posts]


def _build_in_worker(job: tuple[str, int, int]) -> tuple[int, int, list[tuple[object, ...]]]:
    kind, low, high = job
    return low, high, build_range(kind, low, high)


def _write_range(kind: str, low: int, high: int, rows: list[tuple[object, ...]]) -> None:
    with transaction.atomic():
        Document.objects.filter(kind=kind, object_id__gte=low, object_id__lt=high).delete()
        Document.objects.bulk_create(
            [Document(**dict(zip(FIELDS, row, strict=True))) for row in rows], batch_size=500
        )
        ReindexRun.objects.filter(kind=kind).update(last_id=high - 1)


class Output(Protocol):
    def write(self, text: str) -> object: ...
    def flush(self) -> object: ...


class Progress:
    """One line on a terminal that says how far a kind got, how fast, and how long is left."""

    def __init__(self, kind: str, total: int, out: Output) -> None:
        self.kind, self.total, self.out = kind, total, out
        self.done = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def advance(self, count: int, *, final: bool = False) -> None:
        self.done += count
        now = time.monotonic()
        if not final and now - self.shown < 0.5:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(share * 30)
        self.out.write(
            f"\r{self.kind:>7} [{bar:<30}] {self.done:>9,}/{self.total:,} "
            f"{rate:>7,.0f}/s  {elapsed:>5.0f}s  ~{left:>4.0f}s left "
        )
        if final:
            self.out.write("\n")
        self.out.flush()


def _ranges(low: int, high: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(low, high + 1, size):
        yield start, min(start + size, high + 1)


def reindex_kind(
    kind: str, *, fresh: bool, batch: int, workers: int, out: Output = sys.stderr
) -> int:
    """Index every `kind` row, resuming an unfinished run unless `fresh`; return rows seen."""
    table = SOURCES[kind].rows().model.objects
    bounds = table.aggregate(low=Min("pk"), high=Max("pk"))
    run, _created = ReindexRun.objects.get_or_create(kind=kind)
    if fresh or run.finished_at is not None:
        run.last_id, run.finished_at, run.started_at = 0, None, timezone.now()
        run.save()
    if bounds["low"] is None:
        Document.objects.filter(kind=kind).delete()
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        return 0
    low = max(bounds["low"], run.last_id + 1)
    high = bounds["high"]
    total = table.filter(pk__gte=low).count()
    progress = Progress(kind, total, out)
    jobs = [(kind, start, end) for start, end in _ranges(low, high, batch)]
    for start, end, rows in _built(jobs, workers):
        _write_range(kind, start, end, rows)
        progress.advance(end - start if end <= high else high - start + 1)
    Document.objects.filter(kind=kind, object_id__gt=high).delete()
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    progress.done = total
    progress.advance(0, final=True)
    return total


def tidy_index() -> None:
    """After a rebuild: merge SQLite's index into one segment, refresh PostgreSQL's statistics.

    A rebuild leaves FTS5 with many small segments that every query reads
    (merging a million posts' index takes seconds and makes common words
    about a third faster); PostgreSQL's planner needs to know the new rows,
    and its recent index (`search.recent`) to start above the newest ones.
    """
    with connections["default"].cursor() as cursor:
        if connections["default"].vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connections["default"].vendor == "postgresql":
            cursor.execute("ANALYZE search_document")
    recent.refresh(force=True)


def _built(
    jobs: list[tuple[str, int, int]], workers: int
) -> Iterator[tuple[int, int, list[tuple[object, ...]]]]:
    """Build the ranges in order, in `workers` processes (in this one when 1)."""
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield _build_in_worker(job)
        return
    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=connections.close_all) as pool:
        yield from pool.imap(_build_in_worker, jobs, chunksize=1)
