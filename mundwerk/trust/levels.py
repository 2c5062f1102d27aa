"""Trust levels 0 to 4: what members did, the thresholds staff set, and what each level may do.

`update_trust_levels()` (run daily by `mundwerk update_trust_levels`) counts
each member's activity with a few grouped queries, compares it with the
`LevelRequirement` rows and writes the levels that changed. Levels 1 and 2
rest on lifetime figures and are never taken away by the task; level 3 is
measured over a recent window and lapses when the member no longer meets it
(after a grace period); level 4 is only ever granted by staff
(`MemberTrust.granted_level`), and no level falls below a granted one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Least
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.trust.models import (
    GRANTED_LEVEL,
    DailyVisit,
    LevelRequirement,
    MemberTrust,
    TopicRead,
)
from mundwerk.trust.records import flag_counts

# Levels the task never takes back once reached (their figures only grow).
KEPT_LEVEL = 2
# A member who just reached level 3 keeps it this long even if a quiet spell follows.
LEVEL_3_GRACE = timedelta(days=14)
AUTO_HIDE_LEVEL = 2

DEFAULT_REQUIREMENTS: list[dict[str, int]] = [
    # Discourse's "basic": has looked around.
    {"level": 1, "topics_read": 5, "posts_read": 30},
    # Discourse's "member": comes back, reads a lot, takes part.
    {
        "level": 2,
        "days_visited": 15,
        "topics_read": 20,
        "posts_read": 100,
        "posts_written": 3,
        "likes_given": 1,
        "likes_received": 1,
        "max_flags_upheld": 2,
    },
    # Discourse's "regular", over the last 100 days.
    {
        "level": 3,
        "window_days": 100,
        "days_since_joining": 50,
        "days_visited": 50,
        "topics_read": 100,
        "posts_read": 500,
        "posts_written": 10,
        "likes_given": 30,
        "likes_received": 20,
        "max_flags_upheld": 0,
    },
]


@dataclass
class Figures:
    """What one member did within one window."""

    days_visited: int = 0
    topics_read: int = 0
    posts_read: int = 0
    posts_written: int = 0
    likes_given: int = 0
    likes_received: int = 0
    flags_upheld: int = 0
    flags_rejected: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def figures_since(member_ids: list[int], since: datetime | None) -> dict[int, Figures]:
    """Count each member's activity since `since` (None: ever); six grouped queries."""
    from mundwerk.posts.models import Like, Post

    found: dict[int, Figures] = {pk: Figures() for pk in member_ids}

    def add(rows: Iterable[Any], key: str, **names: str) -> None:
        for row in rows:
            figures = found.get(row[key])
            if figures is not None:
                for attribute, column in names.items():
                    setattr(figures, attribute, row[column] or 0)

    visits = DailyVisit.objects.filter(member_id__in=member_ids)
    reads = TopicRead.objects.filter(member_id__in=member_ids)
    posts = Post.objects.filter(author_id__in=member_ids, deleted_at__isnull=True)
    given = Like.objects.filter(user_id__in=member_ids)
    received = Like.objects.filter(post__author_id__in=member_ids).exclude(
        user_id=F("post__author_id")
    )
    if since is not None:
        visits = visits.filter(day__gte=timezone.localdate(since))
        reads = reads.filter(first_read_at__gte=since)
        posts = posts.filter(created_at__gte=since)
        given = given.filter(created_at__gte=since)
        received = received.filter(created_at__gte=since)
    add(visits.values("member_id").annotate(n=Count("pk")), "member_id", days_visited="n")
    add(
        reads.values("member_id").annotate(
            topics=Count("pk"),
            posts=Sum(Least("highest_post_number", "topic__post_count")),
        ),
        "member_id",
        topics_read="topics",
        posts_read="posts",
    )
    add(posts.values("author_id").annotate(n=Count("pk")), "author_id", posts_written="n")
    add(given.values("user_id").annotate(n=Count("pk")), "user_id", likes_given="n")
    add(
        received.values("post__author_id").annotate(n=Count("pk")),
        "post__author_id",
        likes_received="n",
    )
    for pk, record in flag_counts(member_ids, since).items():
        if pk in found:
            found[pk].flags_upheld, found[pk].flags_rejected = record.upheld, record.rejected
    return found


def meets(requirement: LevelRequirement, figures: Figures, days_member: int) -> bool:
    """Whether the figures reach every threshold of the requirement."""
    return (
        days_member >= requirement.days_since_joining
        and figures.days_visited >= requirement.days_visited
        and figures.topics_read >= requirement.topics_read
        and figures.posts_read >= requirement.posts_read
        and figures.posts_written >= requirement.posts_written
        and figures.likes_given >= requirement.likes_given
        and figures.likes_received >= requirement.likes_received
        and figures.flags_upheld <= requirement.max_flags_upheld
    )


def earned_level(
    requirements: list[LevelRequirement],
    by_window: dict[int, Figures],
    days_member: int,
) -> int:
    """The highest level whose requirement, and every lower one, the member meets."""
    level = 0
    for requirement in sorted(requirements, key=lambda r: r.level):
        if not meets(requirement, by_window[requirement.window_days], days_member):
            break
        level = requirement.level
    return level


def next_level(
    *,
    earned: int,
    current: int,
    granted: int | None,
    promoted_at: datetime | None,
    now: datetime,
) -> int:
    """Apply the rules of keeping: levels up to 2 stay, 3 after a grace period, 4 only granted."""
    floor = granted or 0
    if current < GRANTED_LEVEL:
        floor = max(floor, min(current, KEPT_LEVEL))
    if current == 3 and promoted_at is not None and now - promoted_at < LEVEL_3_GRACE:
        floor = max(floor, 3)
    return max(min(earned, 3), floor)


def update_trust_levels(now: datetime | None = None, batch: int = 2000) -> dict[str, int]:
    """Recompute every active member's level; return how many rose and fell."""
    now = now or timezone.now()
    requirements = list(LevelRequirement.objects.all())
    windows = sorted({0, *(r.window_days for r in requirements)})
    changed = {"members": 0, "raised": 0, "lowered": 0}
    members = User.objects.filter(is_active=True).order_by("pk")
    last = 0
    while True:
        chunk = list(members.filter(pk__gt=last).values("pk", "date_joined", "trust_level")[:batch])
        if not chunk:
            return changed
        last = chunk[-1]["pk"]
        _update_chunk(chunk, requirements, windows, now, changed)


def _update_chunk(
    chunk: list[Any],
    requirements: list[LevelRequirement],
    windows: list[int],
    now: datetime,
    changed: dict[str, int],
) -> None:
    ids = [row["pk"] for row in chunk]
    by_window = {
        days: figures_since(ids, now - timedelta(days=days) if days else None) for days in windows
    }
    kept = {row.member_id: row for row in MemberTrust.objects.filter(member_id__in=ids)}
    rows: list[MemberTrust] = []
    for member in chunk:
        pk = member["pk"]
        previous = kept.get(pk)
        figures = {days: found[pk] for days, found in by_window.items()}
        earned = earned_level(requirements, figures, (now - member["date_joined"]).days)
        level = next_level(
            earned=earned,
            current=member["trust_level"],
            granted=previous.granted_level if previous else None,
            promoted_at=previous.promoted_at if previous else None,
            now=now,
        )
        ever = figures[0]
        promoted_at = previous.promoted_at if previous else None
        if level != member["trust_level"]:
            key = "raised" if level > member["trust_level"] else "lowered"
            changed[key] += 1
            promoted_at = now
            with transaction.atomic():
                User.objects.filter(pk=pk).update(trust_level=level)
        rows.append(
            MemberTrust(
                member_id=pk,
                granted_level=previous.granted_level if previous else None,
                promoted_at=promoted_at,
                days_visited=ever.days_visited,
                topics_read=ever.topics_read,
                posts_read=ever.posts_read,
                posts_written=ever.posts_written,
                likes_given=ever.likes_given,
                likes_received=ever.likes_received,
                flags_upheld=ever.flags_upheld,
                flags_rejected=ever.flags_rejected,
                computed_at=now,
            )
        )
    changed["members"] += len(rows)
    MemberTrust.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["member"],
        update_fields=[
            "promoted_at",
            "days_visited",
            "topics_read",
            "posts_read",
            "posts_written",
            "likes_given",
            "likes_received",
            "flags_upheld",
            "flags_rejected",
            "computed_at",
        ],
    )


def counts_for_auto_hide(member: User) -> bool:
    """Whether the member's flags count toward hiding an item automatically (level 2+, staff)."""
    if not member.is_active:
        return False
    return member.is_staff or member.trust_level >= AUTO_HIDE_LEVEL
