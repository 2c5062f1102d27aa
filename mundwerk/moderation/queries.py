"""Reads of the review queue, the public log and single decisions."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.events.models import Event
from mundwerk.moderation.models import Appeal, Flag, ModerationEntry, ModerationSettings
from mundwerk.moderation.permissions import can_moderate_item, moderated_space_ids
from mundwerk.moderation.targets import Item, kind_name
from mundwerk.posts.models import Post, Topic
from mundwerk.reviews.models import Review
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import unreadable_space_ids

QUEUE_SECTION_SIZE = 50
LOG_PER_PAGE = 50
# What an entry's targets need on the queue and the log, in one join.
TARGET_RELATIONS = (
    "post__topic__space", "post__author", "topic__space", "topic__author", "review__author",
    "review__subject", "event__space", "event__organiser", "member", "group", "space",
)  # fmt: skip
# Decisions that speak for a member, not against them: left out of their record.
NOT_AGAINST = (
    ModerationEntry.Action.APPROVE, ModerationEntry.Action.DISMISS, ModerationEntry.Action.UNHIDE,
    ModerationEntry.Action.RESTORE, ModerationEntry.Action.UNLOCK, ModerationEntry.Action.PIN,
    ModerationEntry.Action.UNPIN, ModerationEntry.Action.LIFT, ModerationEntry.Action.REVERSE,
)  # fmt: skip


@dataclass
class AuthorRecord:
    """What a moderator weighs about an author: their activity and earlier decisions."""

    member: User
    decisions: int = 0


@dataclass
class QueueItem:
    kind: str
    item: Item
    flags: list[Flag] = field(default_factory=list)
    record: AuthorRecord | None = None
    owner: User | None = None  # of a group, the one decisions about it reach

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)

    @property
    def held(self) -> bool:
        return isinstance(self.item, Post | Topic) and self.item.held_at is not None

    @property
    def author(self) -> User | None:
        return self.owner if isinstance(self.item, Space) else _author_without_query(self.item)


@dataclass
class Queue:
    appeals: list[Appeal]
    items: list[QueueItem]


def _author_without_query(item: Item) -> User | None:
    if isinstance(item, Post | Topic | Review):
        return item.author
    if isinstance(item, User):
        return item
    if isinstance(item, Space):
        return None
    return item.organiser


def _in_scope(queryset: QuerySet, space_ids: frozenset[int] | None, path: str) -> QuerySet:  # type: ignore[type-arg]
    if space_ids is None:
        return queryset
    return queryset.filter(**{f"{path}__in": space_ids})


def review_queue(viewer: Viewer) -> Queue:
    """Open appeals, and flagged or held items, that the viewer answers for; oldest first.

    Staff see everything; a space's moderators what lives in their spaces.
    A fixed number of queries however long the queue is.
    """
    space_ids = moderated_space_ids(viewer)
    flags = _in_scope(
        Flag.objects.filter(resolved_at__isnull=True), space_ids, "space_id"
    ).select_related("flagger", *TARGET_RELATIONS)
    items: dict[tuple[str, int], QueueItem] = {}
    for flag in flags.order_by("created_at", "pk")[: QUEUE_SECTION_SIZE * 5]:
        key = flag.target_key
        if key not in items:
            if len(items) >= QUEUE_SECTION_SIZE:
                continue
            items[key] = QueueItem(flag.kind, flag.item)  # type: ignore[arg-type]
        items[key].flags.append(flag)
    held = _in_scope(
        Post.objects.filter(
            held_at__isnull=False, deleted_at__isnull=True, topic__deleted_at__isnull=True
        ),
        space_ids,
        "topic__space_id",
    ).select_related("topic__space", "author")
    for post in held.order_by("held_at", "pk")[:QUEUE_SECTION_SIZE]:
        items.setdefault(("post", post.pk), QueueItem("post", post))
    appeals = list(
        _in_scope(Appeal.objects.filter(answered_at__isnull=True), space_ids, "entry__space_id")
        .select_related("author", "entry__moderator", *(f"entry__{r}" for r in TARGET_RELATIONS))
        .order_by("created_at", "pk")[:QUEUE_SECTION_SIZE]
    )
    queue = list(items.values())
    _add_owners(queue)
    _add_records(queue)
    return Queue(appeals, queue)


def _add_owners(queue: list[QueueItem]) -> None:
    """The owners of the flagged groups, in one query when there are any."""
    groups = {entry.item.pk: entry for entry in queue if isinstance(entry.item, Space)}
    if not groups:
        return
    owners = Membership.objects.filter(
        space_id__in=list(groups), role=Membership.Role.OWNER
    ).select_related("member")
    for membership in owners:
        groups[membership.space_id].owner = membership.member


def _add_records(queue: list[QueueItem]) -> None:
    authors = {entry.author.pk: entry.author for entry in queue if entry.author is not None}
    if not authors:
        return
    counts = dict(
        _against()
        .filter(affected_id__in=list(authors))
        .order_by()
        .values("affected_id")
        .annotate(total=Count("pk"))
        .values_list("affected_id", "total")
    )
    for entry in queue:
        if entry.author is not None:
            entry.record = AuthorRecord(entry.author, counts.get(entry.author.pk, 0))


def _against() -> QuerySet[ModerationEntry]:
    """Decisions that went against the member they affected."""
    return ModerationEntry.objects.exclude(action__in=NOT_AGAINST)


def decisions_against(member: User) -> int:
    """How many decisions went against the member (what the queue shows beside their content)."""
    return _against().filter(affected=member).count()


def open_flags_on(item: Item, kind: str) -> list[Flag]:
    return list(
        Flag.objects.filter(resolved_at__isnull=True, **{kind: item})
        .select_related("flagger")
        .order_by("created_at")
    )


def entries_about(item: Item, kind: str, limit: int = 20) -> list[ModerationEntry]:
    return list(
        ModerationEntry.objects.filter(**{kind: item})
        .select_related("moderator")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class LogLine:
    """One public log row as a reader may see it."""

    entry: ModerationEntry
    what: str  # "topic “Title”", or "a post in a private group"
    url: str  # "" when the reader may not follow it
    by: str  # the role, or the name where the site shows names


def moderation_log(viewer: Viewer, page_number: int) -> Page:
    """The public log, newest first, each row as the viewer may see it (see `_describe`)."""
    entries = ModerationEntry.objects.select_related("moderator", *TARGET_RELATIONS).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(entries, LOG_PER_PAGE).get_page(page_number)
    unreadable = unreadable_space_ids(viewer)
    names = ModerationSettings.load().log_shows_names
    page.object_list = [_describe(entry, unreadable, names) for entry in page.object_list]  # type: ignore[misc]
    return page


def _shown_to_all(item: Item | None) -> bool:
    """Whether everyone who may read the item's space sees it now (title and link in the log)."""
    if item is None:
        return False
    if isinstance(item, Post):
        return not (item.is_deleted or item.is_withheld) and _shown_to_all(item.topic)
    if isinstance(item, Topic):
        return item.deleted_at is None and not item.is_withheld
    if isinstance(item, Review):
        return item.deleted_at is None and item.hidden_at is None
    if isinstance(item, User):
        # A hidden profile still shows its username, and that it is hidden.
        return item.is_active
    if isinstance(item, Event):
        return item.hidden_at is None
    return item.deleted_at is None and item.hidden_at is None


def _unnamed(entry: ModerationEntry, unreadable: frozenset[int]) -> str:
    """How the log speaks of what the reader may not know of, or "" when it may name it."""
    kind = kind_name(entry.kind)
    group = entry.group
    if group is not None and group.pk in unreadable and group.visibility == Space.Visibility.SECRET:
        return _("a private group")
    space = entry.space
    if space is None or space.pk not in unreadable:
        return ""
    if space.hidden_at is not None and space.visibility != Space.Visibility.SECRET:
        return _("a %(kind)s in a hidden group") % {"kind": kind}
    return _("a %(kind)s in a private group") % {"kind": kind}


# Decisions about a member's account, not their profile: the log calls them the member's.
ON_ACCOUNT = (
    ModerationEntry.Action.SILENCE, ModerationEntry.Action.SUSPEND, ModerationEntry.Action.BAN,
    ModerationEntry.Action.LIFT,
)  # fmt: skip


def _describe(entry: ModerationEntry, unreadable: frozenset[int], names: bool) -> LogLine:
    item = entry.item
    on_account = entry.kind == "member" and entry.action in ON_ACCOUNT
    kind = _("member") if on_account else kind_name(entry.kind)
    unnamed = _unnamed(entry, unreadable)
    if unnamed:
        what = unnamed
        url = ""
    elif _shown_to_all(item):
        title = _log_title(item)
        what = f"{kind} “{title}”"
        url = item.get_absolute_url()  # type: ignore[union-attr]
    else:
        what = _("a %(kind)s that is no longer shown") % {"kind": kind}
        url = ""
    by = str(entry.get_role_display())
    if names and entry.moderator is not None:
        by = f"{entry.moderator.username} ({by})"
    return LogLine(entry, what, url, by)


def _log_title(item: Item | None) -> str:
    if isinstance(item, Post):
        return item.topic.title
    if isinstance(item, User):
        return "@" + item.username
    if isinstance(item, Space):
        return item.name
    return str(getattr(item, "title", ""))


def get_entry_for(viewer: Viewer, entry_id: int) -> ModerationEntry:
    """A decision with its private side (appeal): for the member it affected and its moderators."""
    entry = (
        ModerationEntry.objects.select_related("moderator", *TARGET_RELATIONS)
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or not viewer.is_authenticated:
        raise Http404
    if entry.affected_id == viewer.pk or viewer.is_staff:
        return entry
    item = entry.item
    if item is not None and can_moderate_item(viewer, item):  # type: ignore[arg-type]
        return entry
    raise Http404


def get_appeal_for(viewer: Viewer, appeal_id: int) -> Appeal:
    appeal = Appeal.objects.select_related("entry").filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404
    get_entry_for(viewer, appeal.entry_id)
    return appeal


def spaces_to_move_to(viewer: Viewer) -> QuerySet[Space]:
    """Live spaces the viewer moderates, for the move form."""
    spaces = Space.objects.filter(deleted_at__isnull=True, archived_at__isnull=True)
    space_ids = moderated_space_ids(viewer)
    if space_ids is not None:
        spaces = spaces.filter(pk__in=space_ids)
    return spaces.order_by("kind", "name")


def flagged_by(member: User, kind: str, item: Item) -> bool:
    return Flag.objects.filter(Q(flagger=member), **{kind: item}).exists()
