"""What the review pages show, gathered for one reader in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.utils.safestring import SafeString

from mundwerk.accounts.permissions import Viewer
from mundwerk.reviews import queries
from mundwerk.reviews.models import Review, Subject
from mundwerk.reviews.permissions import (
    can_edit_reply,
    can_edit_review,
    can_manage_subjects,
    can_reply_to_review,
    can_vote_helpful,
    can_write_reviews,
    speaks_for_business,
)
from mundwerk.reviews.structured_data import json_ld, subject_data
from mundwerk.social.queries import relations_of


@dataclass(frozen=True)
class Bar:
    """One row of the rating histogram."""

    stars: int
    count: int
    percent: int


@dataclass
class ReaderView:
    """What one reader may do with the reviews on a page."""

    viewer_id: int | None
    may_vote: bool
    may_answer: bool
    helpful: set[int] = field(default_factory=set)
    hidden: frozenset[int] = frozenset()


@dataclass
class SubjectPage:
    subject: Subject
    page: Page
    reviews: list[Review]
    bars: list[Bar]
    reader: ReaderView
    own_review: Review | None
    may_write: bool
    may_manage: bool
    json_ld: SafeString
    query: str  # the sort and filter, for page links: "" or "sort=…&"
    sort: str
    answered: str


def distribution(subject: Subject) -> list[Bar]:
    total = subject.review_count
    return [
        Bar(stars, count, round(100 * count / total) if total else 0)
        for stars, count in subject.star_counts().items()
    ]


def reader_view(viewer: Viewer, reviews: list[Review]) -> ReaderView:
    """The reader's votes, whom they hide, and what they may do: at most two queries."""
    if not viewer.is_authenticated:
        return ReaderView(None, may_vote=False, may_answer=False)
    ids = [review.pk for review in reviews]
    return ReaderView(
        viewer.pk,
        may_vote=can_write_reviews(viewer),
        may_answer=speaks_for_business(viewer),
        helpful=queries.helpful_review_ids(viewer, ids),
        hidden=relations_of(viewer).hidden,
    )


def subject_page(
    viewer: Viewer, subject: Subject, page_number: int, *, sort: str, answered: str
) -> SubjectPage:
    page = queries.subject_reviews(subject, page_number, sort=sort, answered=answered)
    reviews = list(page.object_list)
    chosen = {key: value for key, value in (("sort", sort), ("answered", answered)) if value}
    if chosen.get("sort") == queries.Sort.NEWEST:
        del chosen["sort"]
    return SubjectPage(
        subject=subject,
        page=page,
        reviews=reviews,
        bars=distribution(subject),
        reader=reader_view(viewer, reviews),
        own_review=queries.own_review(viewer, subject),
        may_write=can_write_reviews(viewer),
        may_manage=can_manage_subjects(viewer),
        json_ld=json_ld(subject_data(subject, reviews)),
        query=urlencode(chosen) + "&" if chosen else "",
        sort=sort,
        answered=answered,
    )


def review_page(viewer: Viewer, review: Review) -> dict[str, Any]:
    """The context of a single review's page."""
    reply = getattr(review, "reply", None)
    return {
        "review": review,
        "subject": review.subject,
        "reader": reader_view(viewer, [review]),
        "may_edit": can_edit_review(viewer, review),
        "may_answer": can_reply_to_review(viewer, review)
        and (reply is None or can_edit_reply(viewer, reply)),
    }


def helpful_button(viewer: Viewer, review: Review) -> dict[str, Any]:
    """The context of the helpful button, as htmx swaps it in after a vote."""
    review.refresh_from_db(fields=["helpful_count"])
    return {
        "review": review,
        "reader": reader_view(viewer, [review]),
        "may_vote": can_vote_helpful(viewer, review),
    }
