"""Filters as tokens of the full-text index: what documents carry, and keeping it true."""

import importlib

import pytest
from django.db import connection

from mundwerk.core.changes import content_changed
from mundwerk.core.tests.factories import make_space, make_user
from mundwerk.posts import actions as posts
from mundwerk.search.backends import Criteria
from mundwerk.search.facets import document_facets, facet_groups
from mundwerk.search.models import Document
from mundwerk.search.queries import search
from mundwerk.search.syntax import parse_query


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


def _found(viewer, text: str, **options) -> list[str]:
    return [str(hit.url) for hit in search(viewer, text, **options).hits]


def test_a_post_carries_its_space_author_kind_and_its_topic_s_tags(db, indexed, member):
    space = make_space("Werkstatt")
    topic = indexed(
        lambda: posts.create_topic(
            author=member, space=space, title="Pumpe", body="#werkzeug #luft Pumpe"
        )
    )
    reply = indexed(lambda: posts.create_reply(author=member, topic=topic, body="Danke"))
    tag_ids = sorted(topic.tags.values_list("pk", flat=True))
    opening = Document.objects.get(kind="post", object_id=topic.first_post_id)
    answer = Document.objects.get(kind="post", object_id=reply.pk)
    tags = " ".join(f"tg{tag_id}" for tag_id in tag_ids)
    assert opening.facets == f"kpost sp{space.pk} au{member.pk} {tags} op"
    assert answer.facets == f"kpost sp{space.pk} au{member.pk} {tags}"


def test_words_never_match_the_filter_tokens(db, indexed, member):
    space = make_space("Werkstatt")
    indexed(lambda: posts.create_topic(author=member, space=space, title="Pumpe", body="#luft"))
    reader = make_user("leser")
    for word in (f"sp{space.pk}", f"au{member.pk}", "kpost", "op"):
        assert _found(reader, word) == [], word


def test_a_retag_moves_every_post_of_the_topic_to_the_new_tag(db, indexed, member):
    space = make_space("Werkstatt")
    topic = indexed(
        lambda: posts.create_topic(author=member, space=space, title="Pumpe", body="#alt Pumpe")
    )
    reply = indexed(lambda: posts.create_reply(author=member, topic=topic, body="Ventil"))
    reader = make_user("leser")
    assert _found(reader, "Ventil tag:alt") == [reply.get_absolute_url()]
    opening = topic.posts.get(number=1)
    indexed(lambda: posts.edit_post(editor=member, post=opening, body="#neu Pumpe"))
    assert _found(reader, "Ventil tag:neu") == [reply.get_absolute_url()]
    assert _found(reader, "Ventil tag:alt") == []


def test_a_filter_of_other_kinds_than_posts_is_matched_in_the_index(db, indexed, member):
    space = make_space("Schrauberecke", description="Für alle, die gern Pumpen reparieren.")
    indexed(lambda: content_changed("space", space.pk))
    indexed(lambda: posts.create_topic(author=member, space=space, title="Pumpe", body="kaputt"))
    reader = make_user("leser")
    assert _found(reader, "Pumpe", kind="space") == [space.get_absolute_url()]
    assert len(_found(reader, "Pumpe")) == 2


def test_filters_become_token_groups_and_an_empty_one_matches_nothing():
    query = parse_query("pumpe")
    criteria = Criteria(
        query=query, kinds=("member", "space"), space_ids=(3, 1), tag_ids=(7,), has_image=True
    )
    assert facet_groups(criteria) == [["kmember", "kspace"], ["sp1", "sp3"], ["tg7"], ["im"]]
    # Posts are nearly every document: their kind is left to SQL.
    assert facet_groups(Criteria(query=query, kinds=("post",), openings_only=True)) == [["op"]]
    assert facet_groups(Criteria(query=query, author_ids=())) is None


def test_the_migration_fills_facets_as_indexing_writes_them(db, indexed, member, other_member):
    """The upgrade fills the new column in SQL: it must agree with what indexing writes."""
    space = make_space("Werkstatt")
    topic = indexed(
        lambda: posts.create_topic(author=member, space=space, title="Pumpe", body="#b #a x")
    )
    indexed(lambda: posts.create_reply(author=other_member, topic=topic, body="y"))
    indexed(lambda: content_changed("member", member.pk))
    indexed(lambda: content_changed("space", space.pk))
    written = dict(Document.objects.values_list("id", "facets"))
    assert len(written) == 6  # two posts, two tags, the member, the space
    migration = importlib.import_module("mundwerk.search.migrations.0004_facets")
    tags = migration._POSTGRES_TAGS if connection.vendor == "postgresql" else migration._SQLITE_TAGS
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET facets = ''")
        cursor.execute(migration._FILL.format(tags=tags))
    assert dict(Document.objects.values_list("id", "facets")) == written
    # And the index reads the filled column: the reply is found by its topic's tag.
    assert len(_found(make_user("leser"), "y tag:a")) == 1


def test_document_facets_leave_out_what_a_document_does_not_have():
    assert document_facets(kind="tag") == "ktag"
    assert document_facets(kind="event", space_id=2, author_id=5, has_image=True) == (
        "kevent sp2 au5 im"
    )
