"""Build a topic page's posts once for every reader, then add each reader's own controls.

The posts of a page (authors, times, rendered text, pictures, quotes) are the
same for everyone who may see the topic, so they are rendered once into a
block cached under the topic's `changed_at`: any reply, edit, deletion or like
makes a new key, and the next reader gets a fresh block. What differs per
reader (the like button and its state, quote, edit and delete links, the
CSRF token) is not in the block: each post carries a marker that
`fill_controls` replaces with that reader's controls. Author names and
avatars are in the block, so a changed avatar shows after BLOCK_SECONDS.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mundwerk.core.urlpaths import url_for
from mundwerk.posts.models import Post, Topic
from mundwerk.posts.permissions import Viewer, can_write
from mundwerk.posts.queries import topic_posts

BLOCK_SECONDS = 300
_MARKER = re.compile(r"<!--post-controls:(\d+)-->")


@dataclass(frozen=True)
class PostSlot:
    """What a reader's controls need to know about one post on the page."""

    pk: int
    author_id: int
    like_count: int
    is_deleted: bool

    @property
    def like_url(self) -> str:
        return url_for("posts:like", self.pk)


@dataclass(frozen=True)
class TopicBlock:
    html: str
    slots: tuple[PostSlot, ...]
    description: str

    @property
    def post_ids(self) -> list[int]:
        return [slot.pk for slot in self.slots]


def _block_key(topic: Topic, page: int) -> str:
    return f"topic-block:{topic.pk}:{page}:{topic.changed_at.timestamp()}:{get_language()}"


def topic_block(topic: Topic, page: int) -> TopicBlock:
    """Return the reader-independent posts of one page, from the cache when it is current."""
    key = _block_key(topic, page)
    block = cache.get(key)
    if block is None:
        posts = topic_posts(topic, page)
        html = render_to_string("posts/_post_list.html", {"posts": posts})
        slots = tuple(
            PostSlot(post.pk, post.author_id, post.like_count, post.is_deleted) for post in posts
        )
        block = TopicBlock(html, slots, _description(topic, posts))
        cache.set(key, block, BLOCK_SECONDS)
    return block


def _description(topic: Topic, posts: list[Post]) -> str:
    first = posts[0] if posts and posts[0].number == 1 else topic.first_post
    if first is None or first.is_deleted:
        return ""
    return Truncator(" ".join(strip_tags(first.html).split())).words(30)


@dataclass(frozen=True)
class Labels:
    """The control texts of one page, translated once instead of once per post."""

    like: str
    liked: str
    likes: str
    log_in_to_like: str
    quote: str
    edit: str
    delete: str

    @classmethod
    def current(cls) -> "Labels":
        return cls(
            like=_("Like"),
            liked=_("Liked"),
            likes=_("Likes"),
            log_in_to_like=_("Log in to like this post"),
            quote=_("Quote"),
            edit=_("Edit"),
            delete=_("Delete"),
        )


def like_control(
    slot: PostSlot, viewer: Viewer, liked: bool, csrf_token: str, labels: Labels
) -> SafeString:
    """Return the like button (or count) for one post as this reader sees it.

    Used for the page and for the htmx response that swaps the button, so
    both always agree.
    """
    if not viewer.is_authenticated:
        login = url_for("account_login") + "?next=" + url_for("posts:permalink", slot.pk)
        return format_html(
            '<a href="{}" class="like-count like-login" title="{}">♡ {}</a>',
            login,
            labels.log_in_to_like,
            slot.like_count,
        )
    if slot.author_id == viewer.pk or not can_write(viewer):
        return format_html(
            '<span class="like-count" title="{}">♥ {}</span>', labels.likes, slot.like_count
        )
    action, pressed, css, label, heart = (
        ("unlike", "true", "like-button liked", labels.liked, "♥")
        if liked
        else ("like", "false", "like-button", labels.like, "♡")
    )
    return format_html(
        '<form method="post" action="{url}" class="like-form" hx-post="{url}" hx-target="this" '
        'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input type="hidden" name="action" value="{action}">'
        '<button type="submit" class="{css}" aria-pressed="{pressed}">{heart} {label} '
        '<span class="like-count">{count}</span></button></form>',
        url=slot.like_url,
        token=csrf_token,
        action=action,
        css=css,
        pressed=pressed,
        heart=heart,
        label=label,
        count=slot.like_count,
    )


def _controls(
    slot: PostSlot, viewer: Viewer, liked: bool, csrf_token: str, labels: Labels
) -> SafeString:
    if slot.is_deleted:
        return mark_safe("")
    links: list[tuple[str, str]] = []
    if viewer.is_authenticated:
        links.append((url_for("posts:quote", slot.pk), labels.quote))
        if can_write(viewer) and (viewer.is_staff or slot.author_id == viewer.pk):
            links.append((url_for("posts:edit", slot.pk), labels.edit))
            links.append((url_for("posts:delete", slot.pk), labels.delete))
    return format_html(
        '<footer class="post-actions">{}{}</footer>',
        like_control(slot, viewer, liked, csrf_token, labels),
        format_html_join("", ' <a href="{}">{}</a>', links),
    )


def fill_controls(
    block: TopicBlock, viewer: Viewer, liked: Iterable[int], csrf_token: str
) -> SafeString:
    """Return the block's HTML with this reader's controls under each post."""
    labels = Labels.current()
    liked_ids = set(liked)
    controls = {
        str(slot.pk): _controls(slot, viewer, slot.pk in liked_ids, csrf_token, labels)
        for slot in block.slots
    }
    return mark_safe(  # noqa: S308 (the block and the controls are escaped HTML)
        _MARKER.sub(lambda match: controls.get(match.group(1), ""), block.html)
    )
