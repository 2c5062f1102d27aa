"""Keep the search index in step with the content: build, store and remove documents.

`content_changed` is the listener `core.changes` calls after every change of
content (settings.CONTENT_CHANGE_LISTENERS). It loads the thing again and
stores its document when everyone who may read its space may see it, or
removes the document when it is gone, hidden or held. `build_*` functions
turn loaded rows into unsaved documents; `mundwerk reindex` uses them in
batches.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet

from mundwerk.accounts.models import User
from mundwerk.events.models import Event
from mundwerk.posts.models import Image, Post, Tag, Topic
from mundwerk.reviews.models import Review
from mundwerk.search import recent
from mundwerk.search.analysis import Analyzed, analyze
from mundwerk.search.facets import document_facets
from mundwerk.search.language import detect_language
from mundwerk.search.models import Document
from mundwerk.search.snippets import plain_text
from mundwerk.spaces.models import Space

Kind = Document.Kind


def _document(
    kind: str,
    row: Model,
    *,
    title: str,
    body: str,
    extra: str = "",
    language: str = "",
    tag_ids: Sequence[int] = (),
    **fields: Any,
) -> Document:
    """A document whose text is analyzed in the language the words are written in."""
    language = language or detect_language(f"{title}\n{body}")
    title_terms = analyze(f"{title} {extra}".strip(), language)
    body_terms = analyze(body, language)
    facets = document_facets(
        kind=kind,
        created_at=fields["created_at"],
        space_id=fields.get("space_id"),
        author_id=fields.get("author_id"),
        tag_ids=tag_ids,
        is_opening=fields.get("is_opening", False),
        has_image=fields.get("has_image", False),
    )
    return Document(
        kind=kind,
        object_id=row.pk,
        language=language,
        title=" ".join(title_terms.words),
        body=" ".join(body_terms.words),
        parts=" ".join(_parts(title_terms, body_terms)),
        facets=facets,
        **fields,
    )


def _parts(*analyzed: Analyzed) -> list[str]:
    return [part for item in analyzed for part in item.parts]


def post_rows() -> "QuerySet[Post]":
    """Posts with what their documents need, for `build_post`."""
    attached = Image.objects.filter(post=OuterRef("pk"))
    return (
        Post.objects.select_related("topic", "topic__space")
        .defer("body")
        .annotate(has_attached_image=Exists(attached))
    )


def is_post_findable(post: Post) -> bool:
    """Whether everyone who may read the post's space may also see the post."""
    topic = post.topic
    return (
        post.deleted_at is None
        and not post.is_withheld
        and topic.deleted_at is None
        and topic.hidden_at is None
        and topic.held_at is None
        and topic.space.deleted_at is None
    )


TopicTags = Sequence[tuple[int, str]]


def topic_tags(topic_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    """Each topic's tags as (id, name), by name, in one query."""
    tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
    links = Topic.tags.through.objects.filter(topic_id__in=topic_ids)
    for topic_id, tag_id, name in links.values_list("topic_id", "tag_id", "tag__name").order_by(
        "tag__name"
    ):
        tags[topic_id].append((tag_id, name))
    return tags


def build_post(post: Post, tags: TopicTags | None = None) -> Document | None:
    """The document of a post; the opening post also carries its topic's title and tags.

    Every post of a topic carries its tags as facets, for "tag:". `tags` are the
    topic's (id, name) pairs when the caller loaded them for many posts at once.
    """
    if not is_post_findable(post):
        return None
    topic = post.topic
    is_opening = post.number == 1
    title = topic.title if is_opening else ""
    if tags is None:
        tags = topic_tags([topic.pk]).get(topic.pk, [])
    return _document(
        Kind.POST,
        post,
        title=title,
        body=plain_text(post.html),
        extra=" ".join(name for _id, name in tags) if is_opening else "",
        tag_ids=[tag_id for tag_id, _name in tags],
        space_id=topic.space_id,
        topic_id=topic.pk,
        author_id=post.author_id,
        is_opening=is_opening,
        # Attached pictures show below the text; pictures in the text are <img> in it.
        has_image=getattr(post, "has_attached_image", False) or "<img" in post.html,
        created_at=post.created_at,
    )


def is_member_findable(member: User) -> bool:
    """Whether a member is found at all: not banned, not deactivated."""
    return member.is_active and member.banned_at is None


def build_member(member: User) -> Document | None:
    """A member's name and, unless moderators hid the profile, what they wrote about themselves."""
    if not is_member_findable(member):
        return None
    about = "" if member.is_profile_hidden else plain_text(member.bio_html)
    return _document(
        Kind.MEMBER,
        member,
        title=f"{member.username} {member.public_display_name}".strip(),
        body=about,
        created_at=member.date_joined,
    )


def build_space(space: Space) -> Document | None:
    """A space or group by name and description; a secret group only for its members."""
    if space.deleted_at is not None or space.hidden_at is not None:
        return None
    secret = space.visibility == Space.Visibility.SECRET
    return _document(
        Kind.SPACE,
        space,
        title=space.name,
        body=space.description,
        space_id=space.pk if secret else None,
        created_at=space.created_at,
    )


def build_tag(tag: Tag) -> Document | None:
    """A tag, while some topic carries it."""
    if tag.topic_count == 0:
        return None
    return _document(Kind.TAG, tag, title=tag.name, body="", created_at=tag.created_at)


def build_event(event: Event) -> Document | None:
    """An event by title, description and place, readable where its space is."""
    if event.hidden_at is not None or event.space.deleted_at is not None:
        return None
    return _document(
        Kind.EVENT,
        event,
        title=event.title,
        body=f"{plain_text(event.description_html)}\n{event.location}",
        space_id=event.space_id,
        author_id=event.organiser_id,
        has_image=bool(event.cover),
        created_at=event.created_at,
    )


def build_review(review: Review) -> Document | None:
    """A review by title, text and the name of what it reviews."""
    if review.deleted_at is not None or review.hidden_at is not None:
        return None
    return _document(
        Kind.REVIEW,
        review,
        title=review.title,
        body=plain_text(review.html),
        extra=review.subject.name,
        author_id=review.author_id,
        created_at=review.created_at,
    )


# What a document holds besides which thing it is (kind, object_id).
DOCUMENT_FIELDS = (
    "space_id",
    "topic_id",
    "author_id",
    "is_opening",
    "has_image",
    "language",
    "created_at",
    "title",
    "body",
    "parts",
    "facets",
)


def store(kind: str, object_id: int, document: Document | None) -> None:
    """Write or remove the document of one thing."""
    if document is None:
        Document.objects.filter(kind=kind, object_id=object_id).delete()
        return
    fields = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    Document.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)


@dataclass(frozen=True)
class Source:
    """Where a kind's rows come from (with what its documents need) and how one is built."""

    rows: Callable[[], QuerySet]
    build: Callable[[Any], Document | None]


SOURCES: dict[str, Source] = {
    Kind.SPACE: Source(lambda: Space.objects.all(), build_space),
    Kind.TAG: Source(lambda: Tag.objects.all(), build_tag),
    Kind.MEMBER: Source(lambda: User.objects.all(), build_member),
    Kind.EVENT: Source(lambda: Event.objects.select_related("space"), build_event),
    Kind.REVIEW: Source(lambda: Review.objects.select_related("subject"), build_review),
    Kind.POST: Source(post_rows, build_post),
}


def _index_one(kind: str, pk: int) -> None:
    source = SOURCES.get(kind)
    if source is None:
        return
    row = source.rows().filter(pk=pk).first()
    store(kind, pk, source.build(row) if row is not None else None)
    if isinstance(row, Post) and row.number == 1:  # its topic's tags may be new or gone
        for tag in row.topic.tags.all():
            store(Kind.TAG, tag.pk, build_tag(tag))


def index_posts(posts: Sequence[Post]) -> None:
    """Store or remove the documents of these posts."""
    tags = topic_tags(list({post.topic_id for post in posts}))
    for post in posts:
        store(Kind.POST, post.pk, build_post(post, tags.get(post.topic_id, [])))


def _index_topic(pk: int) -> None:
    """A topic changed as a whole (renamed, moved, retagged, hidden, deleted): redo its posts."""
    Document.objects.filter(kind=Kind.POST, topic_id=pk).exclude(
        object_id__in=Post.objects.filter(topic_id=pk).values("pk")
    ).delete()
    index_posts(list(post_rows().filter(topic_id=pk)))
    topic = Topic.objects.filter(pk=pk).only("pk").first()
    if topic is not None:
        for tag in Tag.objects.filter(topics=topic):
            store(Kind.TAG, tag.pk, build_tag(tag))


def content_changed(kind: str, pk: int) -> None:
    """Bring the index up to date with the `kind` row `pk` (the core.changes listener)."""
    with transaction.atomic():
        if kind == "topic":
            _index_topic(pk)
        else:
            _index_one(kind, pk)
    recent.keep_up()
