"""Trust levels, activity, influence and the spam rules staff keep in the admin.

What staff tune at run time lives here, in the database: the thresholds of
each trust level (`LevelRequirement`), the limits and the careful mode
(`TrustSettings`, one row), and the lists of blocked and watched words and
domains (`ScreenedTerm`). Everything else is written by the scheduled task
(`update_trust_levels`) or, for visits and reads, by `activity`.
"""

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mundwerk.core.models import SingletonSettings

MEMBER = django_settings.AUTH_USER_MODEL
GRANTED_LEVEL = 4


class TrustSettings(SingletonSettings):
    """Limits and switches of the spam defences: one row, edited in the admin."""

    CACHE_KEY = "trust:settings"

    careful_mode = models.BooleanField(
        _("careful mode"),
        default=False,
        help_text=_("Hold every post with a link by a new member (level 0) for review."),
    )
    new_member_max_links = models.PositiveSmallIntegerField(
        _("links per post at level 0"), default=2
    )
    new_member_max_images = models.PositiveSmallIntegerField(
        _("pictures per post at level 0"), default=1
    )
    new_member_posts_per_day = models.PositiveSmallIntegerField(
        _("posts per day at level 0"), default=10
    )
    posts_per_minute_level_0 = models.PositiveSmallIntegerField(
        _("posts per minute at level 0"), default=3
    )
    posts_per_minute_level_1 = models.PositiveSmallIntegerField(
        _("posts per minute at level 1"), default=6
    )
    posts_per_minute_level_2 = models.PositiveSmallIntegerField(
        _("posts per minute at level 2"), default=10
    )
    posts_per_minute_level_3 = models.PositiveSmallIntegerField(
        _("posts per minute at levels 3 and 4"), default=20
    )
    duplicate_minutes = models.PositiveSmallIntegerField(
        _("refuse the same text again within (minutes)"), default=10
    )
    signups_per_ip_per_hour = models.PositiveSmallIntegerField(
        _("sign-ups per IP address per hour"), default=5
    )
    signup_min_seconds = models.PositiveSmallIntegerField(
        _("minimum seconds to fill in the sign-up form"),
        default=3,
        help_text=_("Faster sign-ups are refused: people take longer than bots."),
    )
    login_failures_per_account = models.PositiveSmallIntegerField(
        _("failed log-ins per account before the lockout"), default=5
    )
    login_failures_per_ip = models.PositiveSmallIntegerField(
        _("failed log-ins per IP address before the lockout"), default=20
    )
    login_lockout_minutes = models.PositiveSmallIntegerField(
        _("lockout (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("spam defence settings")
        verbose_name_plural = _("spam defence settings")

    def __str__(self) -> str:
        return str(_("Spam defence settings"))

    def posts_per_minute(self, level: int) -> int:
        return (
            [
                self.posts_per_minute_level_0,
                self.posts_per_minute_level_1,
                self.posts_per_minute_level_2,
            ][level]
            if level < 3
            else self.posts_per_minute_level_3
        )


class LevelRequirement(models.Model):
    """What a member must have done to reach a level (1 to 3; level 4 is granted)."""

    level = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    window_days = models.PositiveSmallIntegerField(
        _("counted over the last (days)"),
        default=0,
        help_text=_("0 counts everything since joining; otherwise only the last days count."),
    )
    days_since_joining = models.PositiveIntegerField(_("days since joining"), default=0)
    days_visited = models.PositiveIntegerField(_("days visited"), default=0)
    topics_read = models.PositiveIntegerField(_("topics read"), default=0)
    posts_read = models.PositiveIntegerField(_("posts read"), default=0)
    posts_written = models.PositiveIntegerField(_("posts written"), default=0)
    likes_given = models.PositiveIntegerField(_("likes given"), default=0)
    likes_received = models.PositiveIntegerField(_("likes received"), default=0)
    max_flags_upheld = models.PositiveIntegerField(
        _("at most this many upheld flags"), default=1000
    )

    class Meta:
        ordering = ["level"]
        verbose_name = _("trust level requirement")
        verbose_name_plural = _("trust level requirements")

    def __str__(self) -> str:
        return str(_("Level %(level)s") % {"level": self.level})


class MemberTrust(models.Model):
    """A member's figures from the last run of the task, and a level staff granted."""

    member = models.OneToOneField(
        MEMBER, on_delete=models.CASCADE, related_name="trust", verbose_name=_("member")
    )
    granted_level = models.PositiveSmallIntegerField(
        _("granted level"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(GRANTED_LEVEL)],
        help_text=_(
            "The level never drops below this. Level 4 (leader) is only ever granted here."
        ),
    )
    promoted_at = models.DateTimeField(_("level reached"), null=True, blank=True)
    days_visited = models.PositiveIntegerField(_("days visited"), default=0)
    topics_read = models.PositiveIntegerField(_("topics read"), default=0)
    posts_read = models.PositiveIntegerField(_("posts read"), default=0)
    posts_written = models.PositiveIntegerField(_("posts written"), default=0)
    likes_given = models.PositiveIntegerField(_("likes given"), default=0)
    likes_received = models.PositiveIntegerField(_("likes received"), default=0)
    flags_upheld = models.PositiveIntegerField(_("flags upheld"), default=0)
    flags_rejected = models.PositiveIntegerField(_("flags rejected"), default=0)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)

    class Meta:
        verbose_name = _("member trust")
        verbose_name_plural = _("member trust")

    def __str__(self) -> str:
        return str(self.member_id)


class DailyVisit(models.Model):
    """A member was here on this day (one row per member and day)."""

    member = models.ForeignKey(MEMBER, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="visit_once_a_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.day}"


class TopicRead(models.Model):
    """How far a member read a topic: the highest post number of a page they opened."""

    member = models.ForeignKey(MEMBER, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("posts.Topic", on_delete=models.CASCADE, related_name="+")
    highest_post_number = models.PositiveIntegerField(default=0)
    first_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "topic"], name="read_once")]
        indexes = [models.Index(fields=["first_read_at"], name="topicread_first")]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.topic_id} to {self.highest_post_number}"


class MemberInfluence(models.Model):
    """How much others listen to a member in a space, and how active they are there."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(MEMBER, on_delete=models.CASCADE, related_name="+")
    # PageRank over who replies to, quotes, likes and shares whom, scaled so
    # that 1.0 is the space's average participant.
    score = models.FloatField(_("influence"))
    rank = models.PositiveIntegerField(_("rank"))
    people = models.PositiveIntegerField(_("distinct members who responded"))
    responses = models.PositiveIntegerField(_("responses received"))
    posts = models.PositiveIntegerField(_("posts written"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("influence")
        verbose_name_plural = _("influence")
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="influence_once"),
        ]
        indexes = [models.Index(fields=["space", "rank"], name="influence_space_rank")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.space_id}: {self.score}"


class ModeratorInvitation(models.Model):
    """Staff ask a member to moderate a space; the member accepts or declines."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="+", verbose_name=_("space")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    invited_by = models.ForeignKey(
        MEMBER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("invited"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderator invitation")
        verbose_name_plural = _("moderator invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "member"],
                condition=models.Q(accepted_at__isnull=True, declined_at__isnull=True),
                name="one_open_moderator_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.space_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("trust:moderator_invitation", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class ScreenedTerm(models.Model):
    """A word or domain that staff block (refused) or watch (held for review)."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        DOMAIN = "domain", _("Domain (and its subdomains)")

    class Action(models.TextChoices):
        BLOCK = "block", _("Block: refuse the post")
        WATCH = "watch", _("Watch: hold the post for review")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.BLOCK
    )
    value = models.CharField(_("word or domain"), max_length=200)
    note = models.CharField(_("note for staff"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocked or watched term")
        verbose_name_plural = _("blocked and watched terms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="screened_term_once"),
        ]

    def __str__(self) -> str:
        return self.value

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.removeprefix("https://").removeprefix("http://")
            self.value = self.value.split("/")[0].removeprefix("www.").strip(".")
        super().save(*args, **kwargs)
