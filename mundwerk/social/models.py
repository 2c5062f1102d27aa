"""Who follows, watches, blocks, mutes, bookmarks and shares what.

One small table per kind of link, each with real foreign keys: the feed and
the notifications ask "which members / spaces / tags does this member
follow or mute", and each answer is one indexed query on one table.
Rows are written only by `social.actions`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mundwerk.posts.models import Post, Tag, Topic
from mundwerk.spaces.models import Space

MEMBER = settings.AUTH_USER_MODEL
SHARE_COMMENT_MAX_LENGTH = 500


def _pair(model: str, first: str, second: str) -> list[models.BaseConstraint]:
    """One link per pair; a member never links to themselves."""
    constraints: list[models.BaseConstraint] = [
        models.UniqueConstraint(fields=[first, second], name=f"{model}_once"),
    ]
    if second in {"followed", "blocked", "muted"}:
        constraints.append(
            models.CheckConstraint(condition=~Q(**{first: F(second)}), name=f"{model}_not_self")
        )
    return constraints


class Link(models.Model):
    """What all links share: shown in the admin by kind and number."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class MemberFollow(Link):
    # Reverse names for the follower lists: User.objects.filter(memberfollow_follows__followed=x).
    follower = models.ForeignKey(
        MEMBER,
        on_delete=models.CASCADE,
        related_name="+",
        related_query_name="memberfollow_follows",
        verbose_name=_("follower"),
    )
    followed = models.ForeignKey(
        MEMBER,
        on_delete=models.CASCADE,
        related_name="+",
        related_query_name="memberfollow_followed_by",
        verbose_name=_("followed member"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("member follow")
        verbose_name_plural = _("member follows")
        constraints = _pair("memberfollow", "follower", "followed")
        indexes = [models.Index(fields=["followed", "-created_at"], name="memberfollow_followers")]


class SpaceFollow(Link):
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="+", verbose_name=_("space")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("space follow")
        verbose_name_plural = _("space follows")
        constraints = _pair("spacefollow", "member", "space")


class TagFollow(Link):
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", verbose_name=_("tag"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("tag follow")
        verbose_name_plural = _("tag follows")
        constraints = _pair("tagfollow", "member", "tag")


class TopicSubscription(Link):
    """A member's choice for one topic: hear about every reply, or nothing at all."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("Watching")
        MUTED = "muted", _("Muted")

    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="+", verbose_name=_("topic")
    )
    level = models.CharField(max_length=10, choices=Level.choices, verbose_name=_("level"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("topic subscription")
        verbose_name_plural = _("topic subscriptions")
        constraints = _pair("topicsubscription", "member", "topic")
        indexes = [models.Index(fields=["topic", "level"], name="topicsubscription_topic")]


class Block(Link):
    """The blocked member cannot reply to, quote, mention or follow the blocker; each
    stops seeing the other."""

    blocker = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked by")
    )
    blocked = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked member")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = _pair("block", "blocker", "blocked")
        indexes = [models.Index(fields=["blocked"], name="block_blocked")]


class MemberMute(Link):
    """The muter stops seeing the muted member; the muted member is not told."""

    muter = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("muted by")
    )
    muted = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("muted member")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("muted member")
        verbose_name_plural = _("muted members")
        constraints = _pair("membermute", "muter", "muted")


class SpaceMute(Link):
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="+", verbose_name=_("space")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("muted space")
        verbose_name_plural = _("muted spaces")
        constraints = _pair("spacemute", "member", "space")


class TagMute(Link):
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", verbose_name=_("tag"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("since"))

    class Meta:
        verbose_name = _("muted tag")
        verbose_name_plural = _("muted tags")
        constraints = _pair("tagmute", "member", "tag")


class Bookmark(Link):
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("saved"))

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = _pair("bookmark", "member", "post")
        indexes = [models.Index(fields=["member", "-created_at"], name="bookmark_list")]


class Share(Link):
    """A member passes a post on to their followers, perhaps with a comment.

    `post` is always the original post (sharing a topic shares its opening
    post); `via` is the share this one was made from, so chains of shares
    (who passed it on from whom) can be followed and measured.
    """

    sharer = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("shared by")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    via = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared from"),
    )
    comment = models.TextField(
        max_length=SHARE_COMMENT_MAX_LENGTH, blank=True, verbose_name=_("comment")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("shared"))

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = _pair("share", "sharer", "post")
        indexes = [
            models.Index(fields=["sharer", "-created_at"], name="share_by_sharer"),
            models.Index(fields=["post"], name="share_by_post"),
        ]
