"""The events app, driven directly with asyncio; the database is the test's (async_to_sync)."""

import asyncio
import contextlib

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_reply
from mundwerk.live.app import EventsApp
from mundwerk.live.tests.exchange import Exchange, run
from mundwerk.posts import actions
from mundwerk.posts.models import Topic

PAGE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _quick_streams(settings):
    settings.SITE_URL = PAGE
    settings.EVENTS_POLL_SECONDS = 0.02
    settings.EVENTS_HEARTBEAT_SECONDS = 60
    settings.EVENTS_LIFETIME_SECONDS = 60


def session_cookie(member: User) -> str:
    client = Client()
    client.force_login(member)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def browser(member: User | None, **headers: str) -> dict[str, str]:
    """The headers of an EventSource request from a page of this site."""
    sent = {"Host": "127.0.0.1:8001", "Origin": PAGE, "Accept-Language": "en", **headers}
    if member is not None:
        sent["Cookie"] = f"csrftoken=abc; {session_cookie(member)}"
    return sent


def has_events(count: int):
    return lambda exchange: len(exchange.events) >= count


def stream(
    exchange: Exchange, until=None, *, app: EventsApp | None = None, during=None
) -> Exchange:
    app = app or EventsApp()
    return async_to_sync(run)(app, exchange, until or has_events(1), during=during)


def test_a_member_is_known_by_their_session_cookie_and_hears_their_unread_count(member):
    User.objects.filter(pk=member.pk).update(unread_notification_count=3)

    exchange = stream(Exchange(headers=browser(member)))

    assert exchange.status == 200
    assert exchange.response_headers["content-type"].startswith("text/event-stream")
    [event] = exchange.events
    assert event.name == "unread"
    assert event.data == {"count": 3, "label": "Notifications: 3 unread notifications"}
    assert event.id == "3:0"


def test_a_request_without_a_valid_session_gets_no_stream(member):
    anonymous = stream(Exchange(headers=browser(None)))
    forged = stream(Exchange(headers={**browser(None), "Cookie": "sessionid=made-up"}))

    assert anonymous.status == 403 and forged.status == 403
    assert anonymous.events == [] and forged.events == []


def test_a_logged_out_session_no_longer_streams(member):
    client = Client()
    client.force_login(member)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    client.post("/accounts/logout/")

    exchange = stream(Exchange(headers={**browser(None), "Cookie": cookie}))

    assert exchange.status == 403


def test_pages_of_other_origins_are_refused_and_get_no_cors_headers(member):
    for origin in ("https://evil.example", "http://127.0.0.1:9999", "null"):
        exchange = stream(Exchange(headers=browser(member, Origin=origin)))

        assert exchange.status == 403, origin
        assert "access-control-allow-origin" not in exchange.response_headers
        assert exchange.events == []


def test_this_sites_pages_may_read_the_stream_with_credentials_never_with_a_wildcard(member):
    for origin, host in ((PAGE, "127.0.0.1:8001"), ("http://localhost:8000", "localhost:8001")):
        exchange = stream(Exchange(headers=browser(member, Origin=origin, Host=host)))

        assert exchange.status == 200
        assert exchange.response_headers["access-control-allow-origin"] == origin
        assert exchange.response_headers["access-control-allow-credentials"] == "true"


def test_a_page_port_named_by_serve_is_the_one_allowed(member, settings):
    settings.PAGES_PORT = 7000
    allowed = stream(
        Exchange(
            headers=browser(member, Origin="http://localhost:7000", Host="localhost:9000"),
            port=9000,
        )
    )
    next_door = stream(
        Exchange(
            headers=browser(member, Origin="http://localhost:8999", Host="localhost:9000"),
            port=9000,
        )
    )

    assert allowed.status == 200
    assert next_door.status == 403


def test_a_host_the_site_does_not_answer_to_is_refused(member):
    exchange = stream(
        Exchange(
            headers=browser(member, Origin="http://evil.example:8000", Host="evil.example:8001")
        )
    )

    assert exchange.status == 403


def test_new_posts_of_the_open_topic_arrive_and_deleted_ones_never(member, other_member, topic):
    second = make_reply(other_member, topic, "zwei")
    third = make_reply(other_member, topic, "drei")
    actions.delete_post(actor=other_member, post=third)
    fourth = make_reply(other_member, topic, "vier")

    exchange = stream(
        Exchange(headers=browser(member), query=f"topic={topic.pk}&after=1"), has_events(3)
    )

    posts = [event for event in exchange.events if event.name == "post"]
    assert [event.data for event in posts] == [
        {"number": 2, "url": f"/p/{second.pk}/"},
        {"number": 4, "url": f"/p/{fourth.pk}/"},
    ]
    assert posts[-1].id == "0:4"


def test_a_reply_written_while_the_stream_is_open_arrives_without_a_reload(
    member, other_member, topic
):
    async def reply() -> None:
        await sync_to_async(make_reply)(other_member, topic, "Live!")

    exchange = stream(
        Exchange(headers=browser(member), query=f"topic={topic.pk}&after=1"),
        has_events(2),
        during=reply,
    )

    assert [event.name for event in exchange.events] == ["unread", "post"]
    assert exchange.events[1].data["number"] == 2


def test_a_reconnecting_browser_gets_only_what_it_missed(member, other_member, topic):
    make_reply(other_member, topic)
    missed = make_reply(other_member, topic)
    User.objects.filter(pk=member.pk).update(unread_notification_count=4)

    exchange = stream(
        Exchange(
            headers=browser(member, **{"Last-Event-ID": "4:2"}),
            query=f"topic={topic.pk}&after=1",
        )
    )

    [event] = exchange.events
    assert (event.name, event.data["url"], event.id) == ("post", f"/p/{missed.pk}/", "4:3")


def test_a_deleted_topic_streams_to_nobody_but_staff(member, staff, topic):
    # No action deletes topics yet; the row's mark is what pages go by.
    Topic.objects.filter(pk=topic.pk).update(deleted_at=timezone.now())

    refused = stream(Exchange(headers=browser(member), query=f"topic={topic.pk}"))
    allowed = stream(Exchange(headers=browser(staff), query=f"topic={topic.pk}"))

    assert refused.status == 404
    assert allowed.status == 200


@pytest.mark.parametrize(
    "query", ["topic=abc", "topic=1&after=-1", "after=1e9", "topic=" + "9" * 30]
)
def test_bad_parameters_get_a_400_not_a_500(member, query):
    exchange = stream(Exchange(headers=browser(member), query=query))

    assert exchange.status == 400


def test_the_stream_ends_after_its_lifetime_so_the_browser_reconnects(member, settings):
    settings.EVENTS_LIFETIME_SECONDS = 0.2

    exchange = stream(Exchange(headers=browser(member)), lambda exchange: False)

    assert exchange.finished
    assert [event.name for event in exchange.events] == ["unread"]


def test_idle_streams_send_heartbeats(member, settings):
    settings.EVENTS_HEARTBEAT_SECONDS = 0.05

    exchange = stream(
        Exchange(headers=browser(member)), lambda e: e.body.count(": keep-alive") >= 2
    )

    assert ": keep-alive\n\n" in exchange.body


def test_a_full_process_answers_503_with_retry_after_and_takes_streams_again_later(
    member, settings
):
    settings.EVENTS_MAX_STREAMS = 1
    app = EventsApp()
    first, second = Exchange(headers=browser(member)), Exchange(headers=browser(member))

    async def both() -> None:
        async def open_second() -> None:
            await run(app, second)

        await run(app, first, has_events(1), during=open_second)

    async_to_sync(both)()
    third = stream(Exchange(headers=browser(member)), app=app)

    assert second.status == 503
    assert second.response_headers["retry-after"] == "30"
    assert third.status == 200
    assert app.open_streams == 0


def test_a_stream_ends_when_the_browser_goes_away(member):
    app = EventsApp()

    exchange = stream(Exchange(headers=browser(member)), app=app)

    assert exchange.events and app.open_streams == 0


def test_other_methods_are_refused(member):
    exchange = stream(Exchange(headers=browser(member), method="POST"))

    assert exchange.status == 405


def test_nudges_wake_only_the_streams_of_their_subject():
    from mundwerk.live.nudges import Listeners

    async def check() -> tuple[bool, bool]:
        listeners = Listeners()
        mine, theirs = asyncio.Event(), asyncio.Event()
        listeners.add(["member:1", "topic:5"], mine)
        listeners.add(["member:2"], theirs)
        listeners.wake("topic:5")
        listeners.remove(["member:1", "topic:5"], mine)
        listeners.wake("topic:5")
        return mine.is_set(), theirs.is_set()

    assert asyncio.run(check()) == (True, False)


def redis_url() -> str:
    import os

    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on loopback")
    return url


def test_a_nudge_published_through_redis_wakes_the_streams_of_its_topic(settings):
    from mundwerk.live import nudges

    settings.REDIS_URL = redis_url()
    nudges._client.cache_clear()

    async def check() -> bool:
        listeners = nudges.Listeners()
        woken = asyncio.Event()
        listeners.add(["topic:77"], woken)
        async with asyncio.timeout(5):
            # Publish until the subscription is up: a nudge sent before it is simply lost.
            while not woken.is_set():
                await sync_to_async(nudges.nudge_topic)(77)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), 0.1)
        assert listeners._task is not None
        listeners._task.cancel()
        return woken.is_set()

    assert async_to_sync(check)()
    nudges._client.cache_clear()
