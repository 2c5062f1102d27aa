"""Review subjects (the business, its products and services), reviews and official replies.

A subject keeps its rating counters (count, sum, and how many reviews gave
each number of stars); the actions move them with F() expressions in the
same transaction as the review they count, so they never drift.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mundwerk.core.urlpaths import url_for

MEMBER = settings.AUTH_USER_MODEL
NAME_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 10_000
REPLY_MAX_LENGTH = 5_000
MIN_STARS = 1
MAX_STARS = 5
STAR_VALUES = range(MIN_STARS, MAX_STARS + 1)
# Paths under /reviews/ that are not subjects.
RESERVED_SLUGS = frozenset({"new", "r"})


class Subject(models.Model):
    """What members review: the business itself, or one of its products or services."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("The business")
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRODUCT)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    image = models.ImageField(_("picture"), upload_to="reviews/%Y/%m/", blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    review_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("review count")
    )
    rating_total = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("sum of stars")
    )
    star1_count = models.PositiveIntegerField(default=0, editable=False)
    star2_count = models.PositiveIntegerField(default=0, editable=False)
    star3_count = models.PositiveIntegerField(default=0, editable=False)
    star4_count = models.PositiveIntegerField(default=0, editable=False)
    star5_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("review subject")
        verbose_name_plural = _("review subjects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("reviews:subject", self.slug)

    @property
    def average(self) -> float | None:
        """The mean number of stars, or None without reviews."""
        return self.rating_total / self.review_count if self.review_count else None

    def star_counts(self) -> dict[int, int]:
        """How many live reviews gave each number of stars, 5 first."""
        return {stars: getattr(self, f"star{stars}_count") for stars in reversed(STAR_VALUES)}


class ReviewQuerySet(models.QuerySet["Review"]):
    def live(self) -> "ReviewQuerySet":
        return self.filter(deleted_at__isnull=True)

    def shown(self) -> "ReviewQuerySet":
        """Live reviews that moderators have not hidden: what everyone sees and what counts."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True)


class Review(models.Model):
    """One member's rating and words about one subject; one live review per member and subject."""

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("subject")
    )
    author = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("author")
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    html = models.TextField(_("rendered text"))
    helpful_count = models.PositiveIntegerField(default=0, verbose_name=_("found helpful"))
    revision_count = models.PositiveIntegerField(default=1, verbose_name=_("revision count"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    edited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("edited"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted"))
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden"))
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "author"],
                condition=Q(deleted_at__isnull=True),
                name="review_one_live_per_member",
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=MIN_STARS, stars__lte=MAX_STARS), name="review_stars_range"
            ),
        ]
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="review_subject_created"),
            models.Index(fields=["subject", "-helpful_count"], name="review_subject_helpful"),
            models.Index(fields=["subject", "stars"], name="review_subject_stars"),
            models.Index(fields=["author", "-created_at"], name="review_author_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("reviews:review", self.pk)

    @property
    def history_url(self) -> str:
        return url_for("reviews:history", self.pk)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReviewRevision(models.Model):
    """A version of a review, kept for the public edit history."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("review")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"))
    editor = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="+", verbose_name=_("editor")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("review revision")
        verbose_name_plural = _("review revisions")
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="review_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} v{self.number}"


class HelpfulVote(models.Model):
    """A member found a review helpful; once per member and review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="helpful_votes", verbose_name=_("review")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [
            models.UniqueConstraint(fields=["member", "review"], name="helpful_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} found {self.review_id} helpful"


class OfficialReply(models.Model):
    """The business's public answer to a review, written by staff or an official representative."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="reply", verbose_name=_("review")
    )
    author = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"), max_length=REPLY_MAX_LENGTH)
    html = models.TextField(_("rendered text"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    edited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("edited"))

    class Meta:
        verbose_name = _("official reply")
        verbose_name_plural = _("official replies")

    def __str__(self) -> str:
        return f"reply to {self.review_id}"
