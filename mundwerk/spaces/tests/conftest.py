"""The cast of the group tests: anna owns a group, bernd and carla are around it."""

import pytest
from django.utils import translation

from mundwerk.core.tests.factories import make_user
from mundwerk.spaces import actions
from mundwerk.spaces.models import Space


def make_group(owner, name="Radtreff", **fields):
    values = {
        "description": "Wir fahren zusammen.",
        "visibility": Space.Visibility.PUBLIC,
        "join_policy": Space.JoinPolicy.OPEN,
        **fields,
    }
    return actions.create_group(founder=owner, name=name, **values)


@pytest.fixture(autouse=True)
def _english():
    """Read messages in their English source text, whatever the site's language is."""
    with translation.override("en"):
        yield


@pytest.fixture
def owner(member):
    return member


@pytest.fixture
def carla(db):
    return make_user("carla")


@pytest.fixture
def group(owner):
    return make_group(owner)


@pytest.fixture
def private_group(owner):
    return make_group(
        owner,
        name="Geheimrat",
        visibility=Space.Visibility.PRIVATE,
        join_policy=Space.JoinPolicy.REQUEST,
    )


@pytest.fixture
def secret_group(owner):
    return make_group(
        owner,
        name="Hinterzimmer",
        visibility=Space.Visibility.SECRET,
        join_policy=Space.JoinPolicy.INVITATION,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit hooks (and so the notification tasks) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
