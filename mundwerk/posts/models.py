from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mundwerk.core.urlpaths import url_for
from mundwerk.spaces.models import Space

TITLE_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 3
BODY_MAX_LENGTH = 30_000
POSTS_PER_PAGE = 20


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True, verbose_name=_("name"))
    topic_count = models.PositiveIntegerField(default=0, verbose_name=_("topic count"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("posts:tag", self.name)


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible(self) -> "TopicQuerySet":
        """Topics every reader of their space may see: not deleted, hidden or held."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True, held_at__isnull=True)


class Topic(models.Model):
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="topics", verbose_name=_("space")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=False, verbose_name=_("slug"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("author"),
    )
    first_post = models.OneToOneField(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first post"),
    )
    tags = models.ManyToManyField(Tag, related_name="topics", blank=True, verbose_name=_("tags"))
    post_count = models.PositiveIntegerField(default=0, verbose_name=_("post count"))
    like_count = models.PositiveIntegerField(default=0, verbose_name=_("like count"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    last_post_at = models.DateTimeField(verbose_name=_("last post"))
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("last poster"),
    )
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted"))
    # Moderation (written only through moderation.actions): a locked topic takes
    # no replies; pinned topics lead their space's list; a hidden topic shows
    # only to its author and the space's moderators, with the public reason.
    locked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("locked"))
    pinned_at = models.DateTimeField(null=True, blank=True, verbose_name=_("pinned"))
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden"))
    hidden_reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))
    # Its opening post waits in the review queue: the topic shows in no list yet.
    held_at = models.DateTimeField(null=True, blank=True, verbose_name=_("held for review"))
    # When anything shown on the topic's pages last changed (a post written,
    # edited, deleted or liked): the version that cached page parts are keyed on.
    # Counts every change to how posts already written show (edited, deleted,
    # liked): the version cached page parts are keyed on. Replies leave it
    # alone: they only add to the last page, keyed on post_count as well
    # (posts/pages.py). A counter, not a time: two changes can share a clock tick.
    posts_version = models.PositiveIntegerField(
        db_default=0, editable=False, verbose_name=_("posts version")
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            # Topic lists order by (last_post_at, id), newest first; these serve that
            # order read backwards, so SQLite and PostgreSQL can stop after one page.
            models.Index(fields=["space", "last_post_at", "id"], name="topic_space_activity"),
            models.Index(fields=["last_post_at", "id"], name="topic_activity"),
            models.Index(fields=["author", "-created_at"], name="topic_author_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("posts:topic", self.slug, self.pk)

    @property
    def is_withheld(self) -> bool:
        """Hidden by moderators or held for review: shown to its author and moderators only."""
        return self.hidden_at is not None or self.held_at is not None

    @property
    def page_count(self) -> int:
        return max(1, -(-self.post_count // POSTS_PER_PAGE))


class Post(models.Model):
    """One contribution to a topic; number 1 is the topic's opening post."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(max_length=BODY_MAX_LENGTH, verbose_name=_("text"))
    html = models.TextField(verbose_name=_("rendered text"))
    quote_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quote of"),
    )
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True, verbose_name=_("tags"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="mentioned_in",
        blank=True,
        verbose_name=_("mentions"),
    )
    like_count = models.PositiveIntegerField(default=0, verbose_name=_("like count"))
    share_count = models.PositiveIntegerField(default=0, verbose_name=_("share count"))
    revision_count = models.PositiveIntegerField(default=1, verbose_name=_("revision count"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    edited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("edited"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted"))
    # Moderation: a hidden post shows only to its author and the space's
    # moderators, with the public reason; a held post waits in the review
    # queue (spam rules, trust level) and shows to nobody else until approved.
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden"))
    hidden_reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))
    held_at = models.DateTimeField(null=True, blank=True, verbose_name=_("held for review"))
    held_reason = models.CharField(max_length=300, blank=True, verbose_name=_("why held"))

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_topic_number"),
        ]
        indexes = [models.Index(fields=["author", "-created_at"], name="post_author_created")]

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.number}"

    def get_absolute_url(self) -> str:
        return url_for("posts:permalink", self.pk)

    @property
    def history_url(self) -> str:
        return url_for("posts:history", self.pk)

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_withheld(self) -> bool:
        """Hidden by moderators or held for review: shown to its author and moderators only."""
        return self.hidden_at is not None or self.held_at is not None


def shown_posts_q(prefix: str = "") -> models.Q:
    """Posts every reader of their space may see: neither they nor their topic hidden by
    moderators or held for review. `prefix` reaches them through a relation ("post__")."""
    return models.Q(
        **{
            f"{prefix}hidden_at__isnull": True,
            f"{prefix}held_at__isnull": True,
            f"{prefix}topic__hidden_at__isnull": True,
            f"{prefix}topic__held_at__isnull": True,
        }
    )


class Revision(models.Model):
    """A version of a post, kept for the public edit history."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(verbose_name=_("text"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    # Why a moderator changed the post (public, like the moderation log's reason).
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_post_number"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.number}"


class Like(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="likes", verbose_name=_("post")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="likes",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_user_post")]
        # The feed's "liked by someone you follow": each member's newest likes first.
        indexes = [models.Index(fields=["user", "-created_at"], name="like_user_created")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Image(models.Model):
    """A picture attached to a post: re-encoded without metadata, with a thumbnail."""

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="images",
        null=True,
        blank=True,
        verbose_name=_("post"),
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploader"),
    )
    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        verbose_name=_("picture"),
    )
    thumbnail = models.ImageField(upload_to="thumbnails/%Y/%m/", verbose_name=_("thumbnail"))
    width = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("width"))
    height = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("height"))
    alt_text = models.CharField(max_length=300, blank=True, verbose_name=_("alternative text"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self) -> str:
        return str(self.file.name)
