"""What moderation holds against members: upheld and rejected flags, recent sanctions.

The moderation app records flags; trust reads them through one hook so that
neither app reaches into the other's tables. `moderation` registers its
counter with `register_flag_counter(counter)` (in its AppConfig.ready); until
it does, `flag_counts` looks for a `moderation.Flag` model it understands and
otherwise counts nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone


@dataclass(frozen=True)
class FlagRecord:
    upheld: int = 0
    rejected: int = 0


# counter(member_ids, since) -> {member id: FlagRecord} for flags against the
# members' content raised at or after `since` (None: ever).
FlagCounter = Callable[[list[int], datetime | None], dict[int, FlagRecord]]
_counter: FlagCounter | None = None

# A member moderated (silenced, suspended, banned) within this many days has no clean record.
RECENT_SANCTION_DAYS = 180


def register_flag_counter(counter: FlagCounter) -> None:
    """Let the moderation app say how many flags against each member were upheld or rejected."""
    global _counter
    _counter = counter


def flag_counts(member_ids: Iterable[int], since: datetime | None = None) -> dict[int, FlagRecord]:
    """Return upheld and rejected flags against each member's content (missing: none)."""
    ids = list(member_ids)
    if not ids:
        return {}
    if _counter is not None:
        return _counter(ids, since)
    return _counted_from_flag_model(ids, since)


# How a flag's target leads to the member it is against.
_AGAINST = (
    "post__author_id",
    "topic__author_id",
    "review__author_id",
    "event__organiser_id",
    "member_id",
)


def _counted_from_flag_model(ids: list[int], since: datetime | None) -> dict[int, FlagRecord]:
    """Read `moderation.Flag`: its outcome, against a post, topic, review, event or profile."""
    try:
        flag = apps.get_model("moderation", "Flag")
    except LookupError:
        return {}
    names = {field.name for field in flag._meta.get_fields()}
    if "outcome" not in names:
        return {}
    totals: dict[int, list[int]] = {}
    for path in _AGAINST:
        if path.split("__")[0].removesuffix("_id") not in names:
            continue
        flags = flag.objects.filter(**{f"{path}__in": ids})
        if since is not None:
            flags = flags.filter(created_at__gte=since)
        rows = flags.values(path).annotate(
            upheld=Count("pk", filter=Q(outcome="upheld")),
            rejected=Count("pk", filter=Q(outcome="rejected")),
        )
        for row in rows:
            counts = totals.setdefault(row[path], [0, 0])
            counts[0] += row["upheld"]
            counts[1] += row["rejected"]
    return {pk: FlagRecord(upheld, rejected) for pk, (upheld, rejected) in totals.items()}


def recently_sanctioned(member: object, now: datetime | None = None) -> bool:
    """Whether the member is or was silenced, suspended or banned in the last months."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENT_SANCTION_DAYS)
    if getattr(member, "banned_at", None) is not None:
        return True
    for field in ("silenced_until", "suspended_until"):
        until = getattr(member, field, None)
        if until is not None and until >= since:
            return True
    return False
