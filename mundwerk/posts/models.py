from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mundwerk.spaces.models import Space

TITLE_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 3
BODY_MAX_LENGTH = 30_000
POSTS_PER_PAGE = 20


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    topic_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("posts:tag", args=[self.name])


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible(self) -> "TopicQuerySet":
        return self.filter(deleted_at__isnull=True)


class Topic(models.Model):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="topics"
    )
    first_post = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, related_name="topics", blank=True)
    post_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["space", "-last_post_at"], name="topic_space_activity"),
            models.Index(fields=["-last_post_at"], name="topic_activity"),
            models.Index(fields=["author", "-created_at"], name="topic_author_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("posts:topic", args=[self.slug, self.pk])

    @property
    def page_count(self) -> int:
        return max(1, -(-self.post_count // POSTS_PER_PAGE))


class Post(models.Model):
    """One contribution to a topic; number 1 is the topic's opening post."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    html = models.TextField()
    quote_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="mentioned_in", blank=True
    )
    like_count = models.PositiveIntegerField(default=0)
    revision_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

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
        return reverse("posts:permalink", args=[self.pk])

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Revision(models.Model):
    """A version of a post, kept for the public edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_post_number"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.number}"


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_user_post")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Image(models.Model):
    """A picture attached to a post: re-encoded without metadata, with a thumbnail."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="images", null=True, blank=True
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to="thumbnails/%Y/%m/")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.file.name)
