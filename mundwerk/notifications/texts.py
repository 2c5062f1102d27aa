"""The sentence that says what a notification is about, for the list and for emails."""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mundwerk.notifications.models import Kind, Notification

# What happened, for notifications about something other than a post: the
# sentence names the actor (%(name)s) and the thing (%(subject)s).
SENTENCES: dict[str, Promise] = {
    "group_invited": gettext_lazy("%(name)s invited you to the group “%(subject)s”"),
    "group_join_request": gettext_lazy("%(name)s asks to join the group “%(subject)s”"),
    "group_request_approved": gettext_lazy("%(name)s let you into the group “%(subject)s”"),
    "group_request_declined": gettext_lazy(
        "%(name)s declined your request to join the group “%(subject)s”"
    ),
    "group_moderator_invited": gettext_lazy("%(name)s asks you to moderate “%(subject)s”"),
    "group_ownership": gettext_lazy("%(name)s made you the owner of the group “%(subject)s”"),
    "event_reminder_day": gettext_lazy("“%(subject)s” starts in 24 hours"),
    "event_reminder_hour": gettext_lazy("“%(subject)s” starts in an hour"),
    "event_changed": gettext_lazy("%(name)s changed the time of “%(subject)s”"),
    "event_cancelled": gettext_lazy("%(name)s cancelled “%(subject)s”"),
    "event_waitlist_moved_up": gettext_lazy("A seat came free: you are going to “%(subject)s”"),
    "review_critical": gettext_lazy("%(name)s wrote a critical review: “%(subject)s”"),
    "moderation_hidden": gettext_lazy("Moderators hid your post in “%(subject)s”"),
    "moderation_deleted": gettext_lazy("Moderators deleted your post in “%(subject)s”"),
    "moderation_edited": gettext_lazy("Moderators edited your post in “%(subject)s”"),
    "moderation_redacted": gettext_lazy(
        "Moderators removed personal data from your post in “%(subject)s”"
    ),
    "moderation_approved": gettext_lazy("Your post in “%(subject)s” was approved"),
    "moderation_locked": gettext_lazy("Moderators locked your topic “%(subject)s”"),
    "moderation_moved": gettext_lazy("Moderators moved your topic “%(subject)s”"),
    "moderation_silenced": gettext_lazy("Moderators silenced you until %(subject)s"),
    "moderation_suspended": gettext_lazy("Moderators suspended you until %(subject)s"),
    "moderation_banned": gettext_lazy("Moderators banned you: %(subject)s"),
    "moderation_profile_hidden": gettext_lazy(
        "Moderators hid your profile from others: %(subject)s"
    ),
    "moderation_profile_shown": gettext_lazy("Moderators show your profile to everyone again"),
    "moderation_group_hidden": gettext_lazy(
        "Moderators hid your group “%(subject)s” from everyone outside it"
    ),
    "moderation_group_shown": gettext_lazy(
        "Moderators show your group “%(subject)s” to everyone again"
    ),
    "moderation_appeal_answered": gettext_lazy("Your appeal was answered: %(subject)s"),
    "moderation_flagged": gettext_lazy("Something was flagged for review: %(subject)s"),
    "review_answered": gettext_lazy("%(name)s answered your review “%(subject)s” for the business"),
}


# Of these nobody is the author (the actor only names whose event it is), so
# the actor hears of them too.
UNAUTHORED = frozenset({"event_reminder_day", "event_reminder_hour"})
# What moderators decided about a member's own content or account: told to
# them whoever decided (even themselves), and whatever blocks lie between.
DECISIONS = frozenset(key for key in SENTENCES if key.startswith("moderation_")) - {
    "moderation_flagged"
}


def describe(notification: Notification) -> str:
    """One plain-text sentence in the active language; templates escape it."""
    if notification.what:
        sentence = SENTENCES.get(notification.what)
        if sentence is None:
            return notification.subject
        return str(sentence) % {
            "name": notification.actor.username,
            "subject": notification.subject,
        }
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
    if notification.link:
        return notification.link
    if notification.post is not None:
        return notification.post.get_absolute_url()
    return notification.actor.get_absolute_url()
