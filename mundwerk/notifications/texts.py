"""The sentence that says what a notification is about, for the list and for emails."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mundwerk.notifications.models import Kind, Notification


def describe(notification: Notification) -> str:
    """One plain-text sentence in the active language; templates escape it."""
    name = notification.actor.username
    post = notification.post
    topic = post.topic.title if post is not None else ""
    values = {"name": name, "topic": topic, "count": notification.other_count}
    kind = notification.kind
    if kind == Kind.MENTION:
        return _("%(name)s mentioned you in “%(topic)s”") % values
    if kind == Kind.QUOTE:
        return _("%(name)s quoted you in “%(topic)s”") % values
    if kind == Kind.REPLY:
        return _("%(name)s replied to your topic “%(topic)s”") % values
    if kind == Kind.WATCHED:
        return _("%(name)s replied in “%(topic)s”, which you watch") % values
    if kind == Kind.LIKE:
        if not notification.other_count:
            return _("%(name)s liked your post in “%(topic)s”") % values
        return (
            ngettext(
                "%(name)s and %(count)s other liked your post in “%(topic)s”",
                "%(name)s and %(count)s others liked your post in “%(topic)s”",
                notification.other_count,
            )
            % values
        )
    if kind == Kind.FOLLOW:
        return _("%(name)s follows you now") % values
    if kind == Kind.NEW_TOPIC:
        values["space"] = post.topic.space.name if post is not None else ""
        return _("%(name)s opened the topic “%(topic)s” in %(space)s") % values
    return _("%(name)s shared your post in “%(topic)s”") % values


def target_url(notification: Notification) -> str:
    """Where the notification leads: the post's permalink, or the follower's profile."""
    if notification.post is not None:
        return notification.post.get_absolute_url()
    return notification.actor.get_absolute_url()
