"""Who follows whom and what: member, space and tag follows for the benchmark community.

Power-law shaped: most members follow a handful of members (the busiest
writers most often), a couple of spaces and tags; a few "heavy followers"
(at least HEAVY_MIN, one in HEAVY_EVERY) follow HEAVY_MEMBERS members,
HEAVY_SPACES spaces and HEAVY_TAGS tags, the case the feed is measured on.
Deterministic with the seed; written after the content (tag ids exist then),
and the members' follower/following counters are set to match the rows.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from bench.data_db import Loader, table_for
from bench.data_plan import FIRST_MEMBER_ID, Plan, zipf_cum_weights
from mundwerk.accounts.models import User
from mundwerk.social.models import MemberFollow, SpaceFollow, TagFollow

HEAVY_MEMBERS = 300
HEAVY_SPACES = 20
HEAVY_TAGS = 30
HEAVY_EVERY = 500
HEAVY_MIN = 3
FOLLOW_ALPHA = 1.1  # Pareto shape of how many members an ordinary member follows
MOST_FOLLOWS = 150  # ordinary members follow at most this many


@dataclass
class Follows:
    members: list[tuple[int, int, int]] = field(default_factory=list)  # follower, followed, at
    spaces: list[tuple[int, int, int]] = field(default_factory=list)  # member, space, at
    tags: list[tuple[int, int, int]] = field(default_factory=list)  # member, tag, at
    heavy: list[int] = field(default_factory=list)


def _pick(
    rng: random.Random, population: Sequence[int], weights: list[float], count: int, exclude: int
) -> list[int]:
    """`count` distinct weighted picks, never `exclude`."""
    count = min(count, len(population) - 1 if exclude else len(population))
    chosen: dict[int, None] = {}
    while len(chosen) < count:
        for pick in rng.choices(population, cum_weights=weights, k=count - len(chosen) + 4):
            if pick != exclude and pick not in chosen:
                chosen[pick] = None
                if len(chosen) == count:
                    break
    return list(chosen)


def plan_follows(plan: Plan, seed: int, tag_count: int) -> Follows:
    rng = random.Random(seed * 7919 + 5)
    members = list(range(FIRST_MEMBER_ID, plan.last_member_id + 1))
    heavy = rng.sample(members, min(len(members), max(HEAVY_MIN, len(members) // HEAVY_EVERY)))
    heavy_set = set(heavy)
    # The busiest writers are the most followed; lurkers are followed rarely.
    writers, writer_weights = plan.poster_ids, plan.poster_weights
    spaces = list(range(1, plan.preset.spaces + 1))
    space_weights = zipf_cum_weights(len(spaces), 2, 0.8)
    tags = list(range(1, tag_count + 1))
    tag_weights = zipf_cum_weights(len(tags), 3, 1.0)
    joined, now = plan.user_joined, plan.now
    found = Follows(heavy=sorted(heavy))

    def at(*users: int) -> int:
        start = max(joined[user] for user in users)
        return start + int((now - start) * rng.random() ** 0.5 * 0.999)

    for member in members:
        if member in heavy_set:
            counts = (HEAVY_MEMBERS, HEAVY_SPACES, HEAVY_TAGS)
        else:
            counts = (
                min(MOST_FOLLOWS, int(rng.paretovariate(FOLLOW_ALPHA)) - 1),
                rng.choice((0, 0, 1, 1, 2, 3)),
                rng.choice((0, 0, 0, 1, 2, 3)),
            )
        for followed in _pick(rng, writers, writer_weights, counts[0], member):
            found.members.append((member, followed, at(member, followed)))
        for space in _pick(rng, spaces, space_weights, counts[1], 0):
            found.spaces.append((member, space, at(member)))
        if tags:
            for tag in _pick(rng, tags, tag_weights, counts[2], 0):
                found.tags.append((member, tag, at(member)))
    return found


def write_follows(loader: Loader, plan: Plan, seed: int, tag_count: int) -> Follows:
    """Write the follows and set every member's follower and following counters."""
    follows = plan_follows(plan, seed, tag_count)
    connection, time = loader.connection, loader.time
    member_columns = ["id", "follower_id", "followed_id", "created_at"]
    member_table = table_for(MemberFollow, member_columns, connection)
    space_table = table_for(SpaceFollow, ["id", "member_id", "space_id", "created_at"], connection)
    tag_table = table_for(TagFollow, ["id", "member_id", "tag_id", "created_at"], connection)
    followers = [0] * (plan.last_member_id + 1)
    following = [0] * (plan.last_member_id + 1)
    for follower, followed, _at in follows.members:
        following[follower] += 1
        followers[followed] += 1
    counters = [
        (followers[user], following[user], user)
        for user in range(FIRST_MEMBER_ID, plan.last_member_id + 1)
        if followers[user] or following[user]
    ]
    with transaction.atomic(using=connection.alias):
        for table, rows in (
            (member_table, follows.members),
            (space_table, follows.spaces),
            (tag_table, follows.tags),
        ):
            loader.insert(
                table, [(pk, a, b, time(moment)) for pk, (a, b, moment) in enumerate(rows, 1)]
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                f'UPDATE "{User._meta.db_table}" SET "follower_count" = %s, '  # noqa: S608
                '"following_count" = %s WHERE "id" = %s',
                counters,
            )
    return follows
