from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mundwerk.core.tests.factories import make_reply, make_space, make_topic, make_user
from mundwerk.feed import ranking
from mundwerk.feed.queries import FOR_YOU, LATEST, home_feed
from mundwerk.posts import actions
from mundwerk.posts.models import Tag
from mundwerk.social.models import (
    Block,
    MemberFollow,
    MemberMute,
    Share,
    SpaceFollow,
    SpaceMute,
    TagFollow,
    TagMute,
    TopicSubscription,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ticking():
    with time_machine.travel(START, tick=True):
        yield


def follow(member, other):
    MemberFollow.objects.create(follower=member, followed=other)


def titles(member, tab=FOR_YOU):
    return [item.topic.title for item in home_feed(member, tab, None, timezone.now()).items]


def only_item(member, tab=FOR_YOU):
    items = home_feed(member, tab, None, timezone.now()).items
    assert len(items) == 1
    return items[0]


def test_a_reply_by_a_followed_member_shows_with_its_reason(clock, member, other_member, space):
    follow(member, other_member)
    topic = make_topic(make_user("carla"), space, title="Kette knackt")
    clock.shift(timedelta(hours=1))
    reply = make_reply(other_member, topic, body="Probier mal **Wachs** & <viel> Geduld")

    item = only_item(member)

    assert item.topic == topic
    assert item.post_id == reply.pk and item.url == f"/p/{reply.pk}/"
    assert [reason.text for reason in item.reasons] == ["bernd, whom you follow, replied"]
    assert item.excerpt == "Probier mal Wachs & <viel> Geduld"
    assert (item.replies, item.likes) == (1, 0)


def test_one_topic_shows_once_with_every_reason_combined(clock, member, other_member):
    werkstatt = make_space("Werkstatt")
    carla, dora = make_user("carla"), make_user("dora")
    for followed in (other_member, carla, dora):
        follow(member, followed)
    SpaceFollow.objects.create(member=member, space=werkstatt)
    topic = make_topic(make_user("emil"), werkstatt, title="Rad", body="Neu hier #fahrrad")
    TagFollow.objects.create(member=member, tag=topic.tags.get())
    clock.shift(timedelta(minutes=5))
    make_reply(other_member, topic)
    actions.like_post(user=carla, post=topic.first_post)
    share = Share.objects.create(sharer=dora, post=topic.first_post, comment="Lesenswert")

    item = only_item(member)

    texts = [reason.text for reason in item.reasons]
    assert texts == [
        "bernd, whom you follow, replied",
        "Shared by dora",
        "carla, whom you follow, liked this",
        "New in #fahrrad, which you follow",
        "New in space Werkstatt, which you follow",
    ]
    assert item.reasons[1].comment == "Lesenswert"
    # Passing it on from here records dora's share as the source.
    assert item.reasons[1].share_url == f"/p/{topic.first_post_id}/share/?via={share.pk}"
    assert item.likes == 1


def test_for_you_ranks_by_the_documented_formula(clock, member, other_member, space):
    follow(member, other_member)
    old = make_topic(other_member, space, title="Alt")
    clock.shift(timedelta(hours=30))
    fresh = make_topic(other_member, space, title="Frisch")
    liked = make_topic(other_member, space, title="Beliebt")
    for _ in range(3):
        actions.like_post(user=make_user(), post=liked.first_post)
    clock.shift(timedelta(hours=1))

    page = home_feed(member, FOR_YOU, None, timezone.now())

    assert [item.topic.title for item in page.items] == ["Beliebt", "Frisch", "Alt"]
    by_title = {item.topic.title: item for item in page.items}
    expected = 2 ** (-31 / 24) * (1.0 * 1)  # one "posted" reason, no likes or replies
    assert by_title["Alt"].score == pytest.approx(expected)
    assert by_title["Beliebt"].score == pytest.approx(2 ** (-1 / 24) * (1 + 0.25 * 1.3862943611))
    assert old.pk and fresh.pk


def test_score_counts_reasons_log_scaled_and_affinity():
    as_of = START
    one = ranking.Inputs(as_of, {"posted": 1}, likes=0, replies=0, affinity=0)
    three = ranking.Inputs(as_of, {"posted": 3}, likes=0, replies=0, affinity=0)
    close = ranking.Inputs(as_of, {"posted": 1}, likes=0, replies=0, affinity=3)
    day_old = ranking.Inputs(as_of - timedelta(hours=24), {"posted": 1}, 0, 0, 0)

    assert ranking.score(one, as_of) == 1.0
    assert ranking.score(three, as_of) == pytest.approx(2.0)
    assert ranking.score(close, as_of) == pytest.approx(1 + 0.5 * 1.3862943611)
    assert ranking.score(day_old, as_of) == pytest.approx(0.5)


def test_your_affinity_to_an_author_lifts_their_topics(clock, member, space):
    near, far = make_user("nah"), make_user("fern")
    follow(member, near)
    follow(member, far)
    for number in range(3):
        liked = make_topic(near, space, title=f"Früher {number}")
        actions.like_post(user=member, post=liked.first_post)
    clock.shift(timedelta(days=20))
    make_topic(near, space, title="Von nah")
    make_topic(far, space, title="Von fern")

    assert titles(member) == ["Von nah", "Von fern"]
    assert titles(member, LATEST) == ["Von fern", "Von nah"]


def test_latest_is_strictly_newest_first(clock, member, other_member, space):
    follow(member, other_member)
    first = make_topic(other_member, space, title="Eins")
    clock.shift(timedelta(minutes=1))
    make_topic(other_member, space, title="Zwei")
    clock.shift(timedelta(minutes=1))
    make_reply(other_member, first)

    assert titles(member, LATEST) == ["Eins", "Zwei"]


@pytest.mark.parametrize(
    "exclude",
    ["blocked", "blocked_by", "muted_member", "muted_space", "muted_tag", "muted_topic"],
)
def test_muted_and_blocked_things_stay_out(clock, member, other_member, space, exclude):
    follow(member, other_member)
    SpaceFollow.objects.create(member=member, space=space)
    topic = make_topic(other_member, space, title="Weg damit", body="Text #laerm")
    carla = make_user("carla")
    make_topic(carla, make_space(), title="Bleibt")
    follow(member, carla)
    tag = topic.tags.get()
    {
        "blocked": lambda: Block.objects.create(blocker=member, blocked=other_member),
        "blocked_by": lambda: Block.objects.create(blocker=other_member, blocked=member),
        "muted_member": lambda: MemberMute.objects.create(muter=member, muted=other_member),
        "muted_space": lambda: SpaceMute.objects.create(member=member, space=space),
        "muted_tag": lambda: TagMute.objects.create(member=member, tag=tag),
        "muted_topic": lambda: TopicSubscription.objects.create(
            member=member, topic=topic, level=TopicSubscription.Level.MUTED
        ),
    }[exclude]()

    assert titles(member) == ["Bleibt"]
    assert titles(member, LATEST) == ["Bleibt"]


def test_deleted_posts_and_topics_and_own_posts_stay_out(clock, member, other_member, space):
    follow(member, other_member)
    SpaceFollow.objects.create(member=member, space=space)
    topic = make_topic(other_member, space, title="Gelöscht")
    reply = make_reply(other_member, make_topic(member, space, title="Meins"))
    actions.delete_post(actor=other_member, post=reply)
    topic.deleted_at = timezone.now()
    topic.save(update_fields=["deleted_at"])
    make_topic(member, make_space(), title="Auch meins")

    assert titles(member) == []


def test_followed_members_likes_of_old_posts_count_only_inside_the_window(
    clock, member, other_member, space
):
    follow(member, other_member)
    topic = make_topic(make_user("carla"), space, title="Uralt")
    actions.like_post(user=other_member, post=topic.first_post)
    clock.shift(ranking.WINDOW + timedelta(hours=1))

    assert titles(member) == []


def _many_topics(member, count):
    authors = [make_user() for _ in range(3)]
    for author in authors:
        follow(member, author)
    space = make_space()
    topics = []
    for number in range(count):
        topics.append(make_topic(authors[number % 3], space, title=f"Thema {number}"))
        if number % 4 == 0:
            actions.like_post(user=authors[(number + 1) % 3], post=topics[-1].first_post)
    return topics


@pytest.mark.parametrize("tab", ["feed:for_you", "feed:latest"])
def test_pages_never_repeat_or_skip_a_topic(client, ticking, member, tab):
    topics = _many_topics(member, 47)
    client.force_login(member)
    seen: list[str] = []
    url = reverse(tab)
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        items = response.context["items"]
        seen += [f"{item.topic.pk}" for item in items]
        cursor = response.context["next_cursor"]
        url = f"{reverse(tab)}?cursor={cursor}" if cursor else ""
        pages += 1
        if pages == 1:
            # Activity between pages changes neither the snapshot nor the order.
            actions.like_post(user=member, post=topics[-1].first_post)
            make_reply(make_user(), topics[5])
    assert pages == 3
    assert sorted(seen) == sorted(str(topic.pk) for topic in topics)


def test_a_damaged_cursor_is_a_clear_400(client, member):
    client.force_login(member)
    for bad in ["x", "a" * 1000, "Zm9v:1abc:def", "ä"]:
        response = client.get(reverse("feed:for_you"), {"cursor": bad})
        assert response.status_code == 400
        assert "damaged or out of date" in response.text


def test_a_cursor_of_one_tab_is_refused_by_the_other(client, ticking, member):
    _many_topics(member, 21)
    client.force_login(member)
    cursor = client.get(reverse("feed:latest")).context["next_cursor"]
    assert cursor
    assert client.get(reverse("feed:latest"), {"cursor": cursor}).status_code == 200
    assert client.get(reverse("feed:for_you"), {"cursor": cursor}).status_code == 400


def test_a_cursor_older_than_six_hours_starts_again_from_the_top(client, member):
    with time_machine.travel(START, tick=True) as traveller:
        _many_topics(member, 21)
        client.force_login(member)
        cursor = client.get(reverse("feed:latest")).context["next_cursor"]
        traveller.shift(timedelta(hours=5))
        assert client.get(reverse("feed:latest"), {"cursor": cursor}).status_code == 200
        traveller.shift(timedelta(hours=2))
        stale = client.get(reverse("feed:latest"), {"cursor": cursor})
    assert stale.status_code == 400 and "Start from the top" in stale.text


def test_htmx_gets_only_the_next_items_and_more_link(client, ticking, member):
    _many_topics(member, 25)
    client.force_login(member)
    first = client.get(reverse("feed:for_you"))
    cursor = first.context["next_cursor"]
    assert 'hx-trigger="revealed"' in first.text and "<html" in first.text
    assert f'href="?cursor={quote(cursor, safe="/")}"' in first.text  # works without JavaScript

    response = client.get(reverse("feed:for_you"), {"cursor": cursor}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.count('class="feed-item"') == 5
    assert "HX-Request" in response["Vary"]


def test_logged_out_visitors_are_sent_to_popular(client):
    for name in ("feed:for_you", "feed:latest"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("feed:popular")


def test_popular_ranks_recent_topics_by_likes_and_replies(client, clock, member, space):
    quiet = make_topic(member, space, title="Ruhig")
    busy = make_topic(member, space, title="Gefragt", body="Viel los hier")
    for _ in range(2):
        liker = make_user()
        actions.like_post(user=liker, post=busy.first_post)
        make_reply(liker, busy, body="Ich auch")
    clock.shift(timedelta(hours=1))

    response = client.get(reverse("feed:popular"))

    assert response.status_code == 200
    assert [item.topic for item in response.context["items"]] == [busy, quiet]
    assert "Ich auch" in response.text and "2 replies" in response.text
    from mundwerk.feed.views import popular

    assert popular.cache_for_anonymous  # type: ignore[attr-defined]


def test_show_less_forms_appear_only_for_routes_that_exist(client, clock, member, other_member):
    from django.urls import NoReverseMatch

    from mundwerk.feed.show_less import mute_url

    follow(member, other_member)
    make_topic(other_member, make_space("Werkstatt"), title="Hallo", body="#fahrrad")
    client.force_login(member)
    response = client.get(reverse("feed:for_you"))
    assert response.status_code == 200
    try:
        url = reverse("social:mute_space", args=["x"])
    except NoReverseMatch:
        assert mute_url("social:mute_space", "x") == ""
        assert 'action=""' not in response.text
    else:
        assert mute_url("social:mute_space", "x") == url
        assert "Show less like this" in response.text
    assert mute_url("feed:no_such_thing", "x") == ""


def _fill(member, size):
    space = make_space()
    SpaceFollow.objects.create(member=member, space=space)
    authors = [make_user() for _ in range(size)]
    for author in authors:
        follow(member, author)
    for number, author in enumerate(authors * 2):
        topic = make_topic(author, space, title=f"T{number}", body=f"Text #tag{number % 3}")
        make_reply(authors[(number + 1) % size], topic, body=f"Antwort {number}")
        actions.like_post(user=authors[(number + 2) % size], post=topic.first_post)
        Share.objects.create(sharer=authors[(number + 3) % size], post=topic.first_post)
    TagFollow.objects.create(member=member, tag=topic.tags.get())
    TagMute.objects.create(member=member, tag=Tag.objects.create(name="stumm"))


@pytest.mark.parametrize("size", [4, 15])
def test_feed_query_counts_do_not_grow_with_data(
    client, ticking, member, django_assert_num_queries, size
):
    from mundwerk.core.tests.factories import session_queries

    _fill(member, size)
    client.force_login(member)
    client.get(reverse("feed:popular"))
    # member; snapshot; follows and mutes; hidden members; spaces the member may not
    # read; the four sources (one query); muted tags of the posts; topics; their tags;
    # posts and likes since the snapshot (one); the member's likes and posts
    # (affinity); the page's topics with their spaces; names; excerpts.
    with django_assert_num_queries(15 + session_queries()):
        assert client.get(reverse("feed:for_you")).status_code == 200
    # The same without affinity.
    with django_assert_num_queries(13 + session_queries()):
        assert client.get(reverse("feed:latest")).status_code == 200
    client.logout()
    # Snapshot; closed spaces; topics; their last posts; names (site settings come
    # from the cache).
    with django_assert_num_queries(5):
        assert client.get(reverse("feed:popular")).status_code == 200


def test_popular_pages_follow_more_links_without_repeats(client, ticking, member, space):
    topics = [make_topic(member, space, title=f"Thema {number}") for number in range(70)]
    seen: list[int] = []
    url = reverse("feed:popular")
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [item.topic.pk for item in response.context["items"]]
        cursor = response.context["next_cursor"]
        if cursor:  # a plain link: works without JavaScript
            assert f'href="?cursor={quote(cursor, safe="/")}"' in response.text
        url = f"{reverse('feed:popular')}?cursor={cursor}" if cursor else ""
        pages += 1
        if pages == 1:
            # Likes and replies between pages neither repeat nor reorder what is left.
            for topic in topics[:40]:
                actions.like_post(user=make_user(), post=topic.first_post)
            make_reply(make_user(), topics[0])
    assert pages == 3
    assert len(seen) == len(set(seen))
    assert set(seen) == {topic.pk for topic in topics[1:]} | ({topics[0].pk} & set(seen[:30]))
    assert "That is everything from the last week." in response.text


def test_popular_refuses_a_damaged_cursor_and_answers_htmx_with_items(client, ticking, member):
    space = make_space()
    for number in range(35):
        make_topic(member, space, title=f"Thema {number}")
    bad = client.get(reverse("feed:popular"), {"cursor": "x"})
    assert bad.status_code == 400 and "Start from the top" in bad.text
    cursor = client.get(reverse("feed:popular")).context["next_cursor"]

    response = client.get(reverse("feed:popular"), {"cursor": cursor}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.count('class="feed-item"') == 5
    client.force_login(member)
    assert client.get(reverse("feed:for_you"), {"cursor": cursor}).status_code == 400


def test_an_excerpt_of_a_long_post_reads_as_of_the_whole_post():
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    from mundwerk.feed.queries import excerpt

    long = "".join(f"<p>Absatz <strong>{n}</strong> &amp; mehr Text hier</p>" for n in range(500))
    short_words = "<p>" + "x" * 2500 + " <em>Ende</em></p>"
    for html in (long, short_words, "<p>kurz</p>"):
        whole = Truncator(strip_tags(html).replace("&amp;", "&")).words(40, truncate="…")
        assert excerpt(html) == whole


@pytest.mark.parametrize("limit", [5, 300])
def test_followed_posts_are_the_same_when_the_first_scan_falls_short(
    clock, member, monkeypatch, limit
):
    from mundwerk.feed import sources

    authors = [make_user() for _ in range(3)]
    for author in authors:
        follow(member, author)
    stranger, space = make_user(), make_space()
    for number in range(12):
        make_topic(authors[number % 3], space, title=f"Gefolgt {number}")
        make_topic(stranger, space, title=f"Fremd {number}")
        clock.shift(timedelta(minutes=1))
    monkeypatch.setattr(ranking, "MEMBER_POSTS_LIMIT", limit)
    whole_scan = titles(member, LATEST)

    # Only the newest three posts of the site are scanned; the rest come by author.
    monkeypatch.setattr(sources, "SCAN_POSTS", 3)

    assert titles(member, LATEST) == whole_scan
    assert whole_scan == [f"Gefolgt {number}" for number in range(11, 11 - min(limit, 12), -1)]
