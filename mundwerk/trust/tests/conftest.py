import pytest


@pytest.fixture
def limits_on(settings):
    """Rate limits as in production (the suite turns them off elsewhere)."""
    settings.RATE_LIMITS = True


@pytest.fixture
def clock():
    """A frozen clock that tests move by hand."""
    from datetime import UTC, datetime

    import time_machine

    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller
