"""The fixed cast of test users and places, shared by every app's tests."""

import pytest

from mundwerk.core.tests.factories import make_space, make_topic, make_user


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Real hashing costs ~0.3 s per user; tests need the flow, not the cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests that write and read back must see the write at once; the cache has its own tests.
    settings.ANONYMOUS_CACHE_SECONDS = 0
    # Tests write many posts and log in often from one address; those that test
    # the limits turn them on (mundwerk/trust/tests).
    settings.RATE_LIMITS = False
    if "sessions" in settings.CACHES:  # the file cache of sessions, out of ./data
        sessions = {**settings.CACHES["sessions"], "LOCATION": str(tmp_path / "sessions")}
        settings.CACHES = {**settings.CACHES, "sessions": sessions}
    if settings.CACHES["limits"]["BACKEND"].endswith("FileBasedCache"):  # rate limits
        limits = {**settings.CACHES["limits"], "LOCATION": str(tmp_path / "limits")}
        settings.CACHES = {**settings.CACHES, "limits": limits}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache, caches

    cache.clear()
    caches["limits"].clear()
    yield
    cache.clear()
    caches["limits"].clear()


@pytest.fixture
def member(db):
    return make_user("anna")


@pytest.fixture
def other_member(db):
    return make_user("bernd")


@pytest.fixture
def unverified(db):
    return make_user("neuling", verified=False)


@pytest.fixture
def staff(db):
    return make_user("chefin", is_staff=True)


@pytest.fixture
def space(db):
    return make_space("Werkstatt")


@pytest.fixture
def topic(member, space):
    return make_topic(member, space)


@pytest.fixture
def client():
    """A browser that asks for English, so assertions read the source strings."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})
