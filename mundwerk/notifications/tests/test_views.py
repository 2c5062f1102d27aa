"""The notifications page, opening, marking read, the bell and the settings page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from mundwerk.core.tests.factories import make_reply, make_topic, make_user, session_queries
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.posts import actions as post_actions
from mundwerk.social import actions as social_actions


@pytest.fixture
def anna(client, member):
    client.force_login(member)
    return client


def _unread(member) -> int:
    member.refresh_from_db(fields=["unread_notification_count"])
    return member.unread_notification_count


def test_the_list_shows_the_newest_first_with_links_that_open_them(
    anna, committed, member, other_member, topic
):
    with committed():
        make_reply(other_member, topic)
        social_actions.follow_member(follower=other_member, member=member)
    page = anna.get("/notifications/").text
    follow = Notification.objects.get(kind=Kind.FOLLOW)
    reply = Notification.objects.get(kind=Kind.REPLY)
    assert page.index("bernd follows you now") < page.index(
        "bernd replied to your topic “Ein neues Rad”"
    )
    assert f'action="/notifications/{follow.pk}/open/"' in page
    assert "2 unread notifications" in page
    assert 'href="/static/notifications/notifications.css"' in page
    assert f'action="/notifications/{reply.pk}/read/"' in page


def test_opening_marks_read_and_leads_to_the_post_or_the_profile(
    anna, committed, member, other_member, topic
):
    with committed():
        reply = make_reply(other_member, topic)
        social_actions.follow_member(follower=other_member, member=member)
    row = Notification.objects.get(kind=Kind.REPLY)
    response = anna.post(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/p/{reply.pk}/"
    row.refresh_from_db()
    assert row.read_at is not None and _unread(member) == 1
    follow = Notification.objects.get(kind=Kind.FOLLOW)
    assert anna.post(f"/notifications/{follow.pk}/open/")["Location"] == "/u/bernd/"
    assert _unread(member) == 0


def test_another_members_notification_is_404_and_stays_unread(
    client, committed, member, other_member, carla, topic
):
    with committed():
        make_reply(carla, topic)
    row = Notification.objects.get(recipient=member)
    client.force_login(other_member)
    assert client.post(f"/notifications/{row.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{row.pk}/read/").status_code == 404
    assert client.post("/notifications/999999/open/").status_code == 404
    assert client.post("/notifications/99999999999999999999/open/").status_code == 404
    row.refresh_from_db()
    assert row.read_at is None and _unread(member) == 1


def test_marking_one_read_works_without_javascript_and_with_htmx(
    anna, committed, member, other_member, carla, topic
):
    with committed():
        make_reply(other_member, topic)
        make_reply(carla, topic)
    first, second = Notification.objects.order_by("pk")
    response = anna.post(f"/notifications/{first.pk}/read/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    fragment = anna.post(f"/notifications/{second.pk}/read/", headers={"HX-Request": "true"}).text
    assert fragment.startswith('<li class="notification" id=')
    assert "Mark as read" not in fragment
    assert _unread(member) == 0


def test_marking_all_read(anna, committed, member, other_member, carla, topic):
    with committed():
        make_reply(other_member, topic)
        make_reply(carla, topic)
    response = anna.post("/notifications/read-all/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert _unread(member) == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "0 unread notifications" in anna.get("/notifications/").text


def test_visitors_are_sent_to_log_in_and_buttons_answer_only_post(client, member):
    for path in ["/notifications/", "/settings/notifications/"]:
        assert "/accounts/login/" in client.get(path)["Location"]
    assert "/accounts/login/" in client.post("/notifications/1/open/")["Location"]
    assert "/accounts/login/" in client.post("/notifications/read-all/")["Location"]
    client.force_login(member)
    assert client.get("/notifications/read-all/").status_code == 405
    assert client.get("/notifications/1/read/").status_code == 405
    # Opening marks read, so it is a POST: an <img> in a post cannot do it for its readers.
    assert client.get("/notifications/1/open/").status_code == 405


def test_deleted_posts_and_muted_members_leave_the_list(
    anna, committed, member, other_member, carla, topic
):
    reply = make_reply(carla, topic)
    Notification.objects.create(
        recipient=member, kind=Kind.REPLY, event=f"post:{reply.pk}", actor=carla, post=reply
    )
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
    post_actions.delete_post(actor=carla, post=reply)  # its withdrawal task is not run here
    social_actions.mute_member(muter=member, member=other_member)
    page = anna.get("/notifications/").text
    assert "carla" not in page and "bernd" not in page
    assert (
        anna.post(f"/notifications/{Notification.objects.get(actor=carla).pk}/open/").status_code
        == 404
    )


@pytest.mark.parametrize("count", [2, 35])
def test_the_list_page_query_count_does_not_grow(
    client, committed, django_assert_num_queries, member, space, count
):
    with committed():
        topic = make_topic(member, space)
        for number in range(count):
            post_actions.create_reply(author=make_user(), topic=topic, body=f"Antwort {number}")
    client.force_login(member)
    client.get("/notifications/")
    # (session,) member, the groups the member may not read, the count, one page of
    # notifications with actor, post, topic, space.
    with django_assert_num_queries(4 + session_queries()):
        response = client.get("/notifications/")
    assert response.text.count('class="notification notification-unread"') == min(count, 30)


def test_the_bell_shows_the_unread_count_only_when_there_is_some(member):
    member.unread_notification_count = 0
    quiet = render_to_string("notifications/_bell.html", {"user": member})
    assert 'href="/notifications/"' in quiet and "unread" not in quiet
    member.unread_notification_count = 3
    with_news = render_to_string("notifications/_bell.html", {"user": member})
    assert 'aria-label="Notifications: 3 unread notifications"' in with_news
    assert '<mark class="notification-count">3</mark>' in with_news


def test_the_settings_page_shows_the_defaults(anna):
    page = anna.get("/settings/notifications/").text
    assert 'name="web_like" id="id_web_like" checked' in page
    assert 'name="email_mention" id="id_email_mention" checked' in page
    assert 'name="email_like" id="id_email_like">' in page
    assert 'value="weekly" id="id_digest_2" required checked' in page


def test_saving_settings_keeps_the_choices_and_the_language(anna, member):
    response = anna.post(
        "/settings/notifications/",
        {"web_mention": "on", "email_like": "on", "digest": "daily"},
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(member=member)
    assert prefs.web_mention and not prefs.web_reply and prefs.email_like
    assert (prefs.digest, prefs.language) == ("daily", "en")
    german = Client(headers={"Accept-Language": "de"})
    german.force_login(member)
    german.post("/settings/notifications/", {"digest": "weekly"})
    prefs.refresh_from_db()
    assert (prefs.digest, prefs.language) == ("weekly", "de")


def test_a_bad_digest_choice_is_refused_and_changes_nothing(anna, member):
    response = anna.post("/settings/notifications/", {"digest": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Preferences.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    "target", ["foo", "notifications", "//evil.example/", "https://evil.example/"]
)
def test_mark_read_goes_back_only_to_paths_on_this_site(
    anna, committed, member, other_member, target
):
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
    row = Notification.objects.get(recipient=member)
    response = anna.post(f"/notifications/{row.pk}/read/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
