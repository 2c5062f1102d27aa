import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from mundwerk.trust.limits import RateLimited, RateLimitMiddleware, clear, hit


def test_attempts_within_the_limit_pass_and_the_next_one_is_refused(db):
    for _ in range(3):
        hit("test", "anna", limit=3, window=60)
    with pytest.raises(RateLimited) as refused:
        hit("test", "anna", limit=3, window=60)
    assert 1 <= refused.value.retry_after <= 61
    hit("test", "bernd", limit=3, window=60)  # others keep their own count


def test_clearing_forgets_the_attempts(db):
    for _ in range(3):
        hit("test", "anna", limit=3, window=60)
    clear("test", "anna", window=60)
    hit("test", "anna", limit=3, window=60)


def test_a_limited_request_gets_a_readable_429_with_retry_after(db):
    middleware = RateLimitMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = middleware.process_exception(request, RateLimited(90, "Zu viele Versuche."))
    assert response is not None
    assert response.status_code == 429
    assert response["Retry-After"] == "90"
    assert "Zu viele Versuche." in response.content.decode()
