"""`mundwerk reindex`: builds the index from the content tables, resumes, starts over."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mundwerk.core.tests.factories import make_space, make_topic, make_user
from mundwerk.posts.actions import create_reply
from mundwerk.search.models import Document, ReindexRun
from mundwerk.search.queries import search


def _reindex(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def unindexed(db, member):
    """Content written without the index hearing of it (no commit, so no tasks ran)."""
    space = make_space("Werkstatt", description="Schrauben und Ölen")
    topics = [
        make_topic(member, space, title=f"Kettenblatt {n}", body="#antrieb") for n in range(5)
    ]
    create_reply(author=member, topic=topics[0], body="Ritzel getauscht")
    assert not Document.objects.exists()
    return topics


def test_a_reindex_makes_everything_findable(unindexed, member):
    output = _reindex("--workers", "1", "--batch", "2")
    reader = make_user("leserin")
    assert len(search(reader, "Kettenblatt").hits) == 5
    assert len(search(reader, "Ritzel").hits) == 1
    assert search(reader, "antrieb", kind="tag").hits
    assert search(reader, "Schrauben", kind="space").hits
    assert search(reader, member.username, kind="member").hits
    assert "Indexed" in output and "post [" in output


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 segments")
def test_a_reindex_leaves_the_index_in_one_segment(unindexed):
    def segments() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT segid) FROM search_fts_idx")
            return cursor.fetchone()[0]

    _reindex("--workers", "1", "--batch", "1")  # one segment per range written
    assert segments() == 1
    assert len(search(make_user("leserin"), "Kettenblatt").hits) == 5


def test_an_interrupted_run_resumes_after_the_last_range_written(unindexed):
    _reindex("--workers", "1", "--kind", "post")
    first, *rest = sorted(Document.objects.filter(kind="post").values_list("object_id", flat=True))
    Document.objects.filter(kind="post").delete()
    ReindexRun.objects.filter(kind="post").update(last_id=first, finished_at=None)
    _reindex("--workers", "1", "--kind", "post")
    indexed = sorted(Document.objects.filter(kind="post").values_list("object_id", flat=True))
    assert indexed == rest  # the range before the stop was not done again


def test_fresh_starts_over_and_a_finished_run_is_not_resumed(unindexed):
    _reindex("--workers", "1", "--kind", "post")
    Document.objects.filter(kind="post").delete()
    _reindex("--workers", "1", "--kind", "post")  # finished before: starts over
    assert Document.objects.filter(kind="post").count() == 6
    ReindexRun.objects.filter(kind="post").update(last_id=10**9, finished_at=None)
    Document.objects.filter(kind="post").delete()
    _reindex("--workers", "1", "--kind", "post", "--fresh")
    assert Document.objects.filter(kind="post").count() == 6


def test_rows_gone_since_the_last_run_leave_the_index(unindexed, member):
    _reindex("--workers", "1")
    topic = unindexed[1]
    topic.first_post.hidden_at = topic.created_at
    topic.first_post.save(update_fields=["hidden_at"])
    _reindex("--workers", "1", "--fresh")
    assert not Document.objects.filter(kind="post", object_id=topic.first_post_id).exists()


def test_nonsense_options_are_refused():
    with pytest.raises(CommandError):
        _reindex("--batch", "0")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need a shared database")
def test_worker_processes_build_the_same_index(member):
    space = make_space("Werkstatt")
    for number in range(7):
        make_topic(member, space, title=f"Sattelstütze {number}", body="Carbon")
    Document.objects.all().delete()
    _reindex("--workers", "2", "--batch", "2", "--kind", "post")
    assert Document.objects.filter(kind="post").count() == 7
    assert len(search(make_user("leserin"), "Sattelstütze").hits) == 7
