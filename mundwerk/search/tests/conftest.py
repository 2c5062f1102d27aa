import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Read messages in their English source text, whatever the site's language is."""
    with translation.override("en"):
        yield


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the index tasks the actions schedule, as the worker would after commit."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run
