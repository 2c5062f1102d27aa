"""Filters as tokens of the full-text index: what documents carry, and keeping it true."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from mundwerk.core.changes import content_changed
from mundwerk.core.tests.factories import make_space, make_user
from mundwerk.posts import actions as posts
from mundwerk.search.backends import Criteria
from mundwerk.search.facets import date_tokens, document_facets, facet_groups
from mundwerk.search.models import Document
from mundwerk.search.queries import search
from mundwerk.search.syntax import parse_query


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
    written = opening.created_at.astimezone(UTC)
    dates = f"yr{written.year} mo{written.year}{written.month:02d}"
    assert opening.facets == f"kpost sp{space.pk} au{member.pk} {tags} op {dates}"
    assert answer.facets.startswith(f"kpost sp{space.pk} au{member.pk} {tags} yr")


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


TODAY = date(2026, 12, 6)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_filters_become_token_groups_and_an_empty_one_matches_nothing():
    query = parse_query("pumpe")
    criteria = Criteria(
        query=query, kinds=("member", "space"), space_ids=(3, 1), tag_ids=(7,), has_image=True
    )
    assert facet_groups(criteria, today=TODAY) == [
        ["kmember", "kspace"],
        ["sp1", "sp3"],
        ["tg7"],
        ["im"],
    ]
    # Posts are nearly every document: their kind is left to SQL.
    only_topics = Criteria(query=query, kinds=("post",), openings_only=True)
    assert facet_groups(only_topics, today=TODAY) == [["op"]]
    assert facet_groups(Criteria(query=query, author_ids=()), today=TODAY) is None


@pytest.mark.parametrize(
    ("after", "before", "tokens"),
    [
        ("2026-11-05", None, ["mo202611", "mo202612", "yr2027"]),
        ("2024-10-01", "2026-02-01", ["mo202410", "mo202411", "mo202412", "yr2025", "mo202601"]),
        ("2025-01-01", "2026-01-01", ["yr2025"]),
        ("2026-03-10", "2026-03-11", ["mo202603"]),
        ("2026-03-10", "2026-03-10", ["mo202603"]),  # SQL keeps the bounds exact
        ("2026-05-01", "2026-03-01", []),
    ],
)
def test_dates_become_the_months_and_whole_years_they_cover(after, before, tokens):
    end = _at(before) if before else None
    assert date_tokens(_at(after), end, today=TODAY) == tokens


def test_before_alone_counts_from_the_oldest_document_and_an_empty_range_finds_nothing():
    query = parse_query("pumpe")
    before = Criteria(query=query, before=_at("2025-03-01"))
    assert facet_groups(before, today=TODAY, earliest=_at("2024-11-20")) == [
        ["mo202411", "mo202412", "mo202501", "mo202502"]
    ]
    assert facet_groups(before, today=TODAY) == []  # an empty index: nothing to narrow
    backwards = Criteria(query=query, after=_at("2025-03-01"), before=_at("2025-01-01"))
    assert facet_groups(backwards, today=TODAY) is None


def test_dates_find_across_month_and_year_ends(db, indexed, member):
    space = make_space("Werkstatt")
    stamps = ["2024-12-31T23:59:00", "2025-01-01T00:00:00", "2025-06-15T12:00:00"]
    topics = []
    for stamp in stamps:
        topic = indexed(
            lambda: posts.create_topic(author=member, space=space, title="Pumpe", body="x")
        )
        topic.posts.update(created_at=_at(stamp))
        indexed(lambda topic=topic: content_changed("topic", topic.pk))
        topics.append(topic.get_absolute_url())
    reader = make_user("leser")
    assert _found(reader, "Pumpe after:2025-01-01", sort="newest") == topics[:0:-1]
    assert _found(reader, "Pumpe before:2025-01-01") == topics[:1]
    assert _found(reader, "Pumpe after:2024-12-31 before:2025-06-15") == topics[1::-1]
    assert _found(reader, "before:2025-01-02", sort="newest") == topics[1::-1]


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
    if connection.vendor == "postgresql":
        fill = migration._FILL.format(tags=migration._POSTGRES_TAGS, **migration._POSTGRES_DATES)
    else:
        fill = migration._FILL.format(tags=migration._SQLITE_TAGS, **migration._SQLITE_DATES)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET facets = ''")
        cursor.execute(fill)
    assert dict(Document.objects.values_list("id", "facets")) == written
    # And the index reads the filled column: the reply is found by its topic's tag.
    assert len(_found(make_user("leser"), "y tag:a")) == 1


def test_document_facets_leave_out_what_a_document_does_not_have():
    written = _at("2026-01-31T23:30:00")
    assert document_facets(kind="tag", created_at=written) == "ktag yr2026 mo202601"
    event = document_facets(
        kind="event", created_at=written, space_id=2, author_id=5, has_image=True
    )
    assert event == "kevent sp2 au5 im yr2026 mo202601"
