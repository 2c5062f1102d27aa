import pytest

from mundwerk.core.tests.factories import image_upload, make_reply, make_topic, make_user
from mundwerk.posts import actions as post_actions
from mundwerk.posts.images import process_image
from mundwerk.social import actions
from mundwerk.social.models import Bookmark, MemberFollow, Share, SpaceFollow, TagMute


def _login(client, user):
    client.force_login(user)
    return client


def test_a_member_follows_and_unfollows_from_the_profile(client, member, other_member):
    _login(client, member)
    page = client.get("/u/bernd/").text
    assert 'action="/u/bernd/follow/"' in page
    response = client.post("/u/bernd/follow/", {"action": "follow", "next": "/u/bernd/"})
    assert response.status_code == 302 and response["Location"] == "/u/bernd/"
    assert MemberFollow.objects.filter(follower=member, followed=other_member).exists()
    page = client.get("/u/bernd/").text
    assert "1 follower" in page and "Unfollow" in page
    client.post("/u/bernd/follow/", {"action": "unfollow"})
    assert not MemberFollow.objects.exists()


def test_buttons_send_visitors_to_log_in_and_change_nothing(client, other_member, topic):
    response = client.post("/u/bernd/follow/", {"action": "follow"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/p/{topic.first_post_id}/bookmark/", headers={"HX-Request": "true"})
    assert "/accounts/login/" in response["HX-Redirect"]
    assert not MemberFollow.objects.exists() and not Bookmark.objects.exists()


def test_next_never_leads_to_another_site(client, member, other_member):
    _login(client, member)
    response = client.post("/u/bernd/follow/", {"next": "https://evil.example/"})
    assert response["Location"] == "/u/bernd/"


@pytest.mark.parametrize("path", ["/u/nobody/follow/", "/u/%00/block/", "/s/none/follow/"])
def test_unknown_targets_are_404(client, member, path):
    _login(client, member)
    assert client.post(path).status_code == 404


def test_buttons_answer_only_post(client, member, other_member):
    _login(client, member)
    assert client.get("/u/bernd/follow/").status_code == 405


def test_a_blocked_members_posts_are_collapsed_for_the_blocker(client, member, other_member, topic):
    make_reply(other_member, topic, body="Ich schreibe trotzdem")
    actions.block_member(blocker=member, member=other_member)
    page = _login(client, member).get(topic.get_absolute_url()).text
    assert page.count('<details class="post-hidden">') == 1
    assert "Ich schreibe trotzdem" in page  # behind "show", not gone
    # bernd's own view is unchanged, apart from no reply form for anna's topic.
    other = _login(type(client)(headers={"Accept-Language": "en"}), other_member)
    theirs = other.get(topic.get_absolute_url()).text
    assert '<details class="post-hidden">' in theirs  # anna's opening post, blocked either way
    assert 'name="body"' not in theirs
    assert "You cannot reply to this topic." in theirs  # not "confirm your address"


def test_muting_collapses_only_for_the_muter(client, member, other_member, topic):
    make_reply(other_member, topic, body="Laute Meinung")
    _login(client, member).post("/u/bernd/mute/", {"action": "mute"})
    assert '<details class="post-hidden">' in client.get(topic.get_absolute_url()).text
    carla = _login(type(client)(), make_user("carla"))
    assert '<details class="post-hidden">' not in carla.get(topic.get_absolute_url()).text


def test_bookmark_with_htmx_and_the_bookmarks_page(client, member, topic):
    _login(client, member)
    post = topic.first_post
    fragment = client.post(f"/p/{post.pk}/bookmark/", headers={"HX-Request": "true"}).text
    assert 'aria-pressed="true"' in fragment and "Bookmarked" in fragment
    assert "Bookmarked" in client.get(topic.get_absolute_url()).text
    listed = client.get("/bookmarks/").text
    assert topic.title in listed
    client.post(f"/p/{post.pk}/bookmark/", {"action": "remove"})
    assert "no bookmarks yet" in client.get("/bookmarks/").text


def test_the_bookmarks_page_needs_a_login(client):
    assert client.get("/bookmarks/").status_code == 302


def test_sharing_from_the_share_page(client, member, other_member, topic):
    _login(client, other_member)
    page = client.get(f"/p/{topic.first_post_id}/share/").text
    assert f'value="http://testserver{topic.get_absolute_url()}"' in page  # the link to copy
    assert 'data-copy="#share-url"' in page
    response = client.post(f"/p/{topic.first_post_id}/share/", {"comment": "Lest das!"})
    assert response.status_code == 302
    share = Share.objects.get()
    assert share.comment == "Lest das!" and share.sharer == other_member
    assert "Share (1)" in client.get(topic.get_absolute_url()).text
    assert "You shared this post." in client.get(f"/p/{topic.first_post_id}/share/").text
    client.post(f"/p/{topic.first_post_id}/share/", {"action": "unshare"})
    assert not Share.objects.exists()


def test_a_too_long_share_comment_is_refused_and_changes_nothing(client, other_member, topic):
    _login(client, other_member)
    response = client.post(f"/p/{topic.first_post_id}/share/", {"comment": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in response.text
    assert not Share.objects.exists()


def test_visitors_see_share_links_but_must_log_in_to_share(client, topic):
    page = client.get(f"/p/{topic.first_post_id}/share/").text
    assert topic.get_absolute_url() in page
    assert "Log in to share" in page
    response = client.post(f"/p/{topic.first_post_id}/share/", {"comment": "x"})
    assert "/accounts/login/" in response["Location"]
    assert not Share.objects.exists()


def test_deleted_posts_have_no_share_page(client, member, topic):
    reply = make_reply(member, topic)
    post_actions.delete_post(actor=member, post=reply)
    assert client.get(f"/p/{reply.pk}/share/").status_code == 404


def test_topic_pages_carry_link_preview_meta(client, member, space):
    picture = process_image(image_upload())
    topic = post_actions.create_topic(
        author=member, space=space, title="Mein neues Rad", body="Schau mal", images=[picture]
    )
    page = client.get(topic.get_absolute_url()).text
    assert '<meta property="og:title" content="Mein neues Rad">' in page
    assert '<meta property="og:image" content="' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_follower_lists_are_public_unless_hidden(client, member, other_member, staff):
    actions.follow_member(follower=other_member, member=member)
    assert "bernd" in client.get("/u/anna/followers/").text
    assert "anna" in client.get("/u/bernd/following/").text
    _login(client, member).post("/settings/connections/", {"hides_connections": "1"})
    client.logout()
    assert client.get("/u/anna/followers/").status_code == 404
    assert "1 follower" in client.get("/u/anna/").text  # the number stays
    assert _login(client, member).get("/u/anna/followers/").status_code == 200
    assert _login(client, staff).get("/u/anna/followers/").status_code == 200


def test_follower_list_queries_do_not_grow(client, member, django_assert_num_queries):
    for count in (2, 12):
        for _ in range(count):
            actions.follow_member(follower=make_user(), member=member)
        client.get("/u/anna/followers/")
        with django_assert_num_queries(3):  # the member, the count, one page of followers
            assert client.get("/u/anna/followers/").status_code == 200


def test_spaces_and_tags_are_followed_and_muted_from_their_pages(client, member, space):
    make_topic(member, space, body="Mit #kette")
    _login(client, member)
    follow_url = f"/s/{space.slug}/follow/"
    assert f'action="{follow_url}"' in client.get(space.get_absolute_url()).text
    client.post(follow_url, {"action": "follow"})
    assert SpaceFollow.objects.filter(member=member, space=space).exists()
    assert "Unfollow" in client.get(space.get_absolute_url()).text
    client.post("/tags/kette/mute/", {"action": "mute"})
    assert TagMute.objects.filter(member=member, tag__name="kette").exists()
    assert "Unmute" in client.get("/tags/kette/").text
    assert client.post("/tags/gibtsnicht/follow/").status_code == 404


def test_the_connections_page_lists_and_undoes(client, member, other_member, space):
    actions.block_member(blocker=member, member=other_member)
    actions.follow_space(member=member, space=space)
    page = _login(client, member).get("/settings/connections/").text
    assert "bernd" in page and space.name in page
    client.post("/u/bernd/block/", {"action": "unblock", "next": "/settings/connections/"})
    assert 'href="/u/bernd/"' not in client.get("/settings/connections/").text


def test_watching_a_topic_from_its_page(client, member, topic):
    _login(client, member)
    client.post(f"/t/{topic.pk}/notifications/", {"level": "watching"})
    assert 'value="watching" selected' in client.get(topic.get_absolute_url()).text
    client.post(f"/t/{topic.pk}/notifications/", {"level": "<script>"})
    assert 'value="" selected' in client.get(topic.get_absolute_url()).text


def test_passing_on_a_share_from_the_share_page_keeps_the_chain(client, member, topic):
    first = actions.share_post(sharer=make_user("carla"), post=topic.first_post)
    dora = make_user("dora")
    _login(client, dora)
    page = client.get(f"/p/{topic.first_post_id}/share/?via={first.pk}").text
    assert f'name="via" value="{first.pk}"' in page
    client.post(f"/p/{topic.first_post_id}/share/", {"comment": "", "via": str(first.pk)})
    assert Share.objects.get(sharer=dora).via_id == first.pk
    assert client.get(f"/p/{topic.first_post_id}/share/?via=%F0%9F%98%80").status_code == 200
