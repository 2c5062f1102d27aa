import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Read messages in their English source text, whatever the site's language is."""
    with translation.override("en"):
        yield
