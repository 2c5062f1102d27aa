"""Spam rules applied to every new post before it is written.

`screen_post` is called by `posts.actions.create_topic` and `create_reply`
inside their checks: it refuses a post (raises ValidationError with a
message for the writer, or `limits.RateLimited` past the posts-per-minute
limit of the author's trust level, which the site answers with HTTP 429),
holds it for review (returns a reason), or lets it through (returns "").

In order: blocked words and domains, the same text again, level 0's limits
(links, pictures, posts a day), posts per minute; then what holds a post:
watched words and domains, and in careful mode any link by a level-0 member.
Staff are screened for none of it but blocked terms and repeats. The rules
of pace (posts a minute and a day, the same text again) are off with the
rate limits (MUNDWERK_RATE_LIMITS=false: load tests, the test suite).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from linkify_it import LinkifyIt

from mundwerk.accounts.models import User
from mundwerk.spaces.models import Space
from mundwerk.trust import limits
from mundwerk.trust.models import ScreenedTerm, TrustSettings

_MINUTE = 60
_PAUSED: ContextVar[bool] = ContextVar("screening_paused", default=False)


@contextmanager
def screening_paused() -> Iterator[None]:
    """Publish everything written inside, unscreened: for the demo loader and imports only.

    They write a community's history in seconds (the same short replies, many
    a minute), which the rules for people would refuse.
    """
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


@lru_cache(maxsize=1)
def _linkify() -> LinkifyIt:
    # The same detection the Markdown renderer links with (bare "example.com" too).
    return LinkifyIt()


def link_hosts(text: str) -> list[str]:
    """Return the host of every link in `text`, in order, lower-case (repeats kept)."""
    matches = _linkify().match(text) or []
    hosts = []
    for match in matches:
        if match.schema.lower() == "mailto:":
            continue
        url = match.url if "//" in match.url else f"http://{match.url}"
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            continue
        if host:
            hosts.append(host.rstrip(".").lower())
    return hosts


def host_matches(host: str, domain: str) -> bool:
    """Whether `host` is `domain` or one of its subdomains."""
    return host == domain or host.endswith("." + domain)


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of `words` as whole words."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _terms() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for kind, action, value in ScreenedTerm.objects.values_list("kind", "action", "value"):
        found.setdefault((kind, action), []).append(value)
    return found


def matched_term(text: str, hosts: list[str], words: list[str], domains: list[str]) -> str:
    """The first listed word in `text` or domain among `hosts`, "" for none."""
    pattern = word_pattern(words)
    if pattern is not None:
        match = pattern.search(text)
        if match:
            return match.group(0)
    for host in hosts:
        for domain in domains:
            if host_matches(host, domain):
                return domain
    return ""


def screen_post(*, author: User, body: str, space: Space, title: str = "", images: int = 0) -> str:
    """Return why the post must wait for review ("" to publish it), or raise ValidationError."""
    if _PAUSED.get():
        return ""
    text = f"{title}\n{body}" if title else body
    hosts = link_hosts(text)
    terms = _terms()
    word, domain = ScreenedTerm.Kind.WORD, ScreenedTerm.Kind.DOMAIN
    block, watch = ScreenedTerm.Action.BLOCK, ScreenedTerm.Action.WATCH
    blocked = matched_term(
        text, hosts, terms.get((word, block), []), terms.get((domain, block), [])
    )
    if blocked:
        raise ValidationError(
            _("“%(term)s” is not allowed here. Please change your post.") % {"term": blocked}
        )
    rules = TrustSettings.load()
    _refuse_repeat(author, body, title, rules)
    if author.is_staff:
        return ""
    if author.trust_level == 0:
        _check_new_member(author, hosts, images, rules)
    limits.hit(
        "posts",
        author.pk,
        limit=rules.posts_per_minute(author.trust_level),
        window=_MINUTE,
        message=_("You are writing faster than this site allows."),
    )
    watched = matched_term(
        text, hosts, terms.get((word, watch), []), terms.get((domain, watch), [])
    )
    if watched:
        return _("Contains a watched term: %(term)s") % {"term": watched}
    if rules.careful_mode and author.trust_level == 0 and hosts:
        return _("A new member's post with a link, while the site is careful")
    return ""


def _refuse_repeat(author: User, body: str, title: str, rules: TrustSettings) -> None:
    """The same text by the same author within a few minutes: a double submit or spam."""
    from mundwerk.posts.models import Post

    if not rules.duplicate_minutes or not settings.RATE_LIMITS:
        return
    since = timezone.now() - timedelta(minutes=rules.duplicate_minutes)
    repeats = Post.objects.filter(
        author=author, body=body, created_at__gte=since, deleted_at__isnull=True
    )
    # A topic's text is its title and body: the same body under another title is another topic.
    repeats = repeats.filter(number=1, topic__title=title) if title else repeats.exclude(number=1)
    if repeats.exists():
        raise ValidationError(
            _("You posted the same text a moment ago. Please write something new.")
        )


def _check_new_member(author: User, hosts: list[str], images: int, rules: TrustSettings) -> None:
    from mundwerk.posts.models import Post

    if len(hosts) > rules.new_member_max_links:
        raise ValidationError(
            ngettext(
                "New members may put at most %(count)d link in a post.",
                "New members may put at most %(count)d links in a post.",
                rules.new_member_max_links,
            )
            % {"count": rules.new_member_max_links}
        )
    if images > rules.new_member_max_images:
        raise ValidationError(
            ngettext(
                "New members may attach at most %(count)d picture to a post.",
                "New members may attach at most %(count)d pictures to a post.",
                rules.new_member_max_images,
            )
            % {"count": rules.new_member_max_images}
        )
    since = timezone.now() - timedelta(days=1)
    if settings.RATE_LIMITS and Post.objects.filter(
        author=author, created_at__gte=since
    ).count() >= (rules.new_member_posts_per_day):
        raise ValidationError(
            ngettext(
                "New members may write %(count)d post a day. Please come back tomorrow.",
                "New members may write %(count)d posts a day. Please come back tomorrow.",
                rules.new_member_posts_per_day,
            )
            % {"count": rules.new_member_posts_per_day}
        )
