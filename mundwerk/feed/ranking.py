"""The "For you" ranking: every constant it uses, in one place, and the formula.

docs/feed.md states the same formula in words; change both together. There is
no other input: no paid boosts, no hidden weights, no per-member tuning.

    score = decay * (reasons + engagement + affinity)

    decay       = 2 ^ (-age_hours / HALF_LIFE_HOURS)
                  age: from the item's newest relevant event to the ranking time (as_of)
    reasons     = Σ over reason kinds k of REASON_WEIGHTS[k] * log2(1 + n_k)
                  n_k: how many of that kind the item has (two followed members
                  replying count 1.58 times one, not twice)
    engagement  = LIKES_WEIGHT * ln(1 + likes) + REPLIES_WEIGHT * ln(1 + replies)
                  the topic's likes and replies as they were at as_of
    affinity    = AFFINITY_WEIGHT * ln(1 + a)
                  a: likes you gave the author of the newest relevant post, plus
                  AFFINITY_REPLY_FACTOR * your posts in topics that author started,
                  over your last AFFINITY_LIKES likes and AFFINITY_POSTS posts

Muted spaces, tags, topics and members are not down-weighted but left out.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# Candidates: how far back, and how many rows each source may bring.
WINDOW = timedelta(days=14)
MEMBER_POSTS_LIMIT = 300  # posts by members you follow
ACTIVITY_POSTS_LIMIT = 300  # posts in spaces and under tags you follow
SHARES_LIMIT = 100  # shares by members you follow
LIKES_LIMIT = 300  # likes by members you follow
PAGE_SIZE = 20

# The formula.
HALF_LIFE_HOURS = 24.0
REASON_WEIGHTS = {
    "posted": 1.0,  # a member you follow started the topic or replied
    "shared": 1.0,  # a member you follow shared a post of it
    "liked": 0.7,  # a member you follow liked a post of it
    "tag": 0.5,  # it carries a tag you follow
    "space": 0.4,  # it is in a space you follow
}
LIKES_WEIGHT = 0.25
REPLIES_WEIGHT = 0.25
AFFINITY_WEIGHT = 0.5
AFFINITY_REPLY_FACTOR = 2
AFFINITY_LIKES = 500
AFFINITY_POSTS = 200

# Scores are compared as integers (millionths), so a cursor names a position exactly.
SCORE_SCALE = 1_000_000


@dataclass(frozen=True)
class Inputs:
    """What the score of one item is computed from."""

    newest_at: datetime
    reason_counts: dict[str, int]
    likes: int
    replies: int
    affinity: int


def decay(newest_at: datetime, as_of: datetime) -> float:
    age_hours = max(0.0, (as_of - newest_at).total_seconds() / 3600)
    return float(2.0 ** (-age_hours / HALF_LIFE_HOURS))


def score(inputs: Inputs, as_of: datetime) -> float:
    reasons = sum(
        REASON_WEIGHTS[kind] * math.log2(1 + count)
        for kind, count in inputs.reason_counts.items()
        if count
    )
    engagement = LIKES_WEIGHT * math.log1p(max(0, inputs.likes)) + REPLIES_WEIGHT * math.log1p(
        max(0, inputs.replies)
    )
    affinity = AFFINITY_WEIGHT * math.log1p(max(0, inputs.affinity))
    return decay(inputs.newest_at, as_of) * (reasons + engagement + affinity)


def score_key(value: float) -> int:
    """The score as the integer the cursor carries and pages are cut at."""
    return round(value * SCORE_SCALE)


# Popular (logged out): the same decay and engagement terms over recently active topics.
POPULAR_WINDOW = timedelta(days=7)
POPULAR_CANDIDATES = 300
POPULAR_PAGE_SIZE = 30


def popular_score(last_post_at: datetime, likes: int, replies: int, as_of: datetime) -> float:
    engagement = LIKES_WEIGHT * math.log1p(max(0, likes)) + REPLIES_WEIGHT * math.log1p(
        max(0, replies)
    )
    return decay(last_post_at, as_of) * (engagement + 0.1)
