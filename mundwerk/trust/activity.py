"""Record that members visit and read, cheaply: what trust levels are computed from.

`ActivityMiddleware` (in settings.MIDDLEWARE) calls `record_visit` on every
request of a logged-in member and `record_read` after a topic page was shown.
Each writes at most once per member and day (visits) or per member, topic
page and day (reads): a cache key added first decides whether the row is
written at all, so almost every request costs one cache look-up and no query.
The keys live in the "limits" cache, which every app process shares (Redis,
or files on one machine), so each member's day is written once, not once per
process.
"""

from collections.abc import Callable
from datetime import date, datetime

from django.core.cache import caches
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mundwerk.trust.models import DailyVisit, TopicRead

_DAY = 86_400
# The topic page's URL name and how many posts one of its pages shows.
TOPIC_VIEW = "posts:topic"


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def record_visit(request: HttpRequest) -> bool:
    """Count today as a day the logged-in member visited; return whether a row was written."""
    member = request.user
    if not member.is_authenticated:
        return False
    now = timezone.now()
    day = _today(now)
    if not caches["limits"].add(f"trust:visit:{member.pk}:{day.isoformat()}", 1, _DAY):
        return False
    DailyVisit.objects.bulk_create(
        [DailyVisit(member_id=member.pk, day=day)], ignore_conflicts=True
    )
    return True


def record_read(member_id: int, topic_id: int, page: int) -> bool:
    """Note that the member opened `page` of the topic; return whether a row was written."""
    from mundwerk.posts.models import POSTS_PER_PAGE

    now = timezone.now()
    key = f"trust:read:{member_id}:{topic_id}:{page}:{_today(now).isoformat()}"
    if not caches["limits"].add(key, 1, _DAY):
        return False
    highest = page * POSTS_PER_PAGE
    updated = TopicRead.objects.filter(member_id=member_id, topic_id=topic_id).update(
        highest_post_number=Greatest(F("highest_post_number"), highest)
    )
    if not updated:
        TopicRead.objects.bulk_create(
            [
                TopicRead(
                    member_id=member_id,
                    topic_id=topic_id,
                    highest_post_number=highest,
                    first_read_at=now,
                )
            ],
            ignore_conflicts=True,
        )
    return True


def _page_of(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


class ActivityMiddleware:
    """Record visits of logged-in members, and the topic pages they read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.user.is_authenticated:
            return response
        if response.status_code < 400:
            record_visit(request)
        match = request.resolver_match
        if (
            match is not None
            and match.view_name == TOPIC_VIEW
            and request.method == "GET"
            and response.status_code == 200
        ):
            record_read(request.user.pk, int(match.kwargs["topic_id"]), _page_of(request))
        return response
