"""Plan the shape of a benchmark community: who posts where and when, and who likes what.

Pure Python and deterministic: the same preset, seed and anchor time give the
same plan. Everything is kept in flat arrays indexed by id - 1, so a million
posts fit in a few dozen megabytes. Post ids follow time across all topics,
as they do when members write through the actions.
"""

import math
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from bench.vocabulary import SPACES

SECOND = 1_000_000  # times are integer microseconds since the Unix epoch
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
HISTORY = 730 * DAY

ADMIN_ID = 1
FIRST_MEMBER_ID = 2

TOPIC_LENGTH_ALPHA = 1.2  # Pareto: most topics short, a few with thousands of posts
POSTER_SHARE = 0.6  # the rest only read and like
LIKE_ALPHA = 1.3
LIKE_SCALE_REPLY = 0.65
LIKE_SCALE_FIRST = 1.6
MOST_LIKES = 600


@dataclass(frozen=True)
class Preset:
    name: str
    members: int
    posts: int
    topics: int
    spaces: int
    tags: int
    longest_topic: int
    text_blocks: int  # distinct Markdown blocks per language, each rendered once
    batch_posts: int  # posts written per transaction (fixed per preset, for determinism)


PRESETS = {
    preset.name: preset
    for preset in (
        Preset("tiny", 200, 2_000, 100, 6, 60, 300, 300, 500),
        Preset("small", 2_000, 20_000, 1_000, 12, 150, 2_000, 1_200, 5_000),
        Preset("medium", 10_000, 200_000, 10_000, 20, 250, 4_000, 3_000, 10_000),
        Preset("large", 50_000, 1_000_000, 50_000, 30, 350, 5_000, 5_000, 10_000),
    )
}


@dataclass
class Plan:
    """Ids, times and counters of every member, space, topic, post and like.

    Topic and post arrays are indexed by id - 1; member arrays by id (index 0
    unused, index 1 is the staff account). Likes are stored post after post:
    the likes of post p are `like_user[like_start[p-1]:like_start[p]]`.
    """

    preset: Preset
    now: int
    members: int
    space_topic_count: array
    space_post_count: array
    space_last_post_at: array
    topic_space: array
    topic_author: array
    topic_english: bytearray
    topic_length: array
    topic_first_post: array
    topic_last_post: array
    topic_like_count: array
    post_topic: array
    post_number: array
    post_author: array
    post_time: array
    post_previous: array  # id of the post before it in its topic, 0 for the first
    like_start: array  # len(posts) + 1 offsets into like_user / like_time
    like_user: array
    like_time: array
    user_post_count: array
    user_topic_count: array
    user_joined: array
    poster_ids: list[int]
    poster_weights: list[float]

    @property
    def last_member_id(self) -> int:
        return FIRST_MEMBER_ID + self.members - 1

    def likes_of(self, post_id: int) -> range:
        return range(self.like_start[post_id - 1], self.like_start[post_id])


def zipf_cum_weights(count: int, offset: float, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..count under a shifted power law."""
    return list(accumulate((rank + offset) ** -exponent for rank in range(1, count + 1)))


def topic_lengths(rng: random.Random, topics: int, posts: int, longest: int) -> list[int]:
    """Split `posts` over `topics`: heavy-tailed, each at least 1 and at most `longest`."""
    if not topics <= posts <= topics * longest:
        raise ValueError("cannot split posts over topics with these bounds")
    raw = [rng.paretovariate(TOPIC_LENGTH_ALPHA) for _ in range(topics)]

    def length(value: float) -> int:
        knee = 0.6 * longest
        if value <= knee:
            return max(1, int(value))
        # A soft ceiling, so the longest topics do not all end at the same number.
        return int(longest - (longest - knee) * knee / value)

    def total(scale: float) -> int:
        return sum(length(scale * value) for value in raw)

    low, high = 0.0, float(posts)
    for _step in range(45):
        middle = (low + high) / 2
        if total(middle) < posts:
            low = middle
        else:
            high = middle
    lengths = [length(high * value) for value in raw]
    excess = sum(lengths) - posts
    while excess > 0:
        index = rng.randrange(topics)
        if lengths[index] > 1:
            lengths[index] -= 1
            excess -= 1
    while excess < 0:  # only when the search could not reach the total
        index = rng.randrange(topics)
        if lengths[index] < longest:
            lengths[index] += 1
            excess += 1
    return lengths


def _topic_starts(rng: random.Random, lengths: list[int], now: int) -> list[int]:
    """Start times, more of them recent (a growing community); long topics start early enough."""
    starts = []
    for length in lengths:
        shortest_age = min(HISTORY - DAY, length * 15 * MINUTE + HOUR)
        age = int(HISTORY * rng.random() ** 1.5)
        if age < shortest_age:
            age = int(rng.uniform(shortest_age, HISTORY))
        starts.append(now - age)
    return starts


def _post_times(rng: random.Random, start: int, length: int, now: int) -> list[int]:
    """Times of a topic's posts: gaps of minutes to days, squeezed to end before `now`."""
    times = [start]
    if length == 1:
        return times
    mean_gap = rng.lognormvariate(math.log(3 * HOUR), 1.0)
    gaps = [rng.expovariate(1 / mean_gap) + 30 * SECOND for _ in range(length - 1)]
    room = now - MINUTE - start
    scale = min(1.0, room / sum(gaps))
    at = start
    for gap in gaps:
        at += max(1, int(gap * scale))
        times.append(at)
    return times


def make_plan(
    preset: Preset, seed: int, now: int, tick: Callable[[int], None] | None = None
) -> Plan:
    """Plan the community of `preset`, with all times before `now` (microseconds)."""
    rng = random.Random(seed * 7919 + 1)
    members = preset.members
    member_ids = list(range(FIRST_MEMBER_ID, FIRST_MEMBER_ID + members))

    lengths = topic_lengths(rng, preset.topics, preset.posts, preset.longest_topic)
    starts = _topic_starts(rng, lengths, now)
    order = sorted(range(preset.topics), key=starts.__getitem__)

    posters = rng.sample(member_ids, max(2, int(members * POSTER_SHARE)))
    poster_weights = zipf_cum_weights(len(posters), 5, 1.0)
    draws = rng.choices(posters, cum_weights=poster_weights, k=2 * preset.posts + preset.topics)
    space_weights = zipf_cum_weights(preset.spaces, 2, 0.8)
    english_space = next(
        (number for number, line in enumerate(SPACES[: preset.spaces], 1) if "English" in line), 0
    )

    topic_space = array("i")
    topic_author = array("i")
    topic_english = bytearray()
    topic_length = array("i")
    # Posts in topic-major order first; sorted by time into ids below.
    tm_time = array("q")
    tm_author = array("i")
    tm_topic = array("i")
    tm_number = array("i")
    topic_offset = array("i")
    next_draw = 0
    for topic_id, index in enumerate(order, start=1):
        length = lengths[index]
        space = rng.choices(range(1, preset.spaces + 1), cum_weights=space_weights)[0]
        english = space == english_space or rng.random() < 0.3
        author = draws[next_draw]
        next_draw += 1
        topic_space.append(space)
        topic_author.append(author)
        topic_english.append(english)
        topic_length.append(length)
        topic_offset.append(len(tm_time))
        previous = author
        for number, at in enumerate(_post_times(rng, starts[index], length, now), start=1):
            if number > 1:
                writer = draws[next_draw]
                next_draw += 1
                if writer == previous:
                    writer = draws[next_draw]
                    next_draw += 1
                if previous != author and rng.random() < 0.12:
                    writer = author
                previous = writer
            else:
                writer = author
            tm_time.append(at)
            tm_author.append(writer)
            tm_topic.append(topic_id)
            tm_number.append(number)
        if tick is not None and topic_id % 1000 == 0:
            tick(len(tm_time) // 2)
    del draws, starts, lengths, order

    shift = preset.posts.bit_length()
    keys = [(at << shift) | index for index, at in enumerate(tm_time)]
    keys.sort()
    mask = (1 << shift) - 1
    id_of = array("i", bytes(4 * preset.posts))
    post_topic = array("i")
    post_number = array("i")
    post_author = array("i")
    post_time = array("q")
    for post_id, key in enumerate(keys, start=1):
        index = key & mask
        id_of[index] = post_id
        post_topic.append(tm_topic[index])
        post_number.append(tm_number[index])
        post_author.append(tm_author[index])
        post_time.append(tm_time[index])
    del keys
    post_previous = array("i", bytes(4 * preset.posts))
    for index in range(preset.posts):
        if tm_number[index] > 1:
            post_previous[id_of[index] - 1] = id_of[index - 1]
    topic_first_post = array("i", (id_of[offset] for offset in topic_offset))
    topic_last_post = array(
        "i",
        (
            id_of[offset + length - 1]
            for offset, length in zip(topic_offset, topic_length, strict=True)
        ),
    )
    del tm_time, tm_author, tm_topic, tm_number, id_of
    if tick is not None:
        tick(preset.posts // 2)

    plan = Plan(
        preset=preset,
        now=now,
        members=members,
        space_topic_count=array("i", bytes(4 * (preset.spaces + 1))),
        space_post_count=array("i", bytes(4 * (preset.spaces + 1))),
        space_last_post_at=array("q", bytes(8 * (preset.spaces + 1))),
        topic_space=topic_space,
        topic_author=topic_author,
        topic_english=topic_english,
        topic_length=topic_length,
        topic_first_post=topic_first_post,
        topic_last_post=topic_last_post,
        topic_like_count=array("i", bytes(4 * preset.topics)),
        post_topic=post_topic,
        post_number=post_number,
        post_author=post_author,
        post_time=post_time,
        post_previous=post_previous,
        like_start=array("i"),
        like_user=array("i"),
        like_time=array("q"),
        user_post_count=array("i", bytes(4 * (FIRST_MEMBER_ID + members))),
        user_topic_count=array("i", bytes(4 * (FIRST_MEMBER_ID + members))),
        user_joined=array("q", bytes(8 * (FIRST_MEMBER_ID + members))),
        poster_ids=posters,
        poster_weights=poster_weights,
    )
    _plan_likes(rng, plan, member_ids, tick)
    _count(plan)
    _plan_joined(rng, plan)
    return plan


def _plan_likes(
    rng: random.Random, plan: Plan, member_ids: list[int], tick: Callable[[int], None] | None
) -> None:
    """Give each post a power-law number of likes from members other than its author."""
    likers = rng.sample(member_ids, len(member_ids))
    liker_weights = zipf_cum_weights(len(likers), 20, 0.9)
    most = min(MOST_LIKES, plan.members // 4)
    first_id, last_id = FIRST_MEMBER_ID, plan.last_member_id
    like_user, like_time, like_start = plan.like_user, plan.like_time, plan.like_start
    now = plan.now
    for index in range(plan.preset.posts):
        like_start.append(len(like_user))
        first = plan.post_number[index] == 1
        count = int(
            (rng.paretovariate(LIKE_ALPHA) - 1.0)
            * (LIKE_SCALE_FIRST if first else LIKE_SCALE_REPLY)
        )
        if count == 0:
            continue
        count = min(count, most)
        author = plan.post_author[index]
        if count > 40:
            picked = [user for user in rng.sample(range(first_id, last_id + 1), count + 1)]
            chosen = [user for user in picked if user != author][:count]
        else:
            seen: dict[int, None] = {}
            while len(seen) < count:
                for user in rng.choices(likers, cum_weights=liker_weights, k=count - len(seen) + 2):
                    if user != author and user not in seen:
                        seen[user] = None
                        if len(seen) == count:
                            break
            chosen = list(seen)
        written = plan.post_time[index]
        room = max(1, now - written - 1)
        delays = sorted(int(rng.expovariate(1 / (20 * HOUR))) + 10 * SECOND for _ in chosen)
        for user, delay in zip(chosen, delays, strict=True):
            like_user.append(user)
            like_time.append(written + min(delay, room))
        if tick is not None and index % 50_000 == 0:
            tick(plan.preset.posts // 2 + index // 2)
    like_start.append(len(like_user))


def _count(plan: Plan) -> None:
    """Fill the counters that the actions keep: per member, space and topic."""
    for index, author in enumerate(plan.post_author):
        plan.user_post_count[author] += 1
        topic_index = plan.post_topic[index] - 1
        likes = plan.like_start[index + 1] - plan.like_start[index]
        plan.topic_like_count[topic_index] += likes
    for index, author in enumerate(plan.topic_author):
        plan.user_topic_count[author] += 1
        space = plan.topic_space[index]
        plan.space_topic_count[space] += 1
        plan.space_post_count[space] += plan.topic_length[index]
        last = plan.post_time[plan.topic_last_post[index] - 1]
        if last > plan.space_last_post_at[space]:
            plan.space_last_post_at[space] = last


def _plan_joined(rng: random.Random, plan: Plan) -> None:
    """Members join shortly before they first post or like; lurkers at any time."""
    never = plan.now + 1
    first = array("q", [never]) * len(plan.user_joined)
    for index, author in enumerate(plan.post_author):
        at = plan.post_time[index]
        if at < first[author]:
            first[author] = at
    for user, at in zip(plan.like_user, plan.like_time, strict=True):
        if at < first[user]:
            first[user] = at
    earliest = plan.now - HISTORY - 20 * DAY
    for user in range(FIRST_MEMBER_ID, plan.last_member_id + 1):
        if first[user] == never:
            joined = plan.now - int(rng.random() * HISTORY)
        else:
            joined = max(earliest, first[user] - int(rng.uniform(0.5, 30) * DAY))
        plan.user_joined[user] = joined
    plan.user_joined[ADMIN_ID] = plan.now - HISTORY - 30 * DAY
