import pytest
from django.urls import reverse

from mundwerk.core.tests.factories import (
    image_upload,
    make_reply,
    make_topic,
    make_user,
    session_queries,
)
from mundwerk.posts import actions
from mundwerk.posts.models import POSTS_PER_PAGE, Post, Topic


def test_anonymous_visitor_reads_a_topic(client, topic):
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Welt</strong>" in response.text
    assert "<title>Ein neues Rad" in response.text
    assert 'name="description" content="Hallo Welt"' in response.text


def test_a_wrong_slug_redirects_to_the_canonical_topic_url(client, topic):
    response = client.get(reverse("posts:topic", args=["falsch", topic.pk]))
    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_member_creates_a_topic_with_a_picture(client, member, space):
    client.force_login(member)
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]),
        {"title": "Mein Rad", "body": "Seht her #stolz", "images": [image_upload()]},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert topic.first_post.images.count() == 1
    page = client.get(topic.get_absolute_url()).text
    assert topic.first_post.images.get().thumbnail.url in page


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Text", "Give your topic a title."),
        ("ab", "Text", "at least 3 characters"),
        ("x" * 151, "Text", "at most 150 characters"),
        ("Gut", "", "Write something first."),
        ("Gut", "   \n  ", "Write something first."),
        ("Gut", "x" * 30_001, "at most 30000 characters"),
    ],
)
def test_bad_topic_input_is_refused_next_to_the_field_and_kept(
    client, member, space, title, body, message
):
    client.force_login(member)
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]), {"title": title, "body": body}
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Topic.objects.exists()


def test_a_text_file_named_png_is_refused_with_a_message(client, member, space):
    client.force_login(member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "bild.png", b"just some text, not a picture", content_type="image/png"
    )
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]),
        {"title": "Bild", "body": "x", "images": [fake]},
    )
    assert response.status_code == 200
    assert "bild.png is not a picture we can read." in response.text
    assert not Topic.objects.exists()


def test_a_huge_picture_is_refused_before_it_is_decoded(client, member, space, settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    client.force_login(member)
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]),
        {"title": "Riesig", "body": "x", "images": [image_upload(size=(2000, 1000))]},
    )
    assert "too many pixels" in response.text
    assert not Topic.objects.exists()


def test_anonymous_visitor_is_sent_to_login_to_write(client, space):
    response = client.get(reverse("posts:new_topic", args=[space.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unverified_member_may_not_open_a_topic(client, unverified, space):
    client.force_login(unverified)
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]), {"title": "Hallo", "body": "x"}
    )
    assert response.status_code == 403
    assert not Topic.objects.exists()


def test_reply_lands_on_the_right_page_with_its_anchor(client, member, topic):
    for number in range(POSTS_PER_PAGE):
        make_reply(member, topic, body=f"Antwort {number}")
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": "Die letzte Antwort"})
    post = Post.objects.get(body="Die letzte Antwort")
    assert response["Location"] == post.get_absolute_url()
    permalink = client.get(post.get_absolute_url())
    assert permalink["Location"] == f"{topic.get_absolute_url()}?page=2#post-{post.number}"
    assert "Die letzte Antwort" in client.get(f"{topic.get_absolute_url()}?page=2").text


def test_an_empty_reply_shows_the_error_on_the_topic_page(client, member, topic):
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": ""})
    assert response.status_code == 200
    assert "Write something first." in response.text
    assert topic.posts.count() == 1


def test_out_of_range_and_bogus_pages(client, topic):
    assert client.get(f"{topic.get_absolute_url()}?page=99").status_code == 404
    assert client.get(f"{topic.get_absolute_url()}?page=abc").status_code == 200
    assert client.get(f"{topic.get_absolute_url()}?page=-1").status_code == 200


def test_quote_prefills_the_reply(client, member, other_member, topic):
    client.force_login(other_member)
    response = client.get(reverse("posts:quote", args=[topic.first_post.pk]))
    assert "&gt; Hallo **Welt**" in response.text
    response = client.post(
        topic.get_absolute_url(), {"body": "> Hallo\n\nJa!", "quote": topic.first_post.pk}
    )
    reply = Post.objects.get(number=2)
    assert reply.quote_of == topic.first_post


def test_like_with_htmx_returns_the_button_and_without_redirects(client, other_member, topic):
    client.force_login(other_member)
    url = reverse("posts:like", args=[topic.first_post.pk])
    response = client.post(url, {"action": "like"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert ">1<" in response.text
    response = client.post(url, {"action": "unlike"})
    assert response.status_code == 302
    topic.first_post.refresh_from_db()
    assert topic.first_post.like_count == 0


def test_anonymous_like_goes_to_login(client, topic):
    response = client.post(
        reverse("posts:like", args=[topic.first_post.pk]), headers={"HX-Request": "true"}
    )
    assert reverse("account_login") in response["HX-Redirect"]


def test_edit_and_history_show_a_readable_diff(client, member, topic):
    client.force_login(member)
    post = topic.first_post
    response = client.post(
        reverse("posts:edit", args=[post.pk]),
        {"title": "Ein neues Rad", "body": "Hallo **Radwelt**"},
    )
    assert response.status_code == 302
    page = client.get(topic.get_absolute_url()).text
    assert reverse("posts:history", args=[post.pk]) in page
    history = client.get(reverse("posts:history", args=[post.pk])).text
    assert "<del>Hallo **Welt** </del>" in history or "<del>**Welt** </del>" in history
    assert "<ins>" in history
    assert "Version 2" in history


def test_other_members_cannot_open_the_edit_page(client, other_member, topic):
    client.force_login(other_member)
    assert client.get(reverse("posts:edit", args=[topic.first_post.pk])).status_code == 403


def test_deleting_shows_a_placeholder_and_hides_the_history(client, member, other_member, topic):
    reply = make_reply(member, topic, body="Geheimnis")
    client.force_login(member)
    assert client.post(reverse("posts:delete", args=[reply.pk])).status_code == 302
    client.force_login(other_member)
    page = client.get(topic.get_absolute_url()).text
    assert "Geheimnis" not in page
    assert "This post was deleted by its author." in page
    assert client.get(reverse("posts:history", args=[reply.pk])).status_code == 404


def test_tag_page_lists_tagged_topics_and_search_finds_tags(client, member, space):
    make_topic(member, space, title="Kettenpflege", body="Tipps #kette")
    assert "Kettenpflege" in client.get(reverse("posts:tag", args=["kette"])).text
    assert "#kette" in client.get(reverse("posts:tags"), {"q": "#ket"}).text
    assert client.get(reverse("posts:tag", args=["gibtsnicht"])).status_code == 404


def test_home_lists_spaces_with_counts_and_latest_topic(client, topic):
    response = client.get("/")
    assert response.status_code == 200
    assert topic.space.name in response.text
    assert topic.title in response.text


def test_space_page_lists_topics_by_latest_activity(client, member, space):
    old = make_topic(member, space, title="Altes Thema")
    new = make_topic(member, space, title="Neues Thema")
    make_reply(member, old)
    text = client.get(space.get_absolute_url()).text
    assert text.index("Altes Thema") < text.index("Neues Thema")
    assert new.title in text


def _fill_topic(topic, members, replies):
    for number in range(replies):
        post = make_reply(
            members[number % len(members)], topic, body=f"Antwort {number} @{members[0].username}"
        )
        liker = members[(number + 1) % len(members)]
        if post.author != liker:
            actions.like_post(user=liker, post=post)


@pytest.mark.parametrize("replies", [2, 19])
def test_topic_page_query_count_does_not_grow_with_posts(
    client, django_assert_num_queries, member, topic, replies
):
    from django.core.cache import cache

    members = [make_user() for _ in range(3)]
    _fill_topic(topic, members, replies)
    client.force_login(member)
    client.get(topic.get_absolute_url())
    cache.clear()
    # Cold: site settings, (session,) member, topic, posts, pictures, the reader's
    # likes, bookmarks, watch level, blocks and mutes (one query), tags.
    with django_assert_num_queries(7 + session_queries()):
        client.get(topic.get_absolute_url())
    # Warm: (session,) member, topic, the reader's marks with blocks and mutes;
    # posts block and tags come from the cache.
    with django_assert_num_queries(3 + session_queries()):
        client.get(topic.get_absolute_url())


@pytest.mark.parametrize("topics", [2, 31])
def test_list_page_query_counts_do_not_grow_with_topics(
    client, django_assert_num_queries, space, topics
):
    from django.core.cache import cache

    for number in range(topics):
        make_topic(make_user(), space, title=f"Thema {number}", body="Mit #kette")
    client.get("/")
    cache.clear()
    # Cold: site settings, the space (with its list version), its topics with their people.
    with django_assert_num_queries(3):
        assert client.get(space.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(space.get_absolute_url()).status_code == 200
    # Cold: the lists' version, spaces with their latest topic, those topics, latest topics.
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
    # Tag, the spaces the visitor may not read, topics with their people, their count.
    with django_assert_num_queries(4):
        assert client.get(reverse("posts:tag", args=["kette"])).status_code == 200
    # Tags with a topic anyone may read, and how many such topics each has.
    with django_assert_num_queries(2):
        assert client.get(reverse("posts:tags")).status_code == 200


def test_each_reader_sees_their_own_controls_on_the_shared_block(
    member, other_member, staff, topic
):
    from django.test import Client

    reply = make_reply(other_member, topic, body="Antwort von Bernd")
    actions.like_post(user=member, post=reply)
    readers = {}
    for name, user in [("anon", None), ("anna", member), ("bernd", other_member), ("staff", staff)]:
        reader = Client(headers={"Accept-Language": "en"})
        if user:
            reader.force_login(user)
        readers[name] = reader.get(topic.get_absolute_url()).text
    edit_reply = reverse("posts:edit", args=[reply.pk])
    edit_first = reverse("posts:edit", args=[topic.first_post.pk])
    assert "csrfmiddlewaretoken" not in readers["anon"]
    assert "Log in to like this post" in readers["anon"]
    assert edit_reply not in readers["anon"] and edit_first not in readers["anon"]
    assert edit_first in readers["anna"] and edit_reply not in readers["anna"]
    assert 'aria-pressed="true"' in readers["anna"]
    assert edit_reply in readers["bernd"] and edit_first not in readers["bernd"]
    assert 'aria-pressed="true"' not in readers["bernd"]
    assert edit_reply in readers["staff"] and edit_first in readers["staff"]


def test_a_like_or_edit_shows_at_once_despite_the_cached_block(client, member, other_member, topic):
    client.force_login(other_member)
    assert '<span class="like-count">0</span>' in client.get(topic.get_absolute_url()).text
    actions.like_post(user=make_user(), post=topic.first_post)
    assert '<span class="like-count">1</span>' in client.get(topic.get_absolute_url()).text
    actions.edit_post(editor=member, post=topic.first_post, body="Ganz neuer Text")
    assert "Ganz neuer Text" in client.get(topic.get_absolute_url()).text


def test_home_and_space_lists_show_new_activity_at_once(client, member, space, topic):
    client.get("/")
    client.get(space.get_absolute_url())
    make_topic(member, space, title="Ganz frisches Thema")
    assert "Ganz frisches Thema" in client.get("/").text
    assert "Ganz frisches Thema" in client.get(space.get_absolute_url()).text
    actions.like_post(user=make_user(), post=topic.first_post)
    assert "1 like" in client.get(space.get_absolute_url()).text


def test_a_reply_keeps_earlier_pages_cached_and_shows_on_the_last(
    client, member, topic, django_assert_num_queries
):
    for number in range(POSTS_PER_PAGE + 3):
        make_reply(member, topic, body=f"Antwort {number}")
    client.force_login(member)
    client.get(topic.get_absolute_url())
    client.get(f"{topic.get_absolute_url()}?page=2")
    make_reply(member, topic, body="Noch eine Antwort")
    with django_assert_num_queries(3 + session_queries()):
        client.get(topic.get_absolute_url())
    assert "Noch eine Antwort" in client.get(f"{topic.get_absolute_url()}?page=2").text


def test_a_like_on_an_earlier_page_shows_at_once(client, member, other_member, topic):
    for number in range(POSTS_PER_PAGE + 3):
        make_reply(member, topic, body=f"Antwort {number}")
    client.force_login(other_member)
    assert '<span class="like-count">0</span>' in client.get(topic.get_absolute_url()).text
    actions.like_post(user=make_user(), post=topic.first_post)
    assert '<span class="like-count">1</span>' in client.get(topic.get_absolute_url()).text


def test_a_deleted_post_cannot_be_quoted(client, member, other_member, topic):
    reply = make_reply(member, topic, body="Das bereue ich")
    actions.delete_post(actor=member, post=reply)
    client.force_login(other_member)
    response = client.get(reverse("posts:quote", args=[reply.pk]))
    assert response.status_code == 404
    assert "Das bereue ich" not in response.text


def test_lists_change_even_when_clocks_disagree(client, member, space, topic):
    from unittest import mock

    from django.utils import timezone

    other = make_topic(member, space, title="Anderes Thema")
    actions.like_post(user=make_user(), post=other.first_post)
    client.get("/")
    earlier = timezone.now() - timezone.timedelta(seconds=5)
    with mock.patch("mundwerk.posts.actions.timezone.now", return_value=earlier):
        make_reply(member, topic, body="Späte Antwort")
    topic.refresh_from_db()
    assert "1 reply" in client.get("/").text


def test_a_german_member_reads_the_post_controls_in_german(member, other_member, topic):
    """The controls are built in Python; their words must reach the catalog too."""
    from django.test import Client

    german = Client(headers={"Accept-Language": "de"})
    german.force_login(other_member)
    page = german.get(topic.get_absolute_url()).text
    for word in ("Gefällt mir", "Zitieren", "Merken", "Teilen"):
        assert word in page, word
    for word in (">Quote<", ">Bookmark<", "♡ Like "):
        assert word not in page, word
