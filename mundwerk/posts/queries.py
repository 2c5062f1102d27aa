"""Reads of topics and posts that are bigger than a QuerySet method."""

import difflib
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from mundwerk.posts.models import (
    POSTS_PER_PAGE,
    Image,
    Like,
    Post,
    Revision,
    Tag,
    Topic,
    TopicQuerySet,
    shown_posts_q,
)
from mundwerk.posts.permissions import Viewer, can_see_post, can_see_topic
from mundwerk.spaces.models import Space, open_to_all_q
from mundwerk.spaces.permissions import can_read_space, unreadable_space_ids

TOPICS_PER_PAGE = 30


def get_topic_for(viewer: Viewer, topic_id: int) -> Topic:
    """Return the topic, or 404 when it does not exist or the viewer may not see it."""
    topic = Topic.objects.select_related("space").filter(pk=topic_id).first()
    if topic is None or (topic.deleted_at is not None and not viewer.is_staff):
        raise Http404
    if not can_read_space(viewer, topic.space) or not can_see_topic(viewer, topic):
        raise Http404
    return topic


def get_post_for(viewer: Viewer, post_id: int) -> Post:
    post = Post.objects.select_related("topic", "topic__space", "author").filter(pk=post_id).first()
    if post is None or (post.topic.deleted_at is not None and not viewer.is_staff):
        raise Http404
    if not can_read_space(viewer, post.topic.space) or not can_see_post(viewer, post):
        raise Http404
    return post


# What a topic page shows of each post and its author; the Markdown source stays behind.
POST_PAGE_FIELDS = (
    "id", "topic_id", "number", "author_id", "html", "quote_of_id", "like_count", "share_count",
    "created_at", "edited_at", "deleted_at", "hidden_at", "hidden_reason", "held_at",
    "author__id", "author__username", "author__display_name", "author__avatar",
    "author__profile_hidden_at",
    "author__is_active", "author__is_staff", "author__is_official", "author__official_title",
    "author__official_company",
)  # fmt: skip


def topic_posts(topic: Topic, page_number: int) -> list[Post]:
    """Return one page of a topic's posts with their pictures and quoted posts.

    Each post gets `page_images` and `quoted` (the quoted post or None). Two
    or three plain queries: cheaper than prefetch machinery for pages where
    pictures and quotes are rare.
    """
    first = (page_number - 1) * POSTS_PER_PAGE + 1
    posts = list(
        Post.objects.filter(topic=topic, number__gte=first, number__lt=first + POSTS_PER_PAGE)
        .select_related("author")
        .only(*POST_PAGE_FIELDS)
        .order_by("number")
    )
    if not posts:
        return posts
    ids = [post.pk for post in posts]
    images: dict[int, list[Image]] = defaultdict(list)
    for image in Image.objects.filter(post_id__in=ids).order_by("pk"):
        images[image.post_id].append(image)  # type: ignore[index]
    quoted_ids = {post.quote_of_id for post in posts if post.quote_of_id}
    quoted = {}
    if quoted_ids:
        quoted = (
            Post.objects.select_related("author")
            .only(
                "id",
                "number",
                "deleted_at",
                "hidden_at",
                "held_at",
                "author__id",
                "author__username",
            )
            .in_bulk(quoted_ids)
        )
    for post in posts:
        post.page_images = images.get(post.pk, [])  # type: ignore[attr-defined]
        post.quoted = quoted.get(post.quote_of_id) if post.quote_of_id else None  # type: ignore[attr-defined]
    return posts


def liked_post_ids(viewer: Viewer, post_ids: list[int]) -> set[int]:
    """Return which of these posts the viewer likes."""
    if not viewer.is_authenticated or not post_ids:
        return set()
    return set(
        Like.objects.filter(user=viewer, post__in=post_ids).values_list("post_id", flat=True)
    )


def _topic_list(queryset: QuerySet[Topic]) -> TopicQuerySet:
    assert isinstance(queryset, TopicQuerySet)
    return (
        queryset.visible()
        .select_related("author", "last_poster", "space")
        .order_by("-last_post_at", "-pk")
    )


def space_topics(space: Space, page_number: int) -> Page:
    """The space's shown topics: pinned ones first, then the most recently active."""
    topics = _topic_list(space.topics.all()).order_by(
        F("pinned_at").desc(nulls_last=True), "-last_post_at", "-pk"
    )
    paginator = Paginator(topics, TOPICS_PER_PAGE, allow_empty_first_page=True)
    paginator.count = space.topic_count  # type: ignore[misc]
    return paginator.get_page(page_number)


def tag_topics(viewer: Viewer, tag: Tag, page_number: int) -> Page:
    """The tag's topics that the viewer may read, most recently active first."""
    topics = tag.topics.exclude(space_id__in=unreadable_space_ids(viewer))
    paginator = Paginator(_topic_list(topics), TOPICS_PER_PAGE)
    return paginator.get_page(page_number)


def activity_version(space: Space | None = None) -> str:
    """Return a value that changes whenever a topic list (of `space`, or any) would.

    Cached lists are keyed on it. Every action that changes what a list shows
    counts up its space's version; the site's is the sum of all of them.
    """
    if space is not None:
        return str(space.version)
    return str(Space.objects.aggregate(total=Sum("version"))["total"] or 0)


def public_topics() -> QuerySet[Topic]:
    """Topics in spaces anyone may read: what site-wide lists, cached for all readers, show."""
    return Topic.objects.filter(open_to_all_q("space__"))


def latest_topics(limit: int = 10) -> list[Topic]:
    return list(_topic_list(public_topics())[:limit])


@dataclass
class SpaceSummary:
    space: Space
    latest_topic: Topic | None


def space_overview() -> list[SpaceSummary]:
    """Every space with its most recently active topic, in two queries."""
    latest = Topic.objects.visible().filter(space=OuterRef("pk")).order_by("-last_post_at")
    spaces = list(
        Space.objects.filter(kind=Space.Kind.CATEGORY, deleted_at__isnull=True).annotate(
            latest_topic_id=Subquery(latest.values("pk")[:1])
        )
    )
    topic_ids = [space.latest_topic_id for space in spaces if space.latest_topic_id]  # type: ignore[attr-defined]
    topics = Topic.objects.select_related("last_poster").in_bulk(topic_ids)
    return [SpaceSummary(space, topics.get(space.latest_topic_id)) for space in spaces]  # type: ignore[attr-defined]


def recent_posts_by(viewer: Viewer, author_id: int, limit: int = 10) -> list[Post]:
    """The author's latest live posts in spaces the viewer may read.

    Hidden and held posts (and posts in hidden or held topics) show only to
    the author themselves here; moderators find them in the queue.
    """
    posts = Post.objects.filter(
        author_id=author_id, deleted_at__isnull=True, topic__deleted_at__isnull=True
    )
    if viewer.pk != author_id:
        posts = posts.filter(shown_posts_q())
    return list(
        posts.exclude(topic__space_id__in=unreadable_space_ids(viewer))
        .select_related("topic")
        .order_by("-created_at")[:limit]
    )


def search_tags(query: str, limit: int = 100) -> list[Tag]:
    """The most used tags that anyone may read a topic under, with that number as `shown_count`.

    A tag used only in closed groups is not listed, and topics in closed
    groups are not counted: the list is the same for every reader.
    """
    tags = Tag.objects.filter(topic_count__gt=0)
    if query:
        tags = tags.filter(name__contains=query)
    readable = Q(
        open_to_all_q("topic__space__"),
        topic__deleted_at__isnull=True,
        topic__hidden_at__isnull=True,
        topic__held_at__isnull=True,
    )
    links = Topic.tags.through.objects
    tags = tags.filter(Exists(links.filter(readable, tag_id=OuterRef("pk"))))
    found = list(tags.order_by("-topic_count", "name")[:limit])
    rows = (
        links.filter(readable, tag_id__in=[tag.pk for tag in found])
        .order_by()
        .values("tag_id")
        .annotate(total=Count("id"))
    )
    counts = {row["tag_id"]: row["total"] for row in rows}
    for tag in found:
        tag.shown_count = counts.get(tag.pk, 0)  # type: ignore[attr-defined]
    return found


@dataclass
class RevisionDiff:
    revision: Revision
    title_changed: bool
    segments: list[tuple[str, str]]


def revision_history(post: Post) -> list[RevisionDiff]:
    """Each revision, newest first, with a word-level diff against the one before."""
    revisions = list(post.revisions.select_related("editor").order_by("number"))
    history: list[RevisionDiff] = []
    previous: Revision | None = None
    for revision in revisions:
        if previous is None:
            segments = [("same", revision.body)]
            title_changed = False
        else:
            segments = word_diff(previous.body, revision.body)
            title_changed = previous.title != revision.title
        history.append(RevisionDiff(revision, title_changed, segments))
        previous = revision
    history.reverse()
    return history


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Split two texts into ('same'|'added'|'removed', text) runs, word by word."""
    old_words = old.split(" ")
    new_words = new.split(" ")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    segments: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(old_words[a1:a2]) + " "))
            continue
        if op in ("delete", "replace"):
            segments.append(("removed", " ".join(old_words[a1:a2]) + " "))
        if op in ("insert", "replace"):
            segments.append(("added", " ".join(new_words[b1:b2]) + " "))
    return segments
