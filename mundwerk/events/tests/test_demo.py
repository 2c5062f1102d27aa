"""The demo's events: realistic, with answers, a waitlist and one in the past."""

from django.utils import timezone

from mundwerk.core.tests.factories import make_space, make_user
from mundwerk.demo.content import MEMBERS, SPACES, STAFF
from mundwerk.events.demo import load_demo_events
from mundwerk.events.models import Event, Rsvp


def test_the_demo_events_load_with_answers_a_waitlist_and_one_past(db):
    people = {spec.username: make_user(spec.username) for spec in (*MEMBERS, STAFF)}
    spaces = {spec.slug: make_space(spec.name) for spec in SPACES}
    now = timezone.now()
    assert load_demo_events(now, people, spaces) == 4
    assert Event.objects.filter(ends_at__lt=now).count() == 1
    assert Event.objects.filter(starts_at__gt=now).count() == 3
    assert Rsvp.objects.filter(answer=Rsvp.Answer.WAITLISTED).count() == 1
    assert all(event.topic_id for event in Event.objects.all())
