"""Found in review: input that crashed the events app, a stream that outlived its session,
and replies by blocked members announced live."""

import contextlib

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.test import Client

from mundwerk.live.app import EventsApp
from mundwerk.live.tests.exchange import Exchange, run

PAGE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.SITE_URL = PAGE
    settings.EVENTS_POLL_SECONDS = 0.02
    settings.EVENTS_HEARTBEAT_SECONDS = 60
    settings.EVENTS_LIFETIME_SECONDS = 60
    settings.EVENTS_RECHECK_SECONDS = 0.05


def headers(member):
    client = Client()
    client.force_login(member)
    name = django_settings.SESSION_COOKIE_NAME
    return {
        "Host": "127.0.0.1:8001",
        "Origin": PAGE,
        "Cookie": f"{name}={client.cookies[name].value}",
    }


@pytest.mark.parametrize("query", ["topic=%C2%B2", "after=%C2%B3", "topic=%E2%91%A0"])
def test_a_unicode_digit_in_the_query_is_a_400_not_a_crash(member, topic, query):
    exchange = Exchange(headers=headers(member), query=query)
    exchange.gone.set()  # hang up at once; only the answer's status matters
    # Today this raises ValueError out of the ASGI app (granian answers 500).
    async_to_sync(EventsApp())(exchange.scope(), exchange.receive, exchange.send)
    assert exchange.status == 400


def test_a_stream_ends_soon_after_its_session_logs_out(member):
    from importlib import import_module

    from asgiref.sync import sync_to_async

    sent = headers(member)
    session_key = sent["Cookie"].split("=", 1)[1]

    async def log_out() -> None:
        def work() -> None:
            engine = import_module(django_settings.SESSION_ENGINE)
            engine.SessionStore(session_key).delete()  # what logging out does

        await sync_to_async(work)()

    exchange = Exchange(headers=sent)
    async_to_sync(run)(EventsApp(), exchange, lambda e: e.finished, during=log_out)
    assert exchange.finished  # within EVENTS_RECHECK_SECONDS, not at the end of its lifetime


@pytest.mark.parametrize("last_event_id", ["\u00b2:1", "3:\u00b9", "\u00b3:\u00b2"])
def test_a_superscript_digit_in_last_event_id_is_ignored_not_a_crash(member, last_event_id):
    from mundwerk.live.stream import resume_from

    # Header values reach the app decoded as latin-1, where bytes B2/B3/B9 are ², ³, ¹.
    position = resume_from(last_event_id, 0)  # today: ValueError from int("²")
    assert position.unread is None


def test_a_superscript_last_event_id_through_the_app(member):
    sent = {**headers(member)}
    exchange = Exchange(headers=sent)
    # Exchange encodes header values as UTF-8; send the raw latin-1 byte instead.
    scope = exchange.scope()
    scope["headers"].append((b"last-event-id", b"\xb2:1"))
    exchange.gone.set()
    async_to_sync(EventsApp())(scope, exchange.receive, exchange.send)
    assert exchange.status == 200


def test_replies_by_a_blocked_member_are_not_announced_live(member, other_member, space):
    """Anna blocked Bernd; Bernd replies in Carla's topic, which Anna has open."""
    from mundwerk.core.tests.factories import make_reply, make_topic, make_user
    from mundwerk.social import actions as social_actions

    carla = make_user("carla")
    topic = make_topic(carla, space)
    social_actions.block_member(blocker=member, member=other_member)
    make_reply(other_member, topic, "Hallo von dem, den du blockiert hast")

    exchange = Exchange(headers=headers(member), query=f"topic={topic.pk}&after=1")
    with contextlib.suppress(TimeoutError):
        async_to_sync(run)(EventsApp(), exchange, lambda e: len(e.events) >= 2, timeout=1.0)
    assert [event.name for event in exchange.events] == ["unread"], exchange.events
