import pytest
from django.utils import translation

from mundwerk.core.tests.factories import make_space, make_topic, make_user
from mundwerk.spaces.models import Membership, Space


@pytest.fixture(autouse=True)
def _english():
    """Read messages in their English source text, whatever the site's language is."""
    with translation.override("en"):
        yield


@pytest.fixture
def moderator(db, space):
    """Moderates `space` (a category), nothing else."""
    user = make_user("moderatorin")
    Membership.objects.create(space=space, member=user, role=Membership.Role.MODERATOR)
    return user


@pytest.fixture
def elsewhere(db):
    return make_space("Anderswo")


@pytest.fixture
def group(db, member):
    group = make_space("Runde", kind=Space.Kind.GROUP, visibility=Space.Visibility.PRIVATE)
    Membership.objects.create(space=group, member=member, role=Membership.Role.OWNER)
    return group


@pytest.fixture
def outsider(db):
    return make_user("outsider")


def trusted(name: str):
    user = make_user(name)
    user.trust_level = 2
    user.save(update_fields=["trust_level"])
    return user


@pytest.fixture
def foreign_topic(db, other_member, elsewhere):
    return make_topic(other_member, elsewhere, title="Anderes Thema")
