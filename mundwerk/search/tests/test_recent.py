"""PostgreSQL's recent index: built above the newest documents, moved up, never changing results."""

import pytest
from django.db import connection

from mundwerk.core.tests.factories import make_space, make_user
from mundwerk.posts import actions as posts
from mundwerk.search import backends, recent
from mundwerk.search.models import Document
from mundwerk.search.queries import search

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's partial GIN index"
)


@pytest.fixture(autouse=True)
def small(monkeypatch):
    """A recent index over the newest 3 documents, and no memory of earlier tests."""
    monkeypatch.setattr(recent, "RECENT_DOCUMENTS", 3)
    monkeypatch.setattr(recent, "_known", {})
    monkeypatch.setattr(recent, "_checked", {})


def _write(indexed, member, count: int, start: int = 0) -> None:
    space = make_space(f"Werkstatt {start}")
    for number in range(start, start + count):
        title, body = (f"Speiche {number}", "a") if number % 3 else ("Nabe", f"Speiche {number}")
        indexed(
            lambda title=title, body=body: posts.create_topic(
                author=member, space=space, title=title, body=body
            )
        )


def _newest() -> int:
    return Document.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_no_recent_index_for_a_small_index(db, indexed, member, monkeypatch):
    monkeypatch.setattr(recent, "RECENT_DOCUMENTS", 10**6)
    _write(indexed, member, 4)
    assert recent.refresh(force=True) is None
    assert recent._indexes() == []


def test_it_is_built_above_the_newest_and_moved_up_when_it_holds_twice_its_share(
    db, indexed, member, monkeypatch
):
    _write(indexed, member, 8)  # indexing already built one, on its way
    bound = recent.refresh(force=True)  # as `mundwerk reindex` does at its end
    assert bound == _newest() - 3
    assert recent._indexes() == [(bound, True)]
    assert recent.recent_bound() == bound
    assert recent.refresh() == bound  # not due: left as it is
    # keep_up runs after each indexing task: once the index holds 6, it moves up.
    monkeypatch.setattr(recent, "CHECK_EVERY", 0.0)
    _write(indexed, member, 2, start=8)
    assert recent._indexes() == [(bound, True)]
    _write(indexed, member, 2, start=10)
    moved = recent.recent_bound(fresh=True)
    assert moved is not None
    assert bound < moved <= _newest() - 3  # moved when the 11th topic's post came in
    assert recent._indexes() == [(moved, True)]  # the old one is gone


def test_searches_find_the_same_with_and_without_it(db, indexed, member, monkeypatch):
    monkeypatch.setattr(backends, "RANKING_WINDOW", 4)
    monkeypatch.setattr(backends, "PROBE_ROWS", 2)
    monkeypatch.setattr(backends, "WALK_DENSITY", 2.0)  # ranges are read from the index
    _write(indexed, member, 14)
    reader = make_user("leser")
    searches = [
        {"text": "Speiche", "page": page, "per_page": 2, "sort": sort}
        for page in (1, 2, 3, 4)
        for sort in ("relevance", "newest")
    ]

    def found() -> list[list[str]]:
        return [[str(hit.url) for hit in search(reader, **options).hits] for options in searches]

    without = found()
    monkeypatch.setattr(recent, "RECENT_DOCUMENTS", 6)
    assert recent.refresh() is not None
    assert found() == without
    assert sum(map(len, without)) > 8
