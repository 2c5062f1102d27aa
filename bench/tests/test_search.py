"""The search benchmarks: the queries they make, the timer's rotations, the runner's reindex."""

import io
from datetime import UTC, datetime

import pytest
from django.db import connection

from bench import data_english, data_german, inprocess, run, search_queries
from bench.data_db import wipe_content
from bench.data_load import generate
from bench.load_scenarios import BY_NAME
from mundwerk.accounts.models import User
from mundwerk.search.analysis import tokenize
from mundwerk.search.indexing import SOURCES
from mundwerk.search.models import Document, ReindexRun
from mundwerk.search.queries import search
from mundwerk.search.reindex import reindex_kind

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def vocabulary() -> set[str]:
    """Every word the generator writes, lower case."""
    found: set[str] = set()
    for module in (data_german, data_english):
        for value in vars(module).values():
            texts = (value,) if isinstance(value, str) else value
            if isinstance(texts, tuple) and all(isinstance(text, str) for text in texts):
                for text in texts:
                    found.update(word.lower() for word in tokenize(text))
    return found


def test_simple_searches_are_words_the_generator_writes():
    known = vocabulary()

    for query in (*search_queries.SIMPLE, *search_queries.FILTER_WORDS):
        for word in query.split():
            assert word.lower() in known, query
    assert any(" " in query for query in search_queries.SIMPLE)
    assert any(query.islower() for query in search_queries.SIMPLE)  # English too


def test_common_words_are_counted_once_per_text():
    texts = ["Kette, Kette, Kette!", "die", "Die Bremse", "die Bremse"]

    assert search_queries.common_words(texts, 3) == ["die", "bremse", "kette"]


def test_frequent_searches_are_the_common_words_then_pairs_found_together():
    texts = ["ich die der", "ich die der", "the and", "the and", "the and ich"]

    assert search_queries.frequent(texts) == (
        "and",
        "ich",
        "the",
        "der",
        "die",
        "and the",
        "der die",
    )


def test_filtered_searches_use_every_filter_with_every_word():
    found = search_queries.filtered(["werkstatt"], ["anna", "bernd"], ["ebike"], "2026-01-01")

    for word in search_queries.FILTER_WORDS:
        assert f"{word} in:werkstatt" in found
        assert f"tag:ebike {word}" in found
        assert f"{word} after:2026-01-01" in found
    assert {query.split("by:")[1] for query in found if "by:" in query} == {"anna", "bernd"}
    assert "tag:ebike" in found  # and filters alone, which list the newest first


def test_search_paths_are_encoded():
    queries = search_queries.Queries(("Bremsbeläge",), ("und die",), ("Akku in:e-bikes",))

    assert search_queries.search_paths(queries) == [
        "/search/?q=Bremsbel%C3%A4ge",
        "/search/?q=und+die",
        "/search/?q=Akku+in%3Ae-bikes",
    ]


def test_search_member_rotates_every_search_over_every_member():
    prepared = {
        "search_paths": ["/search/?q=a", "/search/?q=b"],
        "sessions": [{"cookie": "sessionid=x"}, {"cookie": "sessionid=y"}],
    }

    rows = BY_NAME["search_member"].targets(prepared)

    assert sorted(rows) == [
        ("/search/?q=a", "sessionid=x"),
        ("/search/?q=a", "sessionid=y"),
        ("/search/?q=b", "sessionid=x"),
        ("/search/?q=b", "sessionid=y"),
    ]
    assert BY_NAME["search_member"].member


def test_a_rotation_calls_with_each_item_in_turn():
    seen = []
    rotation = inprocess.Rotation(seen.append, ["a", "b", "c"])

    for _ in range(4):
        rotation()

    assert seen == ["a", "b", "c", "a"]
    assert rotation.last == "a"


@pytest.mark.django_db
def test_a_rotation_is_timed_per_item_and_its_queries_counted_for_each():
    def query(count: int) -> None:
        with connection.cursor() as cursor:
            for _ in range(count):
                cursor.execute("SELECT 1")

    found = inprocess.time_call(inprocess.Rotation(query, [1, 3, 2]), runs=12, max_seconds=1)

    assert (found["sql_queries_min"], found["sql_queries"], found["items"]) == (1, 3, 3)
    assert found["runs"] == 12
    assert set(found["slowest"]) == {"1", "2", "3"}


def test_search_functions_are_marked_against_the_issues_targets():
    functions = {
        "search_simple": {"p95_ms": 40.0},
        "search_filtered": {"p95_ms": 120.0},
        "feed_latest": {"p95_ms": 500.0},
    }

    inprocess.add_targets(functions)

    assert functions["search_simple"]["meets_target"] is True
    assert functions["search_filtered"] == {
        "p95_ms": 120.0,
        "target_p95_ms": 100.0,
        "meets_target": False,
    }
    assert "meets_target" not in functions["feed_latest"]


def test_table_shows_the_query_range_the_load_and_the_verdict():
    found = {"p50_ms": 10.0, "p95_ms": 60.0, "mean_ms": 12.0, "runs": 100, "sql_queries": 6}
    found |= {"sql_queries_min": 4, "load_average": [0.5, 0.75], "slowest": {"und": 55.0}}
    functions = {"search_simple": found}
    inprocess.add_targets(functions)

    table = inprocess.markdown_table({"dataset": {"preset": "tiny"}, "functions": functions})

    assert "| search_simple | 10.000 | 60.000 | 12.000 | 100 | 4-6 | 0.50-0.75 |" in table
    assert "p95 <= 50 ms: MISSED" in table
    assert "'und' 55.0" in table


def test_runner_reindexes_an_unfinished_index_and_times_it(monkeypatch):
    states = iter([{"documents": 0, "unfinished_kinds": ["post"]}])
    monkeypatch.setattr(
        run,
        "django_step",
        lambda env, command: next(states, {"documents": 7, "unfinished_kinds": []}),
    )
    commands = []
    monkeypatch.setattr(run, "manage", lambda env, *args: commands.append(args))

    found = run.ensure_search_index({})

    assert commands == [("reindex",)]
    assert found["reindexed"] is True
    assert found["search_documents"] == 7
    assert found["reindex_seconds"] >= 0


def test_runner_leaves_a_finished_index_alone(monkeypatch):
    monkeypatch.setattr(
        run, "django_step", lambda env, command: {"documents": 9, "unfinished_kinds": []}
    )
    monkeypatch.setattr(run, "manage", lambda env, *args: pytest.fail("reindexed"))

    assert run.ensure_search_index({}) == {"reindexed": False, "search_documents": 9}


@pytest.fixture(scope="module")
def indexed(django_db_setup, django_db_blocker):
    """The tiny preset, indexed as `mundwerk reindex` does."""
    with django_db_blocker.unblock():
        generate("tiny", seed=7, now=NOW)
        for kind in SOURCES:
            reindex_kind(kind, fresh=True, batch=500, workers=1, out=io.StringIO())
        yield
        wipe_content(connection)


@pytest.fixture
def member(indexed, db):
    return inprocess.search_member()


def test_filtered_searches_name_spaces_members_and_tags_that_exist(member):
    queries = search_queries.pick(member)

    found = []
    for text in queries.filtered:
        page = search(member, text)
        assert page.problems == [], text
        if page.hits:
            found.append(text)
    # A member who wrote little need not have written every word (the preset is tiny).
    assert len(found) >= len(queries.filtered) * 3 // 4, set(queries.filtered) - set(found)


def test_simple_and_frequent_searches_find_posts(member):
    queries = search_queries.pick(member)

    assert len(queries.frequent) == search_queries.FREQUENT_WORDS + search_queries.FREQUENT_PAIRS
    for text in queries.frequent:
        assert search(member, text).hits, text
    found = [text for text in queries.simple if search(member, text).hits]
    assert len(found) >= len(queries.simple) * 3 // 4, set(queries.simple) - set(found)


def test_the_search_member_is_an_ordinary_member(member):
    assert member.is_active and not member.is_staff
    assert member.email_verified_at is not None
    assert isinstance(member, User)


def test_replacing_a_dataset_empties_its_search_index(indexed, db):
    assert Document.objects.exists()
    assert not ReindexRun.objects.filter(finished_at__isnull=True).exists()

    wipe_content(connection)

    assert not Document.objects.exists()
    assert not ReindexRun.objects.exists()
