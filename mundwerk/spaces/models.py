"""Spaces: the site's categories, made by staff, and the groups members found.

A group is a space of kind GROUP with a visibility (who reads it), a join
policy (how one gets in) and members with roles. Categories are public and
open to every member; their `Membership` rows only name moderators.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mundwerk.core.models import hex_colour
from mundwerk.core.urlpaths import url_for

MEMBER = settings.AUTH_USER_MODEL


class SpaceQuerySet(models.QuerySet["Space"]):
    def open_to_all(self) -> "SpaceQuerySet":
        """Spaces anyone may read, logged in or not (`open_to_all_q`)."""
        return self.filter(open_to_all_q())


def open_to_all_q(prefix: str = "") -> models.Q:
    """Spaces anyone may read, logged in or not: public, neither deleted nor hidden by staff.

    The opposite of `Space.is_closed`. `prefix` reaches the space through a
    relation ("space__" from a topic, "topic__space__" from a tag's link).
    """
    return models.Q(
        **{
            f"{prefix}visibility": Space.Visibility.PUBLIC,
            f"{prefix}deleted_at__isnull": True,
            f"{prefix}hidden_at__isnull": True,
        }
    )


class Space(models.Model):
    """Where topics live: a category of the site, or a group members founded."""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("Category")
        GROUP = "group", _("Group")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone reads it")
        PRIVATE = "private", _("Private: listed, only members read it")
        SECRET = "secret", _("Secret: only members know it exists")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: any member may join")
        REQUEST = "request", _("On request: moderators approve")
        INVITATION = "invitation", _("Invitation only")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1d6fa5", validators=[hex_colour])
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CATEGORY)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    cover = models.ImageField(_("cover image"), upload_to="covers/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        MEMBER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("founded by"),
    )
    member_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("member count")
    )
    topic_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("topic count")
    )
    post_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("post count")
    )
    # Counts every change to what the space's topic lists show; cached lists
    # are keyed on it (posts.queries.activity_version).
    version = models.PositiveBigIntegerField(
        db_default=0, editable=False, verbose_name=_("version")
    )
    last_post_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last post")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    # An archived group is read-only; a deleted one shows to nobody.
    archived_at = models.DateTimeField(null=True, blank=True, verbose_name=_("archived"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted"))
    # Hidden by staff (written only through moderation.actions): outsiders
    # neither find nor read the group, its members go on as before.
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden"))
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        indexes = [models.Index(fields=["kind", "visibility"], name="space_kind_visibility")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("spaces:detail", self.slug)

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_closed(self) -> bool:
        """Whether only members read it (private, secret and hidden groups, deleted spaces).

        The opposite of `open_to_all_q`, for one space at hand.
        """
        return (
            self.visibility != self.Visibility.PUBLIC
            or self.deleted_at is not None
            or self.hidden_at is not None
        )


class Membership(models.Model):
    """A member of a group, or a moderator of a category, with their role."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MODERATOR = "moderator", _("Moderator")
        MEMBER = "member", _("Member")

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("space")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True, verbose_name=_("joined"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="membership_once"),
        ]
        indexes = [models.Index(fields=["member", "space"], name="membership_member")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.space_id} ({self.role})"

    @property
    def is_moderator(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.MODERATOR)


class JoinRequest(models.Model):
    """A member asks to join a group whose moderators approve new members."""

    class Answer(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("group")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("asked"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered"))
    answered_by = models.ForeignKey(
        MEMBER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            # One open request per member and group; answered ones stay as a record.
            models.UniqueConstraint(
                fields=["space", "member"],
                condition=models.Q(answer=""),
                name="join_request_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} asks to join {self.space_id}"


class Invitation(models.Model):
    """An invitation into a group: to one member by name, or a link for anyone who has it."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group")
    )
    invited_by = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("invited by")
    )
    # Empty for a link invitation, which anyone holding the link may use.
    invitee = models.ForeignKey(
        MEMBER,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited member"),
    )
    token = models.CharField(max_length=43, unique=True, verbose_name=_("token"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))
    # A member's invitation is used once; a link counts how often it was used.
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted"))
    declined_at = models.DateTimeField(null=True, blank=True, verbose_name=_("declined"))
    use_count = models.PositiveIntegerField(default=0, verbose_name=_("times used"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation to {self.space_id}"

    def get_absolute_url(self) -> str:
        return url_for("spaces:invitation", self.token)


class Ban(models.Model):
    """A member removed from a group who may not join it again until unbanned."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="bans", verbose_name=_("group")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    banned_by = models.ForeignKey(
        MEMBER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("banned by")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("banned"))

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        constraints = [models.UniqueConstraint(fields=["space", "member"], name="ban_once")]

    def __str__(self) -> str:
        return f"{self.member_id} banned from {self.space_id}"
