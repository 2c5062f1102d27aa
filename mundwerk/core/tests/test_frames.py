"""Framed pages must read exactly like pages rendered for the reader alone."""

import re

import pytest
from django.contrib import messages
from django.test import Client

from mundwerk.core import frames
from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.posts import actions

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normalized(html: str) -> str:
    """Masked CSRF tokens differ on every request; everything else must not."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value="token"', html)


def _pages(space, topic) -> list[str]:
    return [
        "/",
        space.get_absolute_url(),
        topic.get_absolute_url(),
        f"{topic.get_absolute_url()}?page=2",
    ]


@pytest.fixture
def long_topic(member, other_member, space):
    topic = make_topic(member, space, title="Ein langes Thema über <Ketten> & Ritzel")
    for number in range(25):
        make_reply(other_member if number % 2 else member, topic, f"Antwort {number} @anna")
    actions.like_post(user=other_member, post=topic.first_post)
    return topic


@pytest.mark.parametrize("reader_name", ["member", "other_member", "staff", "unverified"])
def test_framed_pages_match_plain_rendering(request, monkeypatch, space, long_topic, reader_name):
    reader = request.getfixturevalue(reader_name)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(reader)
    for path in _pages(space, long_topic):
        with monkeypatch.context() as plain_only:
            plain_only.setattr(frames, "_may_frame", lambda request: False)
            plain = client.get(path)
        built = client.get(path)  # renders and stores the frame
        reused = client.get(path)  # fills the stored frame
        assert plain.status_code == built.status_code == reused.status_code == 200, path
        expected = _normalized(plain.content.decode())
        assert _normalized(built.content.decode()) == expected, path
        assert _normalized(reused.content.decode()) == expected, path
        assert frames.marker("") not in reused.content.decode()


def test_each_reader_gets_their_own_name_and_token(member, other_member, topic):
    first, second = Client(), Client()
    first.force_login(member)
    second.force_login(other_member)
    first.get(topic.get_absolute_url())
    page = second.get(topic.get_absolute_url()).content.decode()
    assert f'href="/u/{other_member.username}/">{other_member.username}</a>' in page
    assert f'href="/u/{member.username}/">{member.username}</a>' not in page.split("</header>")[0]
    token = second.cookies["csrftoken"].value
    posted = second.post(topic.get_absolute_url(), {"body": "Mit dem Token aus dem Rahmen"})
    assert posted.status_code == 302, token


def test_the_query_string_of_each_request_reaches_the_language_switcher(member, topic):
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())
    page = client.get(f"{topic.get_absolute_url()}?utm=%3Cx%3E").content.decode()
    assert 'name="next" type="hidden" value="' + topic.get_absolute_url() + "?utm=%3Cx%3E" in page


def test_pending_messages_bypass_the_frame(member, topic, monkeypatch):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(member)
    client.get(topic.get_absolute_url())
    response = client.post(
        topic.get_absolute_url(), {"body": "Antwort, nach der eine Meldung kommt"}, follow=True
    )
    shown = [str(message) for message in messages.get_messages(response.wsgi_request)]
    page = response.content.decode()
    assert "Antwort, nach der eine Meldung kommt" in page
    for message in shown:
        assert message in page


def test_a_member_cannot_write_a_marker(member, space):
    """Markers hold a secret from SECRET_KEY; a guessed one stays text."""
    guessed = "mwf000000000000000000000000-name"
    topic = make_topic(member, space, title=f"Titel {guessed}", body=f"Text {guessed}")
    client = Client()
    client.force_login(make_user("carla"))
    client.get(topic.get_absolute_url())
    page = client.get(topic.get_absolute_url()).content.decode()
    assert page.count(guessed) >= 3  # the heading, the page title, the post, …
    assert page.count("carla") == 2  # only the header's link to her profile
    assert guessed != frames.marker("name")


def test_each_reader_sees_their_own_unread_count_on_the_bell(member, other_member, topic):
    from mundwerk.accounts.models import User

    User.objects.filter(pk=member.pk).update(unread_notification_count=3)
    first, second = Client(headers={"Accept-Language": "en"}), Client()
    first.force_login(member)
    second.force_login(other_member)
    second.get(topic.get_absolute_url())  # bernd's request builds the frame
    page = first.get(topic.get_absolute_url()).text
    assert '<mark class="notification-count">3</mark>' in page
    assert "3 unread notifications" in page
    assert "notification-count" not in second.get(topic.get_absolute_url()).text
