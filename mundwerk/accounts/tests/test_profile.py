import re

import pytest

from mundwerk.accounts import actions
from mundwerk.core.tests.factories import make_reply, make_topic, make_user, session_queries


def test_profile_shows_names_counts_and_recent_posts(client, member, space, settings):
    settings.LANGUAGE_CODE = "en"
    topic = make_topic(member, space, title="Fahrradschlauch flicken")
    reply = make_reply(member, topic, body="Mit Flickzeug geht es schnell.")
    actions.update_profile(
        member,
        display_name="Anna Amsel",
        bio="Ich **repariere** Räder.",
        website="https://anna.example",
    )

    response = client.get("/u/anna/")

    assert response.status_code == 200
    html = response.text
    assert "<h1>Anna Amsel</h1>" in html
    assert "@anna" in html
    assert "Ich <strong>repariere</strong> Räder." in html
    assert "1 topic," in html
    assert "2 posts" in html
    assert f'href="{reply.get_absolute_url()}"' in html
    assert f'href="{topic.first_post.get_absolute_url()}"' in html
    assert html.count("Fahrradschlauch flicken") >= 2
    assert "Mit Flickzeug geht es schnell." in html
    assert "Member since" in html


def test_profile_links_the_website_with_rel_me_nofollow(client, member):
    actions.update_profile(member, display_name="", bio="", website="https://anna.example/blog")

    html = client.get("/u/anna/").text

    assert '<a href="https://anna.example/blog" rel="me nofollow noopener">' in html


def test_profile_never_links_a_website_that_is_not_http(client, member):
    # Written around the actions, as an old admin form could have done.
    type(member).objects.filter(pk=member.pk).update(website="javascript:alert(1)")

    html = client.get("/u/anna/").text

    assert "javascript:" not in html


def test_profile_title_and_description_come_from_the_profile(client, member):
    actions.update_profile(
        member, display_name="Anna Amsel", bio="Radfahrerin aus *Leipzig*.", website=""
    )

    html = client.get("/u/anna/").text

    assert re.search(r"<title>Anna Amsel \(@anna\) · ", html)
    assert '<meta name="description" content="Radfahrerin aus Leipzig.' in html
    assert '<link rel="canonical" href="http' in html


def test_profile_spelled_in_another_case_redirects_to_the_canonical_address(client, member):
    response = client.get("/u/ANNA/")

    assert response.status_code == 301
    assert response.url == "/u/anna/"


@pytest.mark.parametrize("path", ["/u/niemand/", "/u/an%00na/", "/u/%C3%A4nna/", f"/u/{'a' * 40}/"])
@pytest.mark.django_db
def test_profile_of_an_unknown_member_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_profile_of_a_deactivated_member_is_not_found(client, member, staff):
    member.is_active = False
    member.save(update_fields=["is_active"])
    client.force_login(staff)

    assert client.get("/u/anna/").status_code == 404


def test_members_see_an_edit_link_on_their_own_profile_only(client, member, other_member):
    client.force_login(member)

    assert 'href="/settings/profile/"' in client.get("/u/anna/").text
    assert 'href="/settings/profile/"' not in client.get("/u/bernd/").text


def test_profile_without_an_avatar_shows_a_placeholder_without_inline_styles(client, member):
    html = client.get("/u/anna/").text

    assert 'class="avatar avatar-placeholder avatar-large"' in html
    assert " style=" not in html
    assert "<script>" not in html


def test_profile_shows_at_most_ten_recent_posts_newest_first(client, member, topic):
    replies = [make_reply(member, topic, body=f"Antwort Nummer {n}") for n in range(12)]

    html = client.get("/u/anna/").text

    assert html.count('href="/p/') == 10
    assert html.index(replies[-1].get_absolute_url()) < html.index(replies[-2].get_absolute_url())
    assert replies[0].get_absolute_url() not in html


@pytest.mark.parametrize("posts", [1, 10])
def test_profile_needs_the_same_number_of_queries_for_few_and_many_posts(
    client, django_assert_num_queries, member, space, posts
):
    topic = make_topic(member, space)
    for number in range(posts - 1):
        make_reply(member, topic, body=f"Antwort {number}")
    client.get("/u/anna/")  # loads the site settings into the cache

    # The member, the spaces the visitor may not read, the recent posts, public groups,
    # reviews.
    with django_assert_num_queries(5):
        response = client.get("/u/anna/")

    assert response.text.count('href="/p/') == posts


def test_profile_of_a_logged_in_viewer_needs_no_query_per_post(
    client, django_assert_num_queries, member, topic
):
    viewer = make_user("leserin")
    for number in range(5):
        make_reply(member, topic, body=f"Antwort {number}")
    client.force_login(viewer)
    client.get("/u/anna/")

    # (the session,) the viewer, the member, the viewer's follow/mute/block state, the
    # spaces the viewer may not read, the recent posts, the member's public groups, reviews
    with django_assert_num_queries(7 + session_queries()):
        client.get("/u/anna/")


def test_profile_description_and_previews_are_escaped_exactly_once(client, member, topic):
    make_reply(member, topic, body='Tom & Jerry sagen "hallo" <b>')
    actions.update_profile(member, display_name="", bio='Tom & Jerry sagen "hallo" <b>', website="")

    html = client.get("/u/anna/").text

    escaped = "Tom &amp; Jerry sagen &quot;hallo&quot; &lt;b&gt;"
    assert f'<meta name="description" content="{escaped}">' in html
    assert f"<p>{escaped}</p>" in html
    assert "&amp;amp;" not in html
