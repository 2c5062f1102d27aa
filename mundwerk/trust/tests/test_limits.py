import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from mundwerk.trust.limits import RateLimited, RateLimitMiddleware, clear, hit


def test_attempts_within_the_limit_pass_and_the_next_one_is_refused(db, limits_on):
    for _ in range(3):
        hit("test", "anna", limit=3, window=60)
    with pytest.raises(RateLimited) as refused:
        hit("test", "anna", limit=3, window=60)
    assert 1 <= refused.value.retry_after <= 61
    hit("test", "bernd", limit=3, window=60)  # others keep their own count


def test_clearing_forgets_the_attempts(db, limits_on):
    for _ in range(3):
        hit("test", "anna", limit=3, window=60)
    clear("test", "anna", window=60)
    hit("test", "anna", limit=3, window=60)


def test_a_limited_request_gets_a_readable_429_with_retry_after(db, limits_on):
    middleware = RateLimitMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = middleware.process_exception(request, RateLimited(90, "Zu viele Versuche."))
    assert response is not None
    assert response.status_code == 429
    assert response["Retry-After"] == "90"
    assert "Zu viele Versuche." in response.content.decode()


def test_limits_count_nothing_while_switched_off(db, settings):
    settings.RATE_LIMITS = False
    for _ in range(5):
        hit("test", "anna", limit=1, window=60)


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


_HITS = """
import django, sys
django.setup()
from mundwerk.trust.limits import RateLimited, hit
allowed = 0
for _ in range(int(sys.argv[1])):
    try:
        hit("two-processes", sys.argv[2], limit=30, window=3600)
        allowed += 1
    except RateLimited:
        pass
print(allowed)
"""


@pytest.mark.slow
def test_a_limit_holds_across_two_processes_sharing_redis(tmp_path):
    import os
    import subprocess
    import sys
    import uuid

    if not _redis_reachable():
        if os.environ.get("MUNDWERK_REQUIRE_SERVICES"):
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("no Redis at 127.0.0.1:6379: the cross-process limit needs it")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mundwerk.settings",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "MUNDWERK_DATA_DIR": str(tmp_path),
        "MUNDWERK_RATE_LIMITS": "true",
    }
    key = uuid.uuid4().hex
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _HITS, "25", key], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    allowed = [int(run.communicate(timeout=60)[0].strip()) for run in runs]
    assert sum(allowed) == 30  # 50 attempts, one shared count
