"""Reads of subjects and reviews that are bigger than a QuerySet method."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.posts.queries import word_diff
from mundwerk.reviews.models import HelpfulVote, Review, ReviewRevision, Subject
from mundwerk.reviews.permissions import can_see_review

REVIEWS_PER_PAGE = 10


class Sort(models.TextChoices):
    """The orders a subject's reviews can be read in."""

    NEWEST = "newest", _("Newest first")
    HELPFUL = "helpful", _("Most helpful first")
    LOWEST = "lowest", _("Lowest rating first")
    HIGHEST = "highest", _("Highest rating first")


ORDERINGS: dict[str, tuple[str, ...]] = {
    Sort.NEWEST: ("-created_at", "-pk"),
    Sort.HELPFUL: ("-helpful_count", "-created_at", "-pk"),
    Sort.LOWEST: ("stars", "-created_at", "-pk"),
    Sort.HIGHEST: ("-stars", "-created_at", "-pk"),
}


class Answered(models.TextChoices):
    """Filter a subject's reviews by whether the business answered them."""

    ANY = "", _("All reviews")
    YES = "yes", _("With an official answer")
    NO = "no", _("Without an official answer")


def get_subject_for(viewer: Viewer, slug: str) -> Subject:
    """Return the subject with this slug, or 404. Subjects are public, site-wide."""
    subject = Subject.objects.filter(slug=slug).first()
    if subject is None:
        raise Http404
    return subject


def get_review_for(viewer: Viewer, review_id: int) -> Review:
    """Return the review with its subject, author and reply, or 404 if the viewer may not see it."""
    review = (
        Review.objects.select_related("subject", "author", "reply", "reply__author")
        .filter(pk=review_id)
        .first()
    )
    if review is None or not can_see_review(viewer, review):
        raise Http404
    return review


def subject_overview() -> list[Subject]:
    """Every subject with its counters, the business first: one query."""
    return list(Subject.objects.order_by("position", "name"))


def _page_rows(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.select_related("author", "reply", "reply__author").defer(
        "body", "reply__body", "author__bio", "author__bio_html"
    )


def subject_reviews(
    subject: Subject, page_number: int, *, sort: str = Sort.NEWEST, answered: str = Answered.ANY
) -> Page:
    """One page of a subject's live reviews with their authors and official replies.

    Two queries: the count (only when filtered; otherwise the subject's
    counter) and the page.
    """
    reviews = Review.objects.shown().filter(subject=subject)
    if answered == Answered.YES:
        reviews = reviews.filter(reply__isnull=False)
    elif answered == Answered.NO:
        reviews = reviews.filter(reply__isnull=True)
    ordered = _page_rows(reviews).order_by(*ORDERINGS.get(sort, ORDERINGS[Sort.NEWEST]))
    paginator = Paginator(ordered, REVIEWS_PER_PAGE, allow_empty_first_page=True)
    if answered == Answered.ANY:
        paginator.count = subject.review_count  # type: ignore[misc]
    return paginator.get_page(page_number)


def helpful_review_ids(viewer: Viewer, review_ids: list[int]) -> set[int]:
    """Return which of these reviews the viewer marked helpful."""
    if not viewer.is_authenticated or not review_ids:
        return set()
    return set(
        HelpfulVote.objects.filter(member=viewer, review_id__in=review_ids).values_list(
            "review_id", flat=True
        )
    )


def own_review(viewer: Viewer, subject: Subject) -> Review | None:
    """The viewer's live review of `subject`, if they wrote one."""
    if not viewer.is_authenticated:
        return None
    return Review.objects.live().filter(subject=subject, author=viewer).only("pk").first()


def reviews_by(member: User, limit: int = 10) -> list[Review]:
    """A member's shown reviews with their subjects, newest first (for profiles)."""
    return list(
        Review.objects.shown()
        .filter(author=member)
        .select_related("subject")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class ReviewRevisionDiff:
    revision: ReviewRevision
    stars_changed: bool
    title_changed: bool
    segments: list[tuple[str, str]]


def review_history(review: Review) -> list[ReviewRevisionDiff]:
    """Each version of a review, newest first, with a word diff against the one before."""
    history: list[ReviewRevisionDiff] = []
    previous: ReviewRevision | None = None
    for revision in review.revisions.select_related("editor").order_by("number"):
        if previous is None:
            entry = ReviewRevisionDiff(revision, False, False, [("same", revision.body)])
        else:
            entry = ReviewRevisionDiff(
                revision,
                previous.stars != revision.stars,
                previous.title != revision.title,
                word_diff(previous.body, revision.body),
            )
        history.append(entry)
        previous = revision
    history.reverse()
    return history
