"""The "Show less like this" controls: forms that post to the social app's mute endpoints.

The endpoints live in the social app; while one of them does not exist (yet),
its form is left out rather than breaking the page.
"""

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch

from mundwerk.core.urlpaths import url_for


@cache
def _exists(name: str) -> bool:
    """Whether the URL name resolves; asked once per process (reverse() costs ~20 µs)."""
    try:
        url_for(name, "x")
    except NoReverseMatch:
        return False
    return True


def mute_url(name: str, argument: str) -> str:
    """The URL of a social mute endpoint, or "" while it does not exist."""
    if not _exists(name):
        return ""
    try:
        return url_for(name, argument)
    except NoReverseMatch:  # an argument the route does not accept
        return ""


@dataclass
class ShowLess:
    space: str = ""
    member: str = ""
    member_name: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)  # (tag name, URL)

    @property
    def any(self) -> bool:
        return bool(self.space or self.member or self.tags)


def show_less_for(space_slug: str, username: str, tag_names: list[str]) -> ShowLess:
    tags = [(name, mute_url("social:mute_tag", name)) for name in tag_names]
    return ShowLess(
        space=mute_url("social:mute_space", space_slug),
        member=mute_url("social:mute_member", username) if username else "",
        member_name=username,
        tags=[(name, url) for name, url in tags if url],
    )
