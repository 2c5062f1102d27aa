"""Logged-out readers get cached pages; nothing personal ever reaches the wrong reader."""

import pytest
import time_machine
from django.test import Client

from mundwerk.core.tests.factories import make_reply


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ANONYMOUS_CACHE_SECONDS = 2


def anonymous(language: str = "en") -> Client:
    return Client(headers={"Accept-Language": language})


def test_a_logged_out_reader_gets_the_second_view_from_the_cache(topic, django_assert_num_queries):
    reader = anonymous()
    first = reader.get(topic.get_absolute_url())
    assert "X-Mundwerk-Cache" not in first
    with django_assert_num_queries(0):
        second = reader.get(topic.get_absolute_url())
    assert second["X-Mundwerk-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_a_new_reply_reaches_logged_out_readers_within_two_seconds(member, topic):
    reader = anonymous()
    with time_machine.travel("2026-11-22 10:00:00", tick=False) as clock:
        reader.get(topic.get_absolute_url())
        make_reply(member, topic, body="Brandneue Antwort")
        clock.shift(2.1)
        assert "Brandneue Antwort" in reader.get(topic.get_absolute_url()).text


def test_logged_out_pages_carry_no_csrf_token_or_cookie(topic):
    response = anonymous().get(topic.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_members_never_get_cached_pages_and_their_pages_are_never_cached(member, topic):
    member_client = Client(headers={"Accept-Language": "en"})
    member_client.force_login(member)
    anonymous().get(topic.get_absolute_url())
    own = member_client.get(topic.get_absolute_url())
    assert "X-Mundwerk-Cache" not in own
    assert member.username in own.text
    member_client.get("/")
    reader_view = anonymous().get("/")
    assert "X-Mundwerk-Cache" not in reader_view
    assert f">{member.username}<" not in reader_view.text
    assert "Log out" not in reader_view.text


def test_each_language_has_its_own_cached_page(topic):
    anonymous("de").get(topic.get_absolute_url())
    english = anonymous("en").get(topic.get_absolute_url())
    assert 'lang="en"' in english.text
    german = anonymous("de").get(topic.get_absolute_url())
    assert german["X-Mundwerk-Cache"] == "hit"
    assert 'lang="de"' in german.text


def test_pages_with_a_message_or_htmx_are_not_served_from_the_cache(topic):
    anonymous().get(topic.get_absolute_url())
    with_message = Client(headers={"Accept-Language": "en"})
    with_message.cookies["messages"] = "x"
    assert "X-Mundwerk-Cache" not in with_message.get(topic.get_absolute_url())
    htmx = anonymous().get(topic.get_absolute_url(), headers={"HX-Request": "true"})
    assert "X-Mundwerk-Cache" not in htmx


def test_only_marked_pages_are_cached(db):
    reader = anonymous()
    reader.get("/accounts/login/")
    assert "X-Mundwerk-Cache" not in reader.get("/accounts/login/")
    reader.get("/does-not-exist/")
    assert "X-Mundwerk-Cache" not in reader.get("/does-not-exist/")


def test_the_cache_can_be_switched_off(settings, topic):
    settings.ANONYMOUS_CACHE_SECONDS = 0
    reader = anonymous()
    reader.get(topic.get_absolute_url())
    assert "X-Mundwerk-Cache" not in reader.get(topic.get_absolute_url())
