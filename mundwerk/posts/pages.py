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
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mundwerk.core.models import SiteSettings
from mundwerk.core.urlpaths import url_for, url_pattern
from mundwerk.posts.models import Image, Post, Topic
from mundwerk.posts.permissions import Viewer, can_write
from mundwerk.posts.queries import topic_posts

BLOCK_SECONDS = 300
_MARKER = re.compile(r"<!--post-(controls|open|close):(\d+)-->")
# Around the content of a hidden or held post: kept for its author and the
# space's moderators, cut for everyone else (the reason stays, outside it).
_WITHHELD = re.compile(r"<!--withheld:(\d+)-->.*?<!--/withheld:\1-->", re.DOTALL)


@dataclass(frozen=True)
class PostSlot:
    """What a reader's controls need to know about one post on the page."""

    pk: int
    author_id: int
    like_count: int
    is_deleted: bool
    share_count: int = 0
    is_withheld: bool = False


@dataclass(frozen=True)
class TopicBlock:
    html: str
    slots: tuple[PostSlot, ...]
    description: str
    tags: tuple[tuple[str, str], ...]  # (name, URL) of the topic's tags
    key: str  # the cache key: names the block's contents for pages built around it
    image_url: str = ""  # the opening post's first picture, for link previews

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
        site_name = SiteSettings.load().name  # the badge of staff authors
        html = render_to_string("posts/_post_list.html", {"posts": posts, "site_name": site_name})
        slots = tuple(
            PostSlot(
                post.pk,
                post.author_id,
                post.like_count,
                post.is_deleted,
                post.share_count,
                post.is_withheld,
            )
            for post in posts
        )
        tags = tuple((tag.name, tag.get_absolute_url()) for tag in topic.tags.order_by("name"))
        block = TopicBlock(html, slots, _description(topic, posts), tags, key, _image(topic, posts))
        cache.set(key, block, BLOCK_SECONDS)
    return block


def _description(topic: Topic, posts: list[Post]) -> str:
    first = posts[0] if posts and posts[0].number == 1 else topic.first_post
    if first is None or first.is_deleted or first.is_withheld:
        return ""
    return Truncator(" ".join(strip_tags(first.html).split())).words(30)


def _image(topic: Topic, posts: list[Post]) -> str:
    """The address of the opening post's first picture, or ""."""
    if posts and posts[0].number == 1:
        images = getattr(posts[0], "page_images", [])
        shown = not posts[0].is_deleted and not posts[0].is_withheld
        image = images[0] if images and shown else None
    elif topic.first_post_id is not None:
        image = Image.objects.filter(
            post_id=topic.first_post_id, post__deleted_at=None, post__hidden_at=None,
            post__held_at=None,
        ).first()  # fmt: skip
    else:
        image = None
    return settings.SITE_URL + image.file.url if image is not None else ""


def _text(message: str) -> str:
    """Escape a translated text for HTML and for use inside a str.format pattern."""
    return str(escape(message)).replace("{", "{{").replace("}", "}}")


def _words() -> dict[str, str]:
    """The controls' words in the active language, escaped for HTML and str.format.

    Written as plain calls, not inside the f-strings below: xgettext does not
    look into f-strings, so words written there never reached the catalogs.
    """
    return {
        "log_in_to_like": _text(_("Log in to like this post")),
        "likes": _text(_("Likes")),
        "like": _text(_("Like")),
        "liked": _text(_("Liked")),
        "quote": _text(_("Quote")),
        "edit": _text(_("Edit")),
        "delete": _text(_("Delete")),
        "share": _text(_("Share")),
        "bookmark": _text(_("Bookmark")),
        "bookmarked": _text(_("Bookmarked")),
        "hidden_post": _text(_("A post by a member you blocked or muted. Show it")),
        "flag": _text(_("Flag")),
        "moderate": _text(_("Moderate")),
    }


class Controls:
    """One reader's controls under posts, as patterns built once and filled per post.

    A page has twenty posts; building each button with format_html cost more
    than the rest of the page. The patterns hold only escaped translations,
    URL patterns and the CSRF token (letters and digits); per post only
    numbers go in. Used for the page and for the button htmx swaps in, so
    both always agree.
    """

    def __init__(self, viewer: Viewer, csrf_token: str, *, moderates: bool = False) -> None:
        self.anonymous = not viewer.is_authenticated
        self.viewer_id = viewer.pk
        self.moderates = moderates
        self.may_like = can_write(viewer)
        self.may_edit_all = self.may_like and viewer.is_staff
        self.may_edit_own = self.may_like
        words = _words()
        like_url = url_pattern("posts:like", 1)
        self._login_to_like = (
            f'<a href="{url_for("account_login")}?next={url_pattern("posts:permalink", 1)}" '
            f'class="like-count like-login" title="{words["log_in_to_like"]}">'
            "♡ {1}</a>"
        )
        self._count = f'<span class="like-count" title="{words["likes"]}">♥ {{1}}</span>'
        form = (
            f'<form method="post" action="{like_url}" class="like-form" hx-post="{like_url}" '
            'hx-target="this" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        )
        self._like = (
            form + '<input type="hidden" name="action" value="like">'
            '<button type="submit" class="like-button" aria-pressed="false">'
            f'♡ {words["like"]} <span class="like-count">{{1}}</span></button></form>'
        )
        self._unlike = (
            form + '<input type="hidden" name="action" value="unlike">'
            '<button type="submit" class="like-button liked" aria-pressed="true">'
            f'♥ {words["liked"]} <span class="like-count">{{1}}</span></button></form>'
        )
        self._quote = f' <a href="{url_pattern("posts:quote", 1)}">{words["quote"]}</a>'
        self._edit = (
            f' <a href="{url_pattern("posts:edit", 1)}">{words["edit"]}</a>'
            f' <a href="{url_pattern("posts:delete", 1)}">{words["delete"]}</a>'
        )
        self._share = (
            f' <a href="{url_pattern("social:share", 1)}" class="share-link">'
            f"{words['share']}{{1}}</a>"
        )
        bookmark_url = url_pattern("social:bookmark", 1)
        bookmark_form = (
            f'<form method="post" action="{bookmark_url}" class="bookmark-form" '
            f'hx-post="{bookmark_url}" hx-target="this" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        )
        self._bookmark = (
            bookmark_form + '<input type="hidden" name="action" value="add">'
            '<button type="submit" class="link-button" aria-pressed="false">'
            f"{words['bookmark']}</button></form>"
        )
        self._unbookmark = (
            bookmark_form + '<input type="hidden" name="action" value="remove">'
            '<button type="submit" class="link-button bookmarked" aria-pressed="true">'
            f"{words['bookmarked']}</button></form>"
        )
        self._flag = (
            f' <a href="{url_pattern("moderation:flag_post", 1)}" class="flag-link" '
            f'rel="nofollow">{words["flag"]}</a>'
        )
        self._moderate = (
            f' <a href="{url_pattern("moderation:post", 1)}" class="moderate-link">'
            f"{words['moderate']}</a>"
        )
        self._hidden_open = (
            f'<details class="post-hidden"><summary>{words["hidden_post"]}</summary>'
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

    def bookmark(self, slot: PostSlot, bookmarked: bool) -> str:
        """Return the bookmark button for one post (members only)."""
        return (self._unbookmark if bookmarked else self._bookmark).format(slot.pk)

    def footer(self, slot: PostSlot, liked: bool, bookmarked: bool = False) -> str:
        if slot.is_deleted:
            return self._moderate.format(slot.pk) if self.moderates else ""
        if slot.is_withheld:
            return self._withheld_footer(slot)
        shares = f" ({slot.share_count})" if slot.share_count else ""
        parts = ['<footer class="post-actions">', self.like(slot, liked)]
        parts.append(self._share.format(slot.pk, shares))
        if not self.anonymous:
            parts.append(self._quote.format(slot.pk))
            parts.append(" " + self.bookmark(slot, bookmarked))
            if self.may_edit_all or (self.may_edit_own and slot.author_id == self.viewer_id):
                parts.append(self._edit.format(slot.pk))
            if slot.author_id != self.viewer_id:
                parts.append(self._flag.format(slot.pk))
            if self.moderates:
                parts.append(self._moderate.format(slot.pk))
        parts.append("</footer>")
        return "".join(parts)

    def _withheld_footer(self, slot: PostSlot) -> str:
        """A hidden or held post: no likes, shares or quotes; its author edits, moderators act."""
        parts = ['<footer class="post-actions">']
        if self.may_edit_all or (self.may_edit_own and slot.author_id == self.viewer_id):
            parts.append(self._edit.format(slot.pk))
        if self.moderates:
            parts.append(self._moderate.format(slot.pk))
        parts.append("</footer>")
        return "".join(parts)

    def sees_withheld(self, slot: PostSlot) -> bool:
        """Whether this reader sees a hidden or held post's content: its author and moderators."""
        return self.moderates or (not self.anonymous and slot.author_id == self.viewer_id)

    def wrapper(self, slot: PostSlot, hidden: frozenset[int]) -> tuple[str, str]:
        """Open and close a hidden author's post behind a "show" toggle; nothing otherwise."""
        if slot.author_id in hidden and not slot.is_deleted:
            return self._hidden_open, "</details>"
        return "", ""


@dataclass(frozen=True)
class ReaderMarks:
    """What one reader did to, or chose about, the posts of a page."""

    liked: frozenset[int] = frozenset()
    bookmarked: frozenset[int] = frozenset()
    hidden_authors: frozenset[int] = frozenset()
    moderates: bool = False  # moderates the topic's space: sees hidden and held posts


def fill_controls(
    html: str, block: TopicBlock, viewer: Viewer, marks: ReaderMarks, csrf_token: str
) -> SafeString:
    """Return `html` (the block or a page around it) with the reader's controls in place."""
    controls = Controls(viewer, csrf_token, moderates=marks.moderates)
    if any(slot.is_withheld for slot in block.slots):
        kept = {str(slot.pk) for slot in block.slots if controls.sees_withheld(slot)}
        html = _WITHHELD.sub(lambda match: match.group(0) if match.group(1) in kept else "", html)
    parts: dict[tuple[str, str], str] = {}
    for slot in block.slots:
        pk = str(slot.pk)
        parts["controls", pk] = controls.footer(
            slot, slot.pk in marks.liked, slot.pk in marks.bookmarked
        )
        parts["open", pk], parts["close", pk] = controls.wrapper(slot, marks.hidden_authors)
    return mark_safe(  # noqa: S308 (the block and the patterns are escaped HTML)
        _MARKER.sub(lambda match: parts.get((match.group(1), match.group(2)), ""), html)
    )
