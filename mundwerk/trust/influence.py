"""Whom members listen to: PageRank over who replies to, quotes, likes and shares whom.

Per space, every response from member a to member b (a reply in b's topic, a
quote of b, a like or a share of b's post) is an edge a → b. The weight of a
pair is log(1 + n) of its n responses, so a hundred likes from one friend
weigh less than ten likes from ten members; each member's vote is then
split over everyone they respond to (PageRank), so a member who likes
everything gives each little. Scores are scaled so that 1.0 is the space's
average participant. Counted over the last `WINDOW_DAYS`.
"""

import math
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mundwerk.trust.models import MemberInfluence

WINDOW_DAYS = 365
DAMPING = 0.85
TOLERANCE = 1e-9
MAX_ITERATIONS = 100
# How much one response of each kind says (a quote or share takes more than a like).
WEIGHTS = {"reply": 1.0, "quote": 2.0, "like": 1.0, "share": 2.0}

Pair = tuple[int, int]


def pagerank(edges: dict[Pair, float]) -> dict[int, float]:
    """Return each node's PageRank for weighted edges (a, b) → weight; scores sum to 1."""
    nodes = sorted({node for pair in edges for node in pair})
    if not nodes:
        return {}
    out_weight: dict[int, float] = defaultdict(float)
    incoming: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (source, target), weight in edges.items():
        out_weight[source] += weight
        incoming[target].append((source, weight))
    count = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / count)
    dangling = [node for node in nodes if not out_weight[node]]
    for _iteration in range(MAX_ITERATIONS):
        spread = DAMPING * sum(rank[node] for node in dangling) / count
        base = (1.0 - DAMPING) / count + spread
        new = {
            node: base
            + DAMPING
            * sum(rank[source] * weight / out_weight[source] for source, weight in incoming[node])
            for node in nodes
        }
        delta = sum(abs(new[node] - rank[node]) for node in nodes)
        rank = new
        if delta < TOLERANCE * count:
            break
    return rank


def interactions(since: datetime) -> dict[int, dict[Pair, dict[str, int]]]:
    """Count responses per space and (responder, author) pair since `since`; four queries."""
    from mundwerk.posts.models import Like, Post
    from mundwerk.social.models import Share

    found: dict[int, dict[Pair, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    live = {"deleted_at__isnull": True, "hidden_at__isnull": True, "held_at__isnull": True}

    def add(kind: str, rows: object) -> None:
        for space_id, source, target in rows:  # type: ignore[attr-defined]
            if source and target and source != target:
                found[space_id][(source, target)][kind] += 1

    replies = Post.objects.filter(number__gt=1, created_at__gte=since, **live)
    add("reply", replies.values_list("topic__space_id", "author_id", "topic__author_id"))
    quotes = replies.filter(quote_of__isnull=False)
    add("quote", quotes.values_list("topic__space_id", "author_id", "quote_of__author_id"))
    likes = Like.objects.filter(created_at__gte=since)
    add("like", likes.values_list("post__topic__space_id", "user_id", "post__author_id"))
    shares = Share.objects.filter(created_at__gte=since)
    add("share", shares.values_list("post__topic__space_id", "sharer_id", "post__author_id"))
    return found


def pair_weight(counts: dict[str, int]) -> float:
    """log(1 + n) of the weighted responses: grows with n, but ever more slowly."""
    return math.log1p(sum(WEIGHTS[kind] * n for kind, n in counts.items()))


def update_influence(now: datetime | None = None) -> int:
    """Recompute every space's influence table; return how many rows were written."""
    from mundwerk.posts.models import Post

    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    by_space = interactions(since)
    posts: dict[tuple[int, int], int] = defaultdict(int)
    written = Post.objects.filter(created_at__gte=since, deleted_at__isnull=True)
    for space_id, author_id in written.values_list("topic__space_id", "author_id"):
        posts[(space_id, author_id)] += 1
    rows: list[MemberInfluence] = []
    for space_id, pairs in by_space.items():
        rows.extend(_space_rows(space_id, pairs, posts, now))
    with transaction.atomic():
        MemberInfluence.objects.all().delete()
        MemberInfluence.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _space_rows(
    space_id: int,
    pairs: dict[Pair, dict[str, int]],
    posts: dict[tuple[int, int], int],
    now: datetime,
) -> list[MemberInfluence]:
    edges = {pair: pair_weight(counts) for pair, counts in pairs.items()}
    scores = pagerank(edges)
    average = 1.0 / len(scores) if scores else 1.0
    people: dict[int, int] = defaultdict(int)
    responses: dict[int, int] = defaultdict(int)
    for (_source, target), counts in pairs.items():
        people[target] += 1
        responses[target] += sum(counts.values())
    ordered = sorted(scores, key=lambda member: (-scores[member], member))
    return [
        MemberInfluence(
            space_id=space_id,
            member_id=member,
            score=round(scores[member] / average, 4),
            rank=position,
            people=people[member],
            responses=responses[member],
            posts=posts[(space_id, member)],
            computed_at=now,
        )
        for position, member in enumerate(ordered, start=1)
    ]
