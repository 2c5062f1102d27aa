import pytest

from mundwerk.core.tests.factories import make_user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit hooks (and so the tasks) of what happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def carla(db):
    return make_user("carla")
