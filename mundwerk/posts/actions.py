"""Every write to topics, posts, likes and images: the only place that saves them."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.core.markdown import Rendered, mention_candidates, render_markdown
from mundwerk.live.nudges import nudge_topic
from mundwerk.notifications.tasks import (
    notify_like,
    notify_new_topic,
    notify_reply,
    withdraw_like,
    withdraw_post,
)
from mundwerk.posts.images import ProcessedImage
from mundwerk.posts.models import Image, Like, Post, Revision, Tag, Topic
from mundwerk.posts.permissions import (
    check_create_topic,
    check_delete_post,
    check_edit_post,
    check_like_post,
    check_reply_to_topic,
    check_retitle_topic,
)
from mundwerk.social.queries import relations_of
from mundwerk.spaces.models import Space
from mundwerk.trust.screening import screen_post

MAX_MENTIONS = 20


def _lists_changed(space_id: int) -> None:
    """Move the version that the space's (and the home page's) cached lists are keyed on."""
    Space.objects.filter(pk=space_id).update(version=F("version") + 1)


def render_post_body(body: str, author: User | None = None) -> Rendered:
    """Render a post's Markdown, linking mentions of members who exist.

    A member who blocked the author (or whom the author blocked) is not
    linked, so the mention reaches nobody.
    """
    candidates = sorted(mention_candidates(body))[:MAX_MENTIONS]
    known: dict[str, str] = {}
    if candidates:
        members = User.objects.named(candidates).filter(is_active=True)
        blocked = relations_of(author).blocked if author is not None else frozenset()
        for pk, username in members.values_list("pk", "username"):
            if pk not in blocked:
                known[username.lower()] = username
    return render_markdown(body, known_users=known)


def topic_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "topic"


def _tags_named(names: Sequence[str]) -> list[Tag]:
    """Return the tags with these names, creating the missing ones, in one or three queries."""
    if not names:
        return []
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    if len(found) < len(set(names)):
        Tag.objects.bulk_create(
            [Tag(name=name) for name in names if name not in found], ignore_conflicts=True
        )
        found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [found[name] for name in names]


def _set_tags(post: Post, names: Sequence[str], *, is_new: bool = False) -> list[Tag]:
    tags = _tags_named(names)
    if is_new:
        # A new post has no tags yet: write the links without reading them first.
        Post.tags.through.objects.bulk_create(
            [Post.tags.through(post_id=post.pk, tag_id=tag.pk) for tag in tags]
        )
    else:
        post.tags.set(tags)
    return tags


def _attach_images(post: Post, images: Sequence[ProcessedImage], uploader: User) -> None:
    for processed in images:
        image = Image(
            post=post,
            uploader=uploader,
            alt_text=processed.alt_text,
            width=processed.width,
            height=processed.height,
        )
        image.file.save(processed.name, processed.full, save=False)
        image.thumbnail.save(processed.name, processed.thumbnail, save=False)
        image.save()


def create_topic(
    *,
    author: User,
    space: Space,
    title: str,
    body: str,
    images: Sequence[ProcessedImage] = (),
) -> Topic:
    """Open a topic in `space` with its first post and revision 1."""
    check_create_topic(author, space)
    held = screen_post(author=author, body=body, space=space, title=title, images=len(images))
    rendered = render_post_body(body, author)
    now = timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            space=space,
            title=title,
            slug=topic_slug(title),
            author=author,
            last_post_at=now,
            last_poster=author,
            post_count=1,
            held_at=now if held else None,
        )
        post = _insert_post(
            topic, author, body, rendered, number=1, images=images, held=held, now=now
        )
        topic.first_post = post
        topic.save(update_fields=["first_post"])
        tags = _set_tags(post, rendered.tags, is_new=True)
        topic.tags.set(tags)
        Tag.objects.filter(pk__in=[tag.pk for tag in tags]).update(topic_count=F("topic_count") + 1)
        Space.objects.filter(pk=space.pk).update(
            topic_count=F("topic_count") + 1,
            post_count=F("post_count") + 1,
            last_post_at=now,
            version=F("version") + 1,
        )
        User.objects.filter(pk=author.pk).update(
            topic_count=F("topic_count") + 1, post_count=F("post_count") + 1
        )
        content_changed("post", post.pk)
    if not held:  # a held topic is announced when a moderator approves it
        transaction.on_commit(lambda: notify_new_topic.enqueue(topic_id=topic.pk))
    return topic


def _insert_post(
    topic: Topic,
    author: User,
    body: str,
    rendered: Rendered,
    *,
    number: int,
    images: Sequence[ProcessedImage],
    quote_of: Post | None = None,
    held: str = "",
    now: datetime | None = None,
) -> Post:
    post = Post.objects.create(
        topic=topic,
        number=number,
        author=author,
        body=body,
        html=rendered.html,
        quote_of=quote_of,
        held_at=(now or timezone.now()) if held else None,
        held_reason=held[:300],
    )
    Revision.objects.create(
        post=post, number=1, title=topic.title if number == 1 else "", body=body, editor=author
    )
    if rendered.mentions:
        # A new post has no mentions yet: write the links without reading them first.
        mentioned = User.objects.filter(username__in=rendered.mentions).values_list("pk", flat=True)
        Post.mentions.through.objects.bulk_create(
            [Post.mentions.through(post_id=post.pk, user_id=pk) for pk in mentioned]
        )
    _attach_images(post, images, author)
    return post


def create_reply(
    *,
    author: User,
    topic: Topic,
    body: str,
    quote_of: Post | None = None,
    images: Sequence[ProcessedImage] = (),
) -> Post:
    """Add a post to the end of `topic`."""
    check_reply_to_topic(author, topic)
    if quote_of is not None and (quote_of.topic_id != topic.pk or quote_of.is_deleted):
        quote_of = None
    held = screen_post(author=author, body=body, space=topic.space, images=len(images))
    rendered = render_post_body(body, author)
    now = timezone.now()
    with transaction.atomic():
        # Locking the topic row serialises replies, so post numbers never collide.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        number = locked.post_count + 1
        post = _insert_post(
            locked,
            author,
            body,
            rendered,
            number=number,
            images=images,
            quote_of=quote_of,
            held=held,
            now=now,
        )
        _set_tags(post, rendered.tags, is_new=True)
        Topic.objects.filter(pk=topic.pk).update(
            post_count=F("post_count") + 1, last_post_at=now, last_poster=author
        )
        Space.objects.filter(pk=topic.space_id).update(
            post_count=F("post_count") + 1, last_post_at=now, version=F("version") + 1
        )
        User.objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
        content_changed("post", post.pk)
    if not held:  # a held reply is announced when a moderator approves it
        transaction.on_commit(lambda: notify_reply.enqueue(post_id=post.pk))
        transaction.on_commit(lambda: nudge_topic(topic.pk))
    topic.post_count = number
    topic.last_post_at = now
    return post


def edit_post(*, editor: User, post: Post, body: str, title: str | None = None) -> Post:
    """Change a post's text (and, for an opening post, the topic title), keeping a revision."""
    check_edit_post(editor, post)
    return _edit_post(editor, post, body, title)


def _edit_post(editor: User, post: Post, body: str, title: str | None, reason: str = "") -> Post:
    topic = post.topic
    new_title = title if (title is not None and post.number == 1) else topic.title
    if body == post.body and new_title == topic.title:
        return post
    rendered = render_post_body(body, post.author)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.deleted_at is not None:
            # Deleted while the edit was on its way.
            raise PermissionDenied(_("This post was deleted."))
        locked.body = body
        locked.html = rendered.html
        locked.edited_at = timezone.now()
        locked.revision_count = locked.revision_count + 1
        locked.save(update_fields=["body", "html", "edited_at", "revision_count"])
        Revision.objects.create(
            post=locked,
            number=locked.revision_count,
            title=new_title if post.number == 1 else "",
            body=body,
            editor=editor,
            reason=reason[:300],
        )
        locked.mentions.set(User.objects.filter(username__in=rendered.mentions))
        tags = _set_tags(locked, rendered.tags)
        Topic.objects.filter(pk=topic.pk).update(posts_version=F("posts_version") + 1)
        if post.number == 1:
            _lists_changed(topic.space_id)
        if post.number == 1:
            _retag_topic(topic, tags)
            if new_title != topic.title:
                topic.title = new_title
                topic.slug = topic_slug(new_title)
                topic.save(update_fields=["title", "slug"])
        content_changed("post", locked.pk)
    return locked


def _retag_topic(topic: Topic, tags: list[Tag]) -> None:
    old = set(topic.tags.values_list("pk", flat=True))
    new = {tag.pk for tag in tags}
    if old == new:
        return
    Tag.objects.filter(pk__in=old - new).update(topic_count=F("topic_count") - 1)
    Tag.objects.filter(pk__in=new - old).update(topic_count=F("topic_count") + 1)
    topic.tags.set(tags)
    # Every post of the topic is found by its tags ("tag:" in search).
    content_changed("topic", topic.pk)


def delete_post(*, actor: User, post: Post) -> Post:
    """Replace a post with a 'deleted' placeholder; its place in the thread stays."""
    check_delete_post(actor, post)
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=timezone.now()
        )
        if updated:
            _remove_images(post)
            User.objects.filter(pk=post.author_id).update(post_count=F("post_count") - 1)
            Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
            Space.objects.filter(pk=post.topic.space_id).update(
                post_count=F("post_count") - 1, version=F("version") + 1
            )
            transaction.on_commit(lambda: withdraw_post.enqueue(post_id=post.pk))
            content_changed("post", post.pk)
    post.refresh_from_db()
    return post


def delete_topics_of(space: Space) -> int:
    """Delete every live topic of a space that is being deleted (a group); return how many.

    The topics vanish from every page, list and notification at once, as a
    deleted topic does; their rows stay, like every deleted post's, for the
    record. The caller holds the transaction that deletes the space.
    """
    deleted = Topic.objects.filter(space=space, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), posts_version=F("posts_version") + 1
    )
    _lists_changed(space.pk)
    return deleted


def _remove_images(post: Post) -> None:
    """Delete a deleted post's pictures: uploads are public files, served without Django."""
    images = list(Image.objects.filter(post=post))
    Image.objects.filter(pk__in=[image.pk for image in images]).delete()

    def remove_files() -> None:
        for image in images:
            image.file.delete(save=False)
            image.thumbnail.delete(save=False)

    transaction.on_commit(remove_files)


def like_post(*, user: User, post: Post) -> bool:
    """Like `post` once; return whether a new like was recorded."""
    check_like_post(user, post)
    try:
        with transaction.atomic():
            Like.objects.create(user=user, post=post)
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
            Topic.objects.filter(pk=post.topic_id).update(
                like_count=F("like_count") + 1, posts_version=F("posts_version") + 1
            )
            _lists_changed(post.topic.space_id)
            transaction.on_commit(lambda: notify_like.enqueue(post_id=post.pk, user_id=user.pk))
    except IntegrityError:
        return False
    return True


def unlike_post(*, user: User, post: Post) -> bool:
    """Take back a like; return whether there was one."""
    with transaction.atomic():
        deleted, _rows = Like.objects.filter(user=user, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
            Topic.objects.filter(pk=post.topic_id).update(
                like_count=F("like_count") - 1, posts_version=F("posts_version") + 1
            )
            _lists_changed(post.topic.space_id)
            transaction.on_commit(lambda: withdraw_like.enqueue(post_id=post.pk, user_id=user.pk))
    return bool(deleted)


# Moderation: these change rows for moderation.actions, which checks who may
# do it and writes the public log in the same transaction. Nothing else calls them.


def retitle_topic(*, editor: User, topic: Topic, title: str) -> Topic:
    """Give a topic a new title; the opening post's history keeps the old one and the editor."""
    check_retitle_topic(editor, topic)
    first = Post.objects.select_related("topic", "author").get(topic=topic, number=1)
    _edit_post(editor, first, first.body, title)
    topic.refresh_from_db(fields=["title", "slug"])
    return topic


def edit_post_as_moderator(
    *, editor: User, post: Post, body: str, title: str | None, reason: str
) -> Post:
    """Change a post's text for a moderator, keeping a revision with the reason (the caller
    checks and logs)."""
    return _edit_post(editor, post, body, title, reason)


def refresh_topics_of(author: User) -> int:
    """Make every topic page the member wrote on show how they look now (their name and
    picture are in the cached pages); return how many topics that was."""
    topics = Post.objects.filter(author=author).values("topic_id")
    return Topic.objects.filter(pk__in=topics).update(posts_version=F("posts_version") + 1)


def _post_shown_changed(post: Post) -> None:
    Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
    _lists_changed(post.topic.space_id)
    content_changed("post", post.pk)


def set_post_hidden(post: Post, reason: str | None) -> None:
    """Hide a post with a public reason, or show it again (reason None)."""
    now = timezone.now() if reason is not None else None
    Post.objects.filter(pk=post.pk).update(hidden_at=now, hidden_reason=(reason or "")[:300])
    post.hidden_at, post.hidden_reason = now, (reason or "")[:300]
    _post_shown_changed(post)


def set_topic_hidden(topic: Topic, reason: str | None) -> None:
    """Hide a whole topic with a public reason, or show it again (reason None)."""
    now = timezone.now() if reason is not None else None
    Topic.objects.filter(pk=topic.pk).update(
        hidden_at=now, hidden_reason=(reason or "")[:300], posts_version=F("posts_version") + 1
    )
    topic.hidden_at, topic.hidden_reason = now, (reason or "")[:300]
    _lists_changed(topic.space_id)
    content_changed("topic", topic.pk)


def release_post(post: Post) -> bool:
    """Publish a post held for review (and its topic, for an opening post); announce it.

    Returns whether it was held. The notifications that creation skipped go
    out after commit.
    """
    if not Post.objects.filter(pk=post.pk, held_at__isnull=False).update(
        held_at=None, held_reason=""
    ):
        return False
    post.held_at, post.held_reason = None, ""
    opening = post.number == 1
    if opening:
        Topic.objects.filter(pk=post.topic_id).update(held_at=None)
        post.topic.held_at = None
        transaction.on_commit(lambda: notify_new_topic.enqueue(topic_id=post.topic_id))
    else:
        transaction.on_commit(lambda: notify_reply.enqueue(post_id=post.pk))
        transaction.on_commit(lambda: nudge_topic(post.topic_id))
    _post_shown_changed(post)
    return True


def remove_post(post: Post) -> bool:
    """Delete a post for a moderator, as its author would; return whether it was live."""
    updated = Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    if updated:
        _remove_images(post)
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") - 1)
        Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
        Space.objects.filter(pk=post.topic.space_id).update(
            post_count=F("post_count") - 1, version=F("version") + 1
        )
        transaction.on_commit(lambda: withdraw_post.enqueue(post_id=post.pk))
        content_changed("post", post.pk)
    return bool(updated)


def restore_post(post: Post) -> bool:
    """Bring back a post a moderator deleted (its pictures stay gone); return whether it was."""
    updated = Post.objects.filter(pk=post.pk, deleted_at__isnull=False).update(deleted_at=None)
    if updated:
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") + 1)
        Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
        Space.objects.filter(pk=post.topic.space_id).update(
            post_count=F("post_count") + 1, version=F("version") + 1
        )
        content_changed("post", post.pk)
    return bool(updated)


def set_topic_deleted(topic: Topic, deleted: bool) -> None:
    """Delete a whole topic for a moderator (its rows stay), or undo it."""
    Topic.objects.filter(pk=topic.pk).update(
        deleted_at=timezone.now() if deleted else None, posts_version=F("posts_version") + 1
    )
    step = -1 if deleted else 1
    Space.objects.filter(pk=topic.space_id).update(
        topic_count=F("topic_count") + step, version=F("version") + 1
    )
    content_changed("topic", topic.pk)


def set_topic_locked(topic: Topic, locked: bool) -> None:
    """Close a topic to replies, or open it again."""
    topic.locked_at = timezone.now() if locked else None
    Topic.objects.filter(pk=topic.pk).update(locked_at=topic.locked_at)


def set_topic_pinned(topic: Topic, pinned: bool) -> None:
    """Put a topic at the top of its space's list, or back in order."""
    topic.pinned_at = timezone.now() if pinned else None
    Topic.objects.filter(pk=topic.pk).update(pinned_at=topic.pinned_at)
    _lists_changed(topic.space_id)


def move_topic(topic: Topic, space: Space) -> None:
    """Move a topic with its posts to another space, carrying the spaces' counters along."""
    old_space_id = topic.space_id
    if old_space_id == space.pk:
        return
    live_posts = Post.objects.filter(topic=topic, deleted_at__isnull=True).count()
    Topic.objects.filter(pk=topic.pk).update(space=space, posts_version=F("posts_version") + 1)
    Space.objects.filter(pk=old_space_id).update(
        topic_count=F("topic_count") - 1,
        post_count=F("post_count") - live_posts,
        version=F("version") + 1,
    )
    Space.objects.filter(pk=space.pk).update(
        topic_count=F("topic_count") + 1,
        post_count=F("post_count") + live_posts,
        version=F("version") + 1,
    )
    topic.space = space
    content_changed("topic", topic.pk)


REDACTED = "[…]"


def redact_post(post: Post, removals: Sequence[str]) -> int:
    """Cut these pieces of text from a post and every revision of it; return how many went.

    No new revision is written: the point is that the old ones no longer hold
    the text. The rendered text is made again from the redacted source.
    """
    pieces = [piece for piece in removals if piece]
    if not pieces:
        return 0

    def cut(text: str) -> tuple[str, int]:
        found = 0
        for piece in pieces:
            found += text.count(piece)
            text = text.replace(piece, REDACTED)
        return text, found

    locked = Post.objects.select_for_update().get(pk=post.pk)
    body, total = cut(locked.body)
    if total:
        locked.body = body
        locked.html = render_post_body(body, locked.author).html
        locked.save(update_fields=["body", "html"])
    for revision in Revision.objects.filter(post=locked):
        revision_body, found_body = cut(revision.body)
        title, found_title = cut(revision.title)
        if found_body or found_title:
            revision.body, revision.title = revision_body, title
            revision.save(update_fields=["body", "title"])
            total += found_body + found_title
    if locked.number == 1:
        title, found = cut(locked.topic.title)
        if found:
            Topic.objects.filter(pk=locked.topic_id).update(title=title, slug=topic_slug(title))
            total += found
    post.body, post.html = locked.body, locked.html
    _post_shown_changed(post)
    return total
