import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English here, as the client fixture asks for English."""
    with translation.override("en"):
        yield
