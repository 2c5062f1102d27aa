"""schema.org JSON-LD for a subject page: what search engines read about ratings.

https://schema.org/AggregateRating and https://schema.org/Review. The JSON
goes inside a <script type="application/ld+json"> element, where HTML
parsing only stops at "</script": escaping "<", ">" and "&" as JSON
unicode escapes keeps any text members wrote from ending the element,
and the JSON means the same.
"""

import html
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from mundwerk.reviews.models import MAX_STARS, MIN_STARS, Review, Subject

_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    # Not JSON's business, but old JavaScript parsers end a string literal there.
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def plain_text(rendered_html: str) -> str:
    """The words of rendered Markdown, without markup, whitespace folded."""
    return " ".join(html.unescape(strip_tags(rendered_html)).split())


def _rating(value: float | int) -> dict[str, Any]:
    return {"ratingValue": value, "bestRating": MAX_STARS, "worstRating": MIN_STARS}


def subject_data(subject: Subject, reviews: Iterable[Review]) -> dict[str, Any]:
    """Describe `subject` as an Organization or Product with its rating and these reviews."""
    kind = "Organization" if subject.kind == Subject.Kind.ORGANIZATION else "Product"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": subject.name,
        "url": settings.SITE_URL + subject.get_absolute_url(),
    }
    if subject.description:
        data["description"] = subject.description
    if subject.image:
        data["image"] = settings.SITE_URL + subject.image.url
    average = subject.average
    if average is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            **_rating(round(average, 2)),
            "reviewCount": subject.review_count,
        }
    items = [
        {
            "@type": "Review",
            "author": {"@type": "Person", "name": review.author.username},
            "reviewRating": {"@type": "Rating", **_rating(review.stars)},
            "name": review.title,
            "reviewBody": plain_text(review.html),
            "datePublished": review.created_at.date().isoformat(),
        }
        for review in reviews
        if not review.is_deleted and not review.is_hidden
    ]
    if items:
        data["review"] = items
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    """Return `data` as JSON safe to put inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 (no "<", ">" or "&" left: see _ESCAPES)
