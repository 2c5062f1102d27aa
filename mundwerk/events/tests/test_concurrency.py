"""Two members ask for the last seat at the same moment: one gets it, one waits."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from mundwerk.core.tests.factories import make_space, make_user
from mundwerk.events import actions
from mundwerk.events.models import Event, Rsvp
from mundwerk.events.tests.conftest import make_event


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_for_the_last_seat_give_it_to_exactly_one():
    organiser = make_user("orga")
    event = make_event(organiser, make_space(), capacity=1)
    rivals = [make_user("erste"), make_user("zweite")]
    start = threading.Barrier(len(rivals))
    errors: list[BaseException] = []

    def ask(member):
        try:
            mine = Event.objects.get(pk=event.pk)  # each thread reads the event itself
            start.wait(timeout=10)
            _respond_waiting_for_the_lock(member, mine)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(member,)) for member in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    answers = sorted(Rsvp.objects.filter(event=event).values_list("answer", flat=True))
    assert answers == [Rsvp.Answer.GOING, Rsvp.Answer.WAITLISTED]
    event.refresh_from_db()
    assert event.going_count == 1


def _respond_waiting_for_the_lock(member, event):
    """Answer; on SQLite wait for the other writer's lock like a real server would.

    The file database `mundwerk serve` uses waits on the busy timeout at
    BEGIN IMMEDIATE. The tests' in-memory database shares one cache between
    connections, where SQLite answers "table is locked" at once instead of
    waiting, so the test waits here. PostgreSQL waits in SELECT ... FOR UPDATE.
    """
    for _attempt in range(2000):
        try:
            return actions.respond_to_event(member=member, event=event, answer="going")
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the other answer held the lock for ten seconds")
