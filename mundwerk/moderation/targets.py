"""The six kinds of thing that are flagged and moderated, and what each tells about itself."""

from datetime import datetime
from typing import cast

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.events.models import Event
from mundwerk.posts.models import Post, Topic
from mundwerk.reviews.models import Review
from mundwerk.spaces.models import Space

Item = Post | Topic | Review | Event | User | Space

KIND_OF = {Post: "post", Topic: "topic", Review: "review", Event: "event", User: "member",
           Space: "group"}  # fmt: skip
MODEL_OF: dict[str, type[models.Model]] = {kind: model for model, kind in KIND_OF.items()}


_ON_AUTHOR = ("silence", "suspend", "ban", "lift")
# The decisions that apply to each kind of item: the decision form offers these,
# and actions.decide refuses the rest.
DECISIONS_FOR = {
    "post": ("approve", "hide", "unhide", "delete", "lock", "unlock", "pin", "unpin", *_ON_AUTHOR),
    "topic": ("approve", "hide", "unhide", "delete", "lock", "unlock", "pin", "unpin", *_ON_AUTHOR),
    "review": ("approve", "hide", "unhide", "delete", *_ON_AUTHOR),
    "event": ("approve", "hide", "unhide", *_ON_AUTHOR),
    "member": ("approve", "hide", "unhide", *_ON_AUTHOR),
    "group": ("approve", "hide", "unhide", *_ON_AUTHOR),
}


def kind_of(item: Item) -> str:
    return KIND_OF[type(item)]


def target_fields(item: Item) -> dict[str, object]:
    """The Target columns that point at `item`, with the space that answers for it."""
    return {kind_of(item): item, "space": item_space(item)}


def item_space(item: Item) -> Space | None:
    """The space whose moderators answer for the item (None: staff only).

    A group is judged by staff, never by its own moderators; reviews and
    profiles belong to no space.
    """
    if isinstance(item, Post):
        return item.topic.space
    if isinstance(item, Topic | Event):
        return item.space
    return None


def hidden_since(item: Item) -> datetime | None:
    """When moderators hid the item (for a member: their profile), or None."""
    if isinstance(item, User):
        return item.profile_hidden_at
    return item.hidden_at


def item_author(item: Item) -> User | None:
    """Whose the item is: the one told of a decision, and who may appeal it."""
    if isinstance(item, Post | Topic | Review):
        return item.author
    if isinstance(item, Event):
        return item.organiser
    if isinstance(item, User):
        return item
    owner = item.memberships.filter(role="owner").select_related("member").first()
    return owner.member if owner is not None else None


def item_title(item: Item) -> str:
    """A short name of the item for people: a topic's title, a member's name."""
    if isinstance(item, Post):
        return item.topic.title
    if isinstance(item, Topic | Review | Event):
        return item.title
    if isinstance(item, User):
        return "@" + item.username
    return item.name


def item_url(item: Item) -> str:
    return item.get_absolute_url()


def kind_name(kind: str) -> str:
    names = {
        "post": _("post"),
        "topic": _("topic"),
        "review": _("review"),
        "event": _("event"),
        "member": _("profile"),
        "group": _("group"),
    }
    return names.get(kind, kind)


def load_item(kind: str, pk: int) -> Item:
    """The item of this kind and number, or 404; the caller asks who may see it."""
    model = MODEL_OF.get(kind)
    if model is None:
        raise Http404
    query = model._default_manager.all()  # type: ignore[attr-defined]
    if model is Post:
        query = query.select_related("topic__space", "author")
    elif model is Topic or model is Event:
        query = query.select_related("space")
    found = query.filter(pk=pk).first()
    if found is None or (isinstance(found, Space) and not found.is_group):
        raise Http404
    return cast(Item, found)


def get_item_for(viewer: Viewer, kind: str, pk: int) -> Item:
    """The item of this kind and number that the viewer may see, or 404."""
    from mundwerk.events.queries import get_event_for
    from mundwerk.posts.queries import get_post_for, get_topic_for
    from mundwerk.reviews.queries import get_review_for
    from mundwerk.spaces.permissions import can_see_space

    if kind == "post":
        return get_post_for(viewer, pk)
    if kind == "topic":
        return get_topic_for(viewer, pk)
    if kind == "review":
        return get_review_for(viewer, pk)
    if kind == "event":
        return get_event_for(viewer, pk)
    if kind == "member":
        member = User.objects.filter(pk=pk, is_active=True).first()
        if member is None:
            raise Http404
        return member
    if kind == "group":
        group = Space.objects.filter(pk=pk, kind=Space.Kind.GROUP).first()
        if group is None or not can_see_space(viewer, group):
            raise Http404
        return group
    raise Http404
