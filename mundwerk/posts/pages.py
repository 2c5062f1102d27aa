"""Build a topic page's posts once for every reader, then add each reader's own controls.

The posts of a page (authors, times, rendered text, pictures, quotes) are the
same for everyone who may see the topic, so they are rendered once into a
block cached under the topic's `posts_version` (counting every edit,
deletion and like) and, for the last page, its post count (moved by every
reply): a change makes a new key, and the next reader gets a fresh block. What differs per
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
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mundwerk.core.urlpaths import url_for, url_pattern
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


@dataclass(frozen=True)
class TopicBlock:
    html: str
    slots: tuple[PostSlot, ...]
    description: str
    tags: tuple[tuple[str, str], ...]  # (name, URL) of the topic's tags
    key: str  # the cache key: names the block's contents for pages built around it

    @property
    def post_ids(self) -> list[int]:
        return [slot.pk for slot in self.slots]


def _block_key(topic: Topic, page: int) -> str:
    # A reply only adds to the last page, so only the last page's key counts posts:
    # earlier pages stay cached while a topic grows.
    grows = topic.post_count if page >= topic.page_count else "full"
    return f"topic-block:{topic.pk}:{page}:{topic.posts_version}:{grows}:{get_language()}"


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
        tags = tuple((tag.name, tag.get_absolute_url()) for tag in topic.tags.order_by("name"))
        block = TopicBlock(html, slots, _description(topic, posts), tags, key)
        cache.set(key, block, BLOCK_SECONDS)
    return block


def _description(topic: Topic, posts: list[Post]) -> str:
    first = posts[0] if posts and posts[0].number == 1 else topic.first_post
    if first is None or first.is_deleted:
        return ""
    return Truncator(" ".join(strip_tags(first.html).split())).words(30)


def _text(message: str) -> str:
    """Escape a translated text for HTML and for use inside a str.format pattern."""
    return str(escape(message)).replace("{", "{{").replace("}", "}}")


class Controls:
    """One reader's controls under posts, as patterns built once and filled per post.

    A page has twenty posts; building each button with format_html cost more
    than the rest of the page. The patterns hold only escaped translations,
    URL patterns and the CSRF token (letters and digits); per post only
    numbers go in. Used for the page and for the button htmx swaps in, so
    both always agree.
    """

    def __init__(self, viewer: Viewer, csrf_token: str) -> None:
        self.anonymous = not viewer.is_authenticated
        self.viewer_id = viewer.pk
        self.may_like = can_write(viewer)
        self.may_edit_all = self.may_like and viewer.is_staff
        self.may_edit_own = self.may_like
        like_url = url_pattern("posts:like", 1)
        self._login_to_like = (
            f'<a href="{url_for("account_login")}?next={url_pattern("posts:permalink", 1)}" '
            f'class="like-count like-login" title="{_text(_("Log in to like this post"))}">'
            "♡ {1}</a>"
        )
        self._count = f'<span class="like-count" title="{_text(_("Likes"))}">♥ {{1}}</span>'
        form = (
            f'<form method="post" action="{like_url}" class="like-form" hx-post="{like_url}" '
            'hx-target="this" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        )
        self._like = (
            form + '<input type="hidden" name="action" value="like">'
            '<button type="submit" class="like-button" aria-pressed="false">'
            f'♡ {_text(_("Like"))} <span class="like-count">{{1}}</span></button></form>'
        )
        self._unlike = (
            form + '<input type="hidden" name="action" value="unlike">'
            '<button type="submit" class="like-button liked" aria-pressed="true">'
            f'♥ {_text(_("Liked"))} <span class="like-count">{{1}}</span></button></form>'
        )
        self._quote = f' <a href="{url_pattern("posts:quote", 1)}">{_text(_("Quote"))}</a>'
        self._edit = (
            f' <a href="{url_pattern("posts:edit", 1)}">{_text(_("Edit"))}</a>'
            f' <a href="{url_pattern("posts:delete", 1)}">{_text(_("Delete"))}</a>'
        )

    def like(self, slot: PostSlot, liked: bool) -> str:
        """Return the like button (or count) for one post as this reader sees it."""
        if self.anonymous:
            pattern = self._login_to_like
        elif slot.author_id == self.viewer_id or not self.may_like:
            pattern = self._count
        else:
            pattern = self._unlike if liked else self._like
        return pattern.format(slot.pk, slot.like_count)

    def footer(self, slot: PostSlot, liked: bool) -> str:
        if slot.is_deleted:
            return ""
        parts = ['<footer class="post-actions">', self.like(slot, liked)]
        if not self.anonymous:
            parts.append(self._quote.format(slot.pk))
            if self.may_edit_all or (self.may_edit_own and slot.author_id == self.viewer_id):
                parts.append(self._edit.format(slot.pk))
        parts.append("</footer>")
        return "".join(parts)


def fill_controls(
    html: str, block: TopicBlock, viewer: Viewer, liked: Iterable[int], csrf_token: str
) -> SafeString:
    """Return `html` (the block or a page around it) with the reader's controls in place."""
    controls = Controls(viewer, csrf_token)
    liked_ids = set(liked)
    footers = {str(slot.pk): controls.footer(slot, slot.pk in liked_ids) for slot in block.slots}
    return mark_safe(  # noqa: S308 (the block and the patterns are escaped HTML)
        _MARKER.sub(lambda match: footers.get(match.group(1), ""), html)
    )
