from collections.abc import Iterable
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from mundwerk.accounts.usernames import (
    USERNAME_MAX_LENGTH,
    is_possible_username,
    username_characters,
    username_length,
)
from mundwerk.core.urlpaths import url_for


class MemberManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        return self.named([username or ""]).get()

    def named(self, names: Iterable[str]) -> "models.QuerySet[User]":
        """Members called any of `names`, in any letter case.

        Compares LOWER(username), which the case-insensitive unique index
        covers; `username__iexact` cannot use it and reads every member.
        Names that no member can have are left out before the query.
        """
        folded = [name.lower() for name in names if is_possible_username(name)]
        return self.alias(username_lower=Lower("username")).filter(username_lower__in=folded)


class User(AbstractUser):
    """A member: a freely chosen pseudonym, a public profile, counters kept by actions."""

    username = models.CharField(
        _("username"),
        max_length=USERNAME_MAX_LENGTH,
        unique=True,
        validators=[username_length, username_characters],
        error_messages={"unique": _("This username is taken.")},
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    bio = models.TextField(_("about me"), max_length=5000, blank=True)
    bio_html = models.TextField(blank=True, editable=False, verbose_name=_("rendered bio"))
    website = models.URLField(_("website or blog"), max_length=300, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    email_verified_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("email confirmed")
    )
    topic_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("topic count")
    )
    post_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("post count")
    )
    follower_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("follower count")
    )
    following_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("following count")
    )
    hides_connections = models.BooleanField(
        _("hide whom I follow and who follows me"),
        default=False,
        help_text=_("Others see only the numbers, not the lists."),
    )
    # Speaks for the business: their official replies (to reviews, to
    # criticism) are marked as the business's answer. Staff always do.
    is_official = models.BooleanField(
        _("official representative"),
        default=False,
        help_text=_("Their replies are marked as the official answer of the business."),
    )
    # Shown as a badge beside every post, review answer and the profile of an
    # official representative (and of staff, who always carry it).
    official_title = models.CharField(_("official title"), max_length=80, blank=True)
    official_company = models.CharField(_("company"), max_length=80, blank=True)
    # Trust level 0 (new) to 4 (granted by staff); computed by trust.tasks.
    trust_level = models.PositiveSmallIntegerField(_("trust level"), default=0)
    # Moderation (written only through moderation.actions): a silenced member
    # reads but cannot write; a suspended or banned one cannot log in.
    silenced_until = models.DateTimeField(_("silenced until"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    banned_at = models.DateTimeField(_("banned"), null=True, blank=True)
    # A hidden profile (written only through moderation.actions): the member's
    # own words and pictures (display name, about text, website, avatar) show
    # only to them and staff; others see the username and the reason.
    profile_hidden_at = models.DateTimeField(_("profile hidden"), null=True, blank=True)
    profile_hidden_reason = models.CharField(
        _("reason for hiding the profile"), max_length=300, blank=True
    )
    unread_notification_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("unread notifications")
    )

    objects: ClassVar[MemberManager] = MemberManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def speaks_for_business(self) -> bool:
        return self.is_active and (self.is_staff or self.is_official)

    @property
    def is_profile_hidden(self) -> bool:
        return self.profile_hidden_at is not None

    @property
    def public_display_name(self) -> str:
        """The display name as others see it: none while moderators hide the profile."""
        return "" if self.profile_hidden_at is not None else self.display_name

    @property
    def public_avatar(self) -> "FieldFile | None":
        """The avatar as others see it: none while moderators hide the profile."""
        return self.avatar if self.avatar and self.profile_hidden_at is None else None

    @property
    def shown_name(self) -> str:
        """The name others see: the display name, or the username (always for a hidden profile)."""
        return self.public_display_name or self.username

    def get_absolute_url(self) -> str:
        return url_for("accounts:profile", self.username)
