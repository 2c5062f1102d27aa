"""What members hear about, and how each member wants to hear about it.

One `Notification` row per recipient and event (`event` names the event:
"post:12", "like:12", "follow:7", "share:12:7"), so a task that runs twice
finds its row and writes nothing new. Likes of one post are one row that
counts the likers since the recipient last read it. Rows are written only by
`notifications.actions`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mundwerk.posts.models import Post

MEMBER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    """Why a member hears of something; the first four in order of how specific they are."""

    MENTION = "mention", _("Mentions of you")
    QUOTE = "quote", _("Quotes of your posts")
    REPLY = "reply", _("Replies to your topics")
    WATCHED = "watched", _("Replies in topics you watch")
    LIKE = "like", _("Likes of your posts")
    FOLLOW = "follow", _("New followers")
    NEW_TOPIC = "new_topic", _("New topics in spaces you follow")
    SHARE = "share", _("Shares of your posts")
    GROUP = "group", _("Group invitations, join requests and answers")
    EVENT = "event", _("Events you responded to: reminders and changes")
    REVIEW = "review", _("Reviews: answers to yours, and critical ones for staff")
    MODERATION = "moderation", _("Moderation of what you wrote, and answers to your appeals")


class Notification(models.Model):
    recipient = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    event = models.CharField(max_length=60, verbose_name=_("event"))
    actor = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    # Notifications about something other than a post (an event, a group, a
    # review) name it in `subject`, lead to `link`, and say what happened by
    # `what`, a key into notifications.texts.SENTENCES.
    what = models.CharField(max_length=40, blank=True, verbose_name=_("what happened"))
    subject = models.CharField(max_length=200, blank=True, verbose_name=_("about"))
    link = models.CharField(max_length=300, blank=True, verbose_name=_("link"))
    # Likes: how many members liked the post since the recipient last read the row.
    actor_count = models.PositiveIntegerField(default=1, verbose_name=_("number of members"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    # The latest activity: what the list is sorted by.
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))
    # Likes: the likes counted are those after this time (when the row was last read).
    group_since = models.DateTimeField(null=True, blank=True, verbose_name=_("counted since"))
    # False when the member wants this kind by email only: kept to send the email once.
    is_shown = models.BooleanField(default=True, verbose_name=_("shown on the site"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_list"),
            models.Index(fields=["post"], name="notification_post"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.event})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def other_count(self) -> int:
        return max(0, self.actor_count - 1)


# Kinds that are emailed at once unless the member says otherwise.
EMAILED_BY_DEFAULT = frozenset(
    {
        Kind.MENTION,
        Kind.QUOTE,
        Kind.REPLY,
        Kind.WATCHED,
        Kind.GROUP,
        Kind.EVENT,
        Kind.REVIEW,
        Kind.MODERATION,
    }
)


class Preferences(models.Model):
    """Per kind: shown on the site, emailed at once; and how often a digest comes."""

    class Digest(models.TextChoices):
        NEVER = "never", _("Never")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    member = models.OneToOneField(
        MEMBER,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
        verbose_name=_("member"),
    )
    web_mention = models.BooleanField(default=True)
    web_quote = models.BooleanField(default=True)
    web_reply = models.BooleanField(default=True)
    web_watched = models.BooleanField(default=True)
    web_like = models.BooleanField(default=True)
    web_follow = models.BooleanField(default=True)
    web_new_topic = models.BooleanField(default=True)
    web_share = models.BooleanField(default=True)
    web_group = models.BooleanField(default=True)
    web_event = models.BooleanField(default=True)
    web_review = models.BooleanField(default=True)
    web_moderation = models.BooleanField(default=True)
    email_mention = models.BooleanField(default=True)
    email_quote = models.BooleanField(default=True)
    email_reply = models.BooleanField(default=True)
    email_watched = models.BooleanField(default=True)
    email_like = models.BooleanField(default=False)
    email_follow = models.BooleanField(default=False)
    email_new_topic = models.BooleanField(default=False)
    email_share = models.BooleanField(default=False)
    email_group = models.BooleanField(default=True)
    email_event = models.BooleanField(default=True)
    email_review = models.BooleanField(default=True)
    email_moderation = models.BooleanField(default=True)
    digest = models.CharField(
        max_length=10, choices=Digest.choices, default=Digest.WEEKLY, verbose_name=_("digest")
    )
    # The language the member used when they last saved: emails are written in it.
    language = models.CharField(
        max_length=10, default=settings.LANGUAGE_CODE, verbose_name=_("language")
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last digest sent"))

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preferences of {self.member_id}"

    def shows(self, kind: str) -> bool:
        return bool(getattr(self, f"web_{kind}"))

    def emails(self, kind: str) -> bool:
        return bool(getattr(self, f"email_{kind}"))

    def digest_is_due(self, now: datetime) -> bool:
        """Whether a digest may go out now; an hour's slack lets a daily run keep its time."""
        period = {self.Digest.DAILY: timedelta(days=1), self.Digest.WEEKLY: timedelta(days=7)}
        if self.digest not in period:
            return False
        if self.digest_sent_at is None:
            return True
        return now - self.digest_sent_at >= period[self.Digest(self.digest)] - timedelta(hours=1)
