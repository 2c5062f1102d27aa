"""Events' own fixtures: a private group with its member, and a way to plan events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_user
from mundwerk.events import actions
from mundwerk.events.actions import EventDetails
from mundwerk.events.models import Event
from mundwerk.spaces.models import Membership, Space


@pytest.fixture(autouse=True)
def _english():
    """Write and read texts in their English source, whatever the site's language is."""
    with translation.override("en"):
        yield


def make_group(owner: User, *, visibility: str = "private", name: str = "Schrauberrunde") -> Space:
    """A group made directly: the groups actions are written elsewhere."""
    slug = f"gruppe-{Space.objects.count() + 1}"
    group = Space.objects.create(
        name=name, slug=slug, kind=Space.Kind.GROUP, visibility=visibility, created_by=owner
    )
    Membership.objects.create(space=group, member=owner, role=Membership.Role.OWNER)
    return group


def join(member: User, group: Space) -> None:
    Membership.objects.create(space=group, member=member, role=Membership.Role.MEMBER)


def details(
    *,
    title: str = "Schrauberabend",
    starts_at: datetime | None = None,
    hours: float = 2,
    zone: str = "Europe/Berlin",
    capacity: int | None = None,
    location: str = "Radwerk Südstadt, Musterstraße 12",
    online_url: str = "",
    description: str = "Wir *flicken* Schläuche.",
) -> EventDetails:
    start = starts_at or (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo(zone))
    return EventDetails(
        title=title,
        description=description,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        time_zone=zone,
        location=location,
        online_url=online_url,
        capacity=capacity,
    )


def make_event(organiser: User, space: Space, **fields: object) -> Event:
    return actions.create_event(organiser=organiser, space=space, details=details(**fields))  # type: ignore[arg-type]


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("fremde")


@pytest.fixture
def group(member: User) -> Space:
    """A private group: anna owns it."""
    return make_group(member)


@pytest.fixture
def event(member: User, space: Space) -> Event:
    return make_event(member, space)
