"""The actions nudge the live streams after commit: a reply its topic, a notification its member."""

import pytest

from mundwerk.core.tests.factories import make_reply
from mundwerk.live import nudges
from mundwerk.live.tests.test_app import redis_url


@pytest.fixture
def published(settings):
    """Subjects published on the live channel while the test runs."""
    import redis

    settings.REDIS_URL = redis_url()
    nudges._client.cache_clear()
    listener = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(nudges.CHANNEL)
    listener.get_message(timeout=1)  # the subscription is up

    def collect() -> set[str]:
        found = set()
        while (message := listener.get_message(timeout=0.5)) is not None:
            found.add(message["data"].decode())
        return found

    yield collect
    listener.close()
    nudges._client.cache_clear()


def test_a_reply_nudges_its_topic_and_the_notified_author(
    published, django_capture_on_commit_callbacks, member, other_member, topic
):
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(other_member, topic, body="Eine Antwort für anna")
    subjects = published()
    assert f"topic:{topic.pk}" in subjects
    assert f"member:{member.pk}" in subjects  # her unread count went up


def test_nothing_is_published_before_the_write_commits(
    published, django_capture_on_commit_callbacks, other_member, topic
):
    with django_capture_on_commit_callbacks(execute=False):
        make_reply(other_member, topic)
    assert published() == set()
