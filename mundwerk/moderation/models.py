"""Flags, the moderation log, appeals and the site's moderation settings.

What a flag or a log entry is about is one of six kinds of thing (a post, a
topic, a review, an event, a member's profile, a group). Each kind is an
explicit nullable foreign key in `Target`, not a contenttypes
GenericForeignKey: the database keeps every reference valid, the queue and
the log load each kind with one `select_related` (a generic relation costs a
query per kind and cannot be joined), "one flag per member per item" is a
plain unique constraint per column (NULLs never collide), and a check
constraint makes sure exactly one target is set.
"""

from typing import cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mundwerk.core.models import SingletonSettings
from mundwerk.events.models import Event
from mundwerk.moderation.targets import Item, item_title, kind_name
from mundwerk.posts.models import Post, Topic
from mundwerk.reviews.models import Review
from mundwerk.spaces.models import Space

MEMBER = settings.AUTH_USER_MODEL
REASON_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 1000
TARGET_FIELDS = ("post", "topic", "review", "event", "member", "group")


def _exactly_one_target() -> Q:
    condition = Q()
    for name in TARGET_FIELDS:
        only = Q(**{f"{name}__isnull": False}) & Q(
            *[Q(**{f"{other}__isnull": True}) for other in TARGET_FIELDS if other != name]
        )
        condition |= only
    return condition


class Target(models.Model):
    """What a flag or a moderation entry is about: exactly one of six things.

    `space` is the space whose moderators answer for the thing (none for a
    review, a profile or a group: staff only); it moves with a topic.
    """

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("post"),
    )  # fmt: skip
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("topic"),
    )  # fmt: skip
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("review"),
    )  # fmt: skip
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("event"),
    )  # fmt: skip
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("profile"),
    )  # fmt: skip
    group = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("group"),
    )  # fmt: skip
    space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("space"),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def kind(self) -> str:
        for name in TARGET_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def item(self) -> Item | None:
        kind = self.kind
        return cast("Item", getattr(self, kind)) if kind else None

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)

    @property
    def item_title(self) -> str:
        item = self.item
        return item_title(item) if item is not None else ""

    @property
    def target_key(self) -> tuple[str, int]:
        kind = self.kind
        return kind, getattr(self, f"{kind}_id")


class Flag(Target):
    """One member's report of one thing; one per member and thing."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        HARASSMENT = "harassment", _("Harassment")
        OFF_TOPIC = "off_topic", _("Off-topic")
        ILLEGAL = "illegal", _("Illegal content")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("upheld")
        REJECTED = "rejected", _("rejected")

    flagger = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="flags", verbose_name=_("flagged by")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("details"), max_length=TEXT_MAX_LENGTH, blank=True)
    # The flagger's trust level when they flagged: what automatic hiding counts.
    trust_level = models.PositiveSmallIntegerField(_("trust level"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Answered by a moderator (or by a later decision on the same thing).
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="flag_one_target"),
            *[
                models.UniqueConstraint(fields=["flagger", name], name=f"flag_once_{name}")
                for name in TARGET_FIELDS
            ],
        ]
        indexes = [
            models.Index(fields=["resolved_at", "space"], name="flag_open_space"),
            models.Index(fields=["flagger", "-created_at"], name="flag_flagger_created"),
        ]

    def __str__(self) -> str:
        return f"{self.flagger_id} flags {self.kind} {self.target_key[1]}"


class ModerationEntry(Target):
    """One moderation decision: the public log's row, written only by moderation.actions."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        DISMISS = "dismiss", _("flags dismissed")
        HIDE = "hide", _("hidden")
        UNHIDE = "unhide", _("shown again")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")
        EDIT = "edit", _("edited")
        REDACT = "redact", _("personal data removed")
        LOCK = "lock", _("locked")
        UNLOCK = "unlock", _("unlocked")
        PIN = "pin", _("pinned")
        UNPIN = "unpin", _("unpinned")
        MOVE = "move", _("moved")
        SILENCE = "silence", _("silenced")
        SUSPEND = "suspend", _("suspended")
        BAN = "ban", _("banned")
        LIFT = "lift", _("restrictions lifted")
        REVERSE = "reverse", _("decision reversed on appeal")

    class Role(models.TextChoices):
        STAFF = "staff", _("staff")
        MODERATOR = "moderator", _("a moderator of the space")
        SYSTEM = "system", _("the system")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # None: the system (automatic hiding after flags).
    moderator = models.ForeignKey(
        MEMBER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("moderator"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # Whose content or account it was: the one who is told, and who may appeal.
    affected = models.ForeignKey(
        MEMBER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("affected member"),
    )  # fmt: skip
    reason = models.CharField(_("public reason"), max_length=REASON_MAX_LENGTH, blank=True)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    # A move: where the topic came from (to reverse it).
    from_space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("moved from"),
    )  # fmt: skip
    # An edit or redaction: the revision it made, for the edit history.
    revision_number = models.PositiveIntegerField(_("revision"), null=True, blank=True)
    # Answered the appeal of this entry (reversed or upheld it).
    answers = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answers"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation entry")
        verbose_name_plural = _("moderation log")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="entry_one_target"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="entry_log"),
            models.Index(fields=["affected", "-created_at"], name="entry_affected"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.kind} {self.target_key[1]}"

    def get_absolute_url(self) -> str:
        return f"/moderation/log/#entry-{self.pk}"


class Appeal(models.Model):
    """The affected member's one appeal against one moderation entry."""

    class Answer(models.TextChoices):
        UPHELD = "upheld", _("The decision stands")
        REVERSED = "reversed", _("The decision was reversed")

    entry = models.OneToOneField(
        ModerationEntry, on_delete=models.CASCADE, related_name="appeal",
        verbose_name=_("moderation entry"),
    )  # fmt: skip
    author = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("why the decision is wrong"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answer_text = models.CharField(_("answer"), max_length=REASON_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        MEMBER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["answered_at"], name="appeal_open")]

    def __str__(self) -> str:
        return f"appeal of {self.entry_id}"


class ModerationSettings(SingletonSettings):
    """What staff tune about moderation at run time: one row, edited in the admin."""

    CACHE_KEY = "moderation:settings"

    auto_hide_flags = models.PositiveSmallIntegerField(
        _("flags that hide an item"),
        default=3,
        help_text=_("Flags by this many trusted members hide an item until a moderator decides."),
    )
    auto_hide_trust_level = models.PositiveSmallIntegerField(
        _("trust level whose flags count"), default=2
    )
    log_shows_names = models.BooleanField(
        _("the public log names moderators"),
        default=False,
        help_text=_("Off: the log says only “staff” or “a moderator of the space”."),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("moderation settings"))
