"""Write the planned topics, posts, revisions, tags, mentions and likes, batch by batch.

Each batch of posts (in id order, so in time order) is one transaction:
new tags first, then the topics that open in the batch, their posts,
revisions, tag and mention links, and likes. Rows carry the same values the
actions in `mundwerk.posts.actions` would have written.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from bench.data_db import Loader, Row, table_for
from bench.data_members import Members
from bench.data_plan import ADMIN_ID, HOUR, MINUTE, Plan, zipf_cum_weights
from bench.data_text import Block, LanguagePool, TagName, TextPool, assemble, tag_spelling
from mundwerk.core.markdown import Rendered, mention_candidates, render_markdown
from mundwerk.posts.actions import MAX_MENTIONS, topic_slug
from mundwerk.posts.models import Like, Post, Revision, Tag, Topic

EDIT_SHARE = 0.04
STAFF_EDIT_SHARE = 0.05
QUOTE_SHARE = 0.03
SOLVED_SHARE = 0.25
LONGEST_QUOTE = 400

# Row layouts: the tuples built below follow these orders.
TAG_COLUMNS = ["id", "name", "topic_count", "created_at"]
TOPIC_COLUMNS = [
    "id",
    "title",
    "slug",
    "post_count",
    "like_count",
    "created_at",
    "last_post_at",
    "deleted_at",
    "author_id",
    "first_post_id",
    "last_poster_id",
    "space_id",
]
POST_COLUMNS = [
    "id",
    "number",
    "body",
    "html",
    "like_count",
    "revision_count",
    "created_at",
    "edited_at",
    "deleted_at",
    "author_id",
    "topic_id",
    "quote_of_id",
]
REVISION_COLUMNS = ["id", "number", "title", "body", "created_at", "editor_id", "post_id"]
LIKE_COLUMNS = ["id", "created_at", "user_id", "post_id"]
# Parents before children within each batch's transaction.
WRITE_ORDER = (
    "tags",
    "topics",
    "posts",
    "revisions",
    "post_tags",
    "mentions",
    "topic_tags",
    "likes",
)


class Draws:
    """Weighted random picks, drawn in bulk."""

    def __init__(self, rng: random.Random, population: Sequence[int], weights: list[float]) -> None:
        self.rng, self.population, self.weights = rng, population, weights
        self.buffer: list[int] = []

    def __call__(self) -> int:
        if not self.buffer:
            self.buffer = self.rng.choices(self.population, cum_weights=self.weights, k=4096)
        return self.buffer.pop()


@dataclass
class Version:
    body: str
    html: str
    mentions: set[int]
    tags: list[str]
    at: int
    editor: int
    title: str


@dataclass
class Batch:
    tags: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    posts: list[Row] = field(default_factory=list)
    revisions: list[Row] = field(default_factory=list)
    post_tags: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    topic_tags: list[Row] = field(default_factory=list)
    likes: list[Row] = field(default_factory=list)


class ContentWriter:
    """Turn the plan into rows and write them through the loader."""

    def __init__(
        self, plan: Plan, text: TextPool, members: Members, loader: Loader, seed: int
    ) -> None:
        self.plan, self.text, self.members, self.loader = plan, text, members, loader
        self.rng = random.Random(seed * 7919 + 4)
        self.posters = Draws(self.rng, plan.poster_ids, plan.poster_weights)
        tag_count = len(text.tag_names)
        self.tag_draws = Draws(self.rng, range(tag_count), zipf_cum_weights(tag_count, 3, 1.0))
        self.spellings = [
            (tag_spelling(name, False), tag_spelling(name, True)) for name in text.tag_names
        ]
        self.tag_ids: dict[str, int] = {}
        self.tag_topics: dict[int, int] = {}
        self.user_by_lower = {name.lower(): name for name in members.usernames[1:]}
        self.user_id = {name: user_id for user_id, name in enumerate(members.usernames) if name}
        self.recent: dict[int, str] = {}
        self.older: dict[int, str] = {}
        self.next_revision = self.next_post_tag = self.next_mention = self.next_topic_tag = 1
        self.check_every = max(1, plan.preset.posts // 300)
        self.checked = 0
        connection = loader.connection
        self.tables = {
            "tags": table_for(Tag, TAG_COLUMNS, connection),
            "topics": table_for(Topic, TOPIC_COLUMNS, connection),
            "posts": table_for(Post, POST_COLUMNS, connection),
            "revisions": table_for(Revision, REVISION_COLUMNS, connection),
            "post_tags": table_for(Post.tags.through, ["id", "post_id", "tag_id"], connection),
            "mentions": table_for(Post.mentions.through, ["id", "post_id", "user_id"], connection),
            "topic_tags": table_for(Topic.tags.through, ["id", "topic_id", "tag_id"], connection),
            "likes": table_for(Like, LIKE_COLUMNS, connection),
        }

    def write_all(self, tick: Callable[[int], None] | None = None) -> None:
        size = self.plan.preset.batch_posts
        total = self.plan.preset.posts
        for first in range(1, total + 1, size):
            last = min(total, first + size - 1)
            batch = self.build(first, last)
            with transaction.atomic(using=self.loader.connection.alias):
                for name in WRITE_ORDER:
                    self.loader.insert(self.tables[name], getattr(batch, name))
            if tick is not None:
                tick(last)

    def tag_counts(self) -> list[tuple[int, int]]:
        """(topic count, tag id) for every tag that heads at least one topic."""
        return [(count, tag_id) for tag_id, count in sorted(self.tag_topics.items())]

    def build(self, first: int, last: int) -> Batch:
        batch = Batch()
        self.older, self.recent = self.recent, {}
        for post_id in range(first, last + 1):
            self._post(batch, post_id)
        plan, time = self.plan, self.loader.time
        for post_id in range(first, last + 1):
            for index in range(plan.like_start[post_id - 1], plan.like_start[post_id]):
                # Like ids follow the posts; a post's likes follow their times.
                batch.likes.append(
                    (index + 1, time(plan.like_time[index]), plan.like_user[index], post_id)
                )
        return batch

    def _post(self, batch: Batch, post_id: int) -> None:
        plan, index = self.plan, post_id - 1
        topic_id = plan.post_topic[index]
        versions, quote_of = self._versions(index)
        final = versions[-1]
        if quote_of is None and post_id % self.check_every == 0:
            self._check(final)
        tag_ids = self._post_rows(batch, post_id, versions, quote_of)
        if plan.post_number[index] == 1:
            self._topic(batch, topic_id, final.title, tag_ids)

    def _versions(self, index: int) -> tuple[list[Version], int | None]:
        """The post as first written and after each edit, and the post it quotes."""
        plan, rng = self.plan, self.rng
        topic_id, number = plan.post_topic[index], plan.post_number[index]
        author, at = plan.post_author[index], plan.post_time[index]
        pool = self.text.language(bool(plan.topic_english[topic_id - 1]))
        mentions = self._mention_names(index, author, topic_id)
        tags = [self._tag() for _ in range(3)]
        previous = plan.post_previous[index]
        quoted = self.recent.get(previous) or self.older.get(previous)
        prefix = None
        if quoted is not None and rng.random() < QUOTE_SHARE:
            prefix = self._quote(pool, plan.post_author[previous - 1], quoted)
        blocks = pool.compose(rng, first=number == 1)
        title = pool.grammar.title() if number == 1 else ""
        versions = [self._version(prefix, blocks, mentions, tags, at, author, title)]
        self.recent[index + 1] = versions[0].body
        if rng.random() < EDIT_SHARE:
            edited = at
            for _edit in range(rng.choice((1, 1, 1, 1, 2, 2, 3))):
                edited = min(plan.now, edited + MINUTE + int(rng.expovariate(1 / (3 * HOUR))))
                blocks = [*blocks, rng.choice(pool.additions)]
                editor = ADMIN_ID if rng.random() < STAFF_EDIT_SHARE else author
                if number == 1 and len(versions) == 1 and rng.random() < SOLVED_SHARE:
                    title = (pool.grammar.solved + title)[:150]
                versions.append(
                    self._version(prefix, blocks, mentions, tags, edited, editor, title)
                )
        return versions, (previous if prefix is not None else None)

    def _post_rows(
        self, batch: Batch, post_id: int, versions: list[Version], quote_of: int | None
    ) -> list[int]:
        """Add the post's rows (and any new tags) to the batch; return its tag ids."""
        plan, time, index = self.plan, self.loader.time, post_id - 1
        for version in versions:
            for name in version.tags:
                self._tag_id(batch, name, version.at)
        for number, version in enumerate(versions, start=1):
            batch.revisions.append(
                (
                    self.next_revision, number, version.title, version.body,
                    time(version.at), version.editor, post_id,
                )
            )  # fmt: skip
            self.next_revision += 1
        final = versions[-1]
        batch.posts.append(
            (
                post_id, plan.post_number[index], final.body, final.html,
                plan.like_start[post_id] - plan.like_start[index], len(versions),
                time(plan.post_time[index]), time(final.at) if len(versions) > 1 else None,
                None, plan.post_author[index], plan.post_topic[index], quote_of,
            )
        )  # fmt: skip
        tag_ids = [self.tag_ids[name] for name in final.tags]
        for tag_id in tag_ids:
            batch.post_tags.append((self.next_post_tag, post_id, tag_id))
            self.next_post_tag += 1
        for user_id in sorted(final.mentions):
            batch.mentions.append((self.next_mention, post_id, user_id))
            self.next_mention += 1
        return tag_ids

    def _topic(self, batch: Batch, topic_id: int, title: str, tag_ids: list[int]) -> None:
        plan, time, index = self.plan, self.loader.time, topic_id - 1
        first, last = plan.topic_first_post[index], plan.topic_last_post[index]
        batch.topics.append(
            (
                topic_id, title, topic_slug(title), plan.topic_length[index],
                plan.topic_like_count[index], time(plan.post_time[first - 1]),
                time(plan.post_time[last - 1]), None, plan.topic_author[index], first,
                plan.post_author[last - 1], plan.topic_space[index],
            )
        )  # fmt: skip
        for tag_id in tag_ids:
            batch.topic_tags.append((self.next_topic_tag, topic_id, tag_id))
            self.next_topic_tag += 1
            self.tag_topics[tag_id] = self.tag_topics.get(tag_id, 0) + 1

    def _version(
        self,
        prefix: str | None,
        blocks: list[Block],
        mentions: list[str],
        tags: list[TagName],
        at: int,
        editor: int,
        title: str,
    ) -> Version:
        assembled = assemble(blocks, mentions, tags)
        if prefix is None:
            names = sorted({tags[slot].name for slot in assembled.tags})
            users = {self.user_id[mentions[slot]] for slot in assembled.mentions}
            return Version(assembled.body, assembled.html, users, names, at, editor, title)
        # A quoted reply is rendered whole, like any post: quotes carry others' names.
        body = f"{prefix}\n\n{assembled.body}"
        rendered = self.render(body)
        users = {self.user_id[name] for name in rendered.mentions}
        return Version(body, rendered.html, users, rendered.tags, at, editor, title)

    def render(self, body: str) -> Rendered:
        """What `render_post_body` returns, with the member lookup done in memory."""
        candidates = sorted(mention_candidates(body))[:MAX_MENTIONS]
        known = {
            name: self.user_by_lower[name] for name in candidates if name in self.user_by_lower
        }
        return render_markdown(body, known_users=known)

    def _check(self, version: Version) -> None:
        rendered = self.render(version.body)
        users = {self.user_id[name] for name in rendered.mentions}
        if (rendered.html, users, sorted(rendered.tags)) != (
            version.html,
            version.mentions,
            sorted(version.tags),
        ):
            raise AssertionError(
                "an assembled post does not render as its blocks do:\n"
                f"{version.body!r}\n{version.html!r}\n{rendered.html!r}"
            )
        self.checked += 1

    def _quote(self, pool: LanguagePool, quoted_author: int, body: str) -> str:
        """The text the quote button puts into the reply box, trimmed as people do."""
        if len(body) > LONGEST_QUOTE:
            body = body.split("\n\n", 1)[0]
        quoted = "\n".join("> " + line for line in body.splitlines())
        header = pool.grammar.quote_header.format(name=self.members.usernames[quoted_author])
        return f"{header}\n{quoted}"

    def _mention_names(self, index: int, author: int, topic_id: int) -> list[str]:
        """Whom a post may mention: mostly the one it answers, else someone active.

        Never the author, and only members who had joined when the post was written.
        """
        plan = self.plan
        at, joined = plan.post_time[index], plan.user_joined
        previous = plan.post_previous[index]
        first = plan.post_author[previous - 1] if previous else self._someone(author, at)
        if self.rng.random() < 0.3:
            first = plan.topic_author[topic_id - 1]
        if first == author or joined[first] >= at:
            first = self._someone(author, at)
        names = self.members.usernames
        return [names[first], names[self._someone(author, at)]]

    def _someone(self, author: int, at: int) -> int:
        """An active member other than `author` who had joined by `at`; else the staff account."""
        for _attempt in range(20):
            member = self.posters()
            if member != author and self.plan.user_joined[member] < at:
                return member
        return ADMIN_ID

    def _tag(self) -> TagName:
        plain, capitalised = self.spellings[self.tag_draws()]
        return capitalised if self.rng.random() < 0.08 else plain

    def _tag_id(self, batch: Batch, name: str, at: int) -> int:
        tag_id = self.tag_ids.get(name)
        if tag_id is None:
            tag_id = len(self.tag_ids) + 1
            self.tag_ids[name] = tag_id
            batch.tags.append((tag_id, name, 0, self.loader.time(at)))
        return tag_id
