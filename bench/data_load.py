"""Fill a database with a benchmark community: the steps behind `python -m bench.data`."""

import random
import string
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.utils.text import slugify

from bench import vocabulary as v
from bench.data_db import (
    Loader,
    content_counts,
    migrate_if_needed,
    table_for,
    wipe_content,
)
from bench.data_follows import write_follows
from bench.data_members import PASSWORD, Members, make_members
from bench.data_plan import ADMIN_ID, DAY, HISTORY, PRESETS, Plan, Preset, make_plan
from bench.data_rows import ContentWriter
from bench.data_text import TextPool
from mundwerk.accounts.models import User
from mundwerk.posts.models import Like, Post, Revision, Tag, Topic
from mundwerk.social.models import MemberFollow, SpaceFollow, TagFollow
from mundwerk.spaces.models import Space

MEMBER_BATCH = 10_000
USER_COLUMNS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "username",
    "display_name",
    "bio",
    "bio_html",
    "website",
    "avatar",
    "email_verified_at",
    "topic_count",
    "post_count",
]
SPACE_COLUMNS = [
    "id",
    "name",
    "slug",
    "description",
    "colour",
    "position",
    "topic_count",
    "post_count",
    "last_post_at",
    "created_at",
]


class DatabaseNotEmpty(Exception):
    """The database already holds a community; --force replaces it."""


@dataclass
class Summary:
    preset: str
    seed: int
    database: str
    counts: dict[str, int]
    seconds: float
    checked_posts: int

    def lines(self) -> list[str]:
        counts = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        return [
            f"Generated the {self.preset} preset (seed {self.seed}) in {self.seconds:.1f} s.",
            f"Database: {self.database}",
            f"Rows: {counts}.",
            f"{self.checked_posts} sampled posts rendered exactly like render_post_body.",
        ]


class Progress:
    """A one-line progress bar on stderr, redrawn with a carriage return."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.interactive = sys.stderr.isatty()
        self.label, self.total, self.started, self.drawn = "", 1, 0.0, 0.0
        self.done = 0

    def start(self, label: str, total: int) -> None:
        self.label, self.total = label, max(1, total)
        self.started = time.monotonic()
        self.drawn, self.done = 0.0, 0
        self.update(0)

    def update(self, done: int) -> None:
        self.done = done
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self.drawn < (0.2 if self.interactive else 15.0):
            return
        self.drawn = now
        share = min(1.0, done / self.total)
        elapsed = now - self.started
        eta = f", {elapsed / share - elapsed:4.0f} s left" if 0 < share < 1 else ""
        bar = "#" * int(share * 30)
        sys.stderr.write(
            f"\r{self.label:<18} [{bar:<30}] {share:4.0%} {done:>9,}/{self.total:,}"
            f" {elapsed:6.1f} s{eta}   "
        )
        if not self.interactive:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.done < self.total:
            self.update(self.total)
        if self.enabled and self.interactive:
            sys.stderr.write("\n")


def default_now() -> datetime:
    """The start of the current UTC day: the same seed gives the same data all day."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def generate(
    preset: str | Preset,
    *,
    seed: int = 42,
    now: datetime | None = None,
    force: bool = False,
    progress: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> Summary:
    """Fill the database behind `using` with the preset's community; all times before `now`.

    Migrates first if needed. Raises DatabaseNotEmpty if members, spaces,
    tags or posts exist, unless `force`, which first empties every content
    table.
    """
    preset = PRESETS[preset] if isinstance(preset, str) else preset
    started = time.monotonic()
    connection = connections[using]
    _prepare(connection, force)
    anchor = (now or default_now()).astimezone(UTC)
    anchor_micros = int(anchor.timestamp()) * 1_000_000 + anchor.microsecond
    bar = Progress(progress)

    bar.start("Planning", preset.posts)
    plan = make_plan(preset, seed, anchor_micros, bar.update)
    bar.finish()
    bar.start("Rendering text", 1)
    text = TextPool(seed, preset.text_blocks, preset.tags)
    members = make_members(seed, preset.members, text)
    bar.finish()

    loader = Loader(connection)
    loader.start()
    bar.start("Members", preset.members + 1)
    _write_members(loader, plan, members, text, seed, bar)
    bar.finish()
    _write_spaces(loader, plan)
    writer = ContentWriter(plan, text, members, loader, seed)
    bar.start("Posts", preset.posts)
    writer.write_all(bar.update)
    bar.finish()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{Tag._meta.db_table}" SET "topic_count" = %s WHERE "id" = %s',  # noqa: S608
            writer.tag_counts(),
        )
    bar.start("Follows", 1)
    write_follows(loader, plan, seed, len(writer.tag_ids))
    bar.finish()
    bar.start("Analyzing", 1)
    loader.finish()
    bar.finish()
    return Summary(
        preset=preset.name,
        seed=seed,
        database=database_label(connection),
        counts=count_rows(using),
        seconds=time.monotonic() - started,
        checked_posts=writer.checked,
    )


def _prepare(connection: BaseDatabaseWrapper, force: bool) -> None:
    """Migrate; refuse, or with `force` empty, a database that already holds a community."""
    migrate_if_needed(connection)
    existing = {name: count for name, count in content_counts(connection).items() if count}
    if existing:
        if not force:
            found = ", ".join(f"{count:,} {name}" for name, count in existing.items())
            raise DatabaseNotEmpty(
                f"The database already holds {found}; use --force to replace them."
            )
        wipe_content(connection)


def database_label(connection: BaseDatabaseWrapper) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings['NAME']}"
    return f"PostgreSQL {settings.get('HOST') or 'localhost'}/{settings['NAME']}"


def count_rows(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    models: dict[str, type[Model]] = {
        "members": User,
        "spaces": Space,
        "topics": Topic,
        "posts": Post,
        "revisions": Revision,
        "likes": Like,
        "tags": Tag,
        "post tags": Post.tags.through,
        "mentions": Post.mentions.through,
        "member follows": MemberFollow,
        "space follows": SpaceFollow,
        "tag follows": TagFollow,
    }
    return {name: model._default_manager.using(using).count() for name, model in models.items()}


def _write_members(
    loader: Loader, plan: Plan, members: Members, text: TextPool, seed: int, bar: Progress
) -> None:
    """Members with a confirmed address and the one shared password; the staff account first."""
    connection = loader.connection
    users = table_for(User, USER_COLUMNS, connection)
    addresses = table_for(
        EmailAddress, ["id", "verified", "primary", "user_id", "email"], connection
    )
    # Hashed once (per member would take hours), with a salt from the seed, so that
    # the same seed gives the same rows; 22 characters carry as much entropy as Django's.
    salt = "".join(random.Random(seed).choices(string.ascii_letters + string.digits, k=22))
    password = make_password(PASSWORD, salt)
    time = loader.time
    last = ADMIN_ID + plan.members
    for first in range(ADMIN_ID, last + 1, MEMBER_BATCH):
        user_rows, address_rows = [], []
        for user_id in range(first, min(last, first + MEMBER_BATCH - 1) + 1):
            joined = plan.user_joined[user_id]
            verified = min(plan.now, joined + 3 * 60_000_000)
            bio, bio_html = (
                text.bios[members.bios[user_id]] if members.bios[user_id] >= 0 else ("", "")
            )
            is_staff = user_id == ADMIN_ID
            email = members.email(user_id)
            user_rows.append(
                (
                    user_id, password, None, is_staff, "", "", email, is_staff, True,
                    time(joined), members.usernames[user_id], members.display_names[user_id],
                    bio, bio_html, members.websites[user_id], "", time(verified),
                    plan.user_topic_count[user_id], plan.user_post_count[user_id],
                )
            )  # fmt: skip
            address_rows.append((user_id, True, True, user_id, email))
        with transaction.atomic(using=connection.alias):
            loader.insert(users, user_rows)
            loader.insert(addresses, address_rows)
        bar.update(min(last, first + MEMBER_BATCH - 1))


def _write_spaces(loader: Loader, plan: Plan) -> None:
    table = table_for(Space, SPACE_COLUMNS, loader.connection)
    rows = []
    created = loader.time(plan.now - HISTORY - 14 * DAY)
    for space_id, line in enumerate(v.SPACES[: plan.preset.spaces], start=1):
        name, description = (part.strip() for part in line.split("|"))
        last = plan.space_last_post_at[space_id]
        rows.append(
            (
                space_id, name, slugify(name), description,
                v.SPACE_COLOURS[space_id % len(v.SPACE_COLOURS)], space_id * 10,
                plan.space_topic_count[space_id], plan.space_post_count[space_id],
                loader.time(last) if last else None, created,
            )
        )  # fmt: skip
    with transaction.atomic(using=loader.connection.alias):
        loader.insert(table, rows)
