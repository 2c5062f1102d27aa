import pytest

from mundwerk.core.tests.factories import make_user
from mundwerk.reviews.models import Subject
from mundwerk.reviews.tests.factories import make_subject


@pytest.fixture
def official(db):
    """A member who speaks for the business without being staff."""
    user = make_user("sprecherin")
    user.is_official = True
    user.save(update_fields=["is_official"])
    return user


@pytest.fixture
def subject(staff):
    return make_subject(staff, "Frühjahrs-Inspektion", kind=Subject.Kind.SERVICE)


@pytest.fixture
def business(staff):
    return make_subject(staff, "Radwerk Südstadt", kind=Subject.Kind.ORGANIZATION)
