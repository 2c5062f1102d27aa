"""Hostile and broken input: a clear message, nothing changed, never a 500."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from mundwerk.core.tests.html_safety import live_markup
from mundwerk.reviews.models import OfficialReply, Review
from mundwerk.reviews.tests.factories import make_review
from mundwerk.reviews.tests.test_views import json_ld

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
BLNS = CORPORA / "blns" / "blns.txt"
needs_corpora = pytest.mark.skipif(not BLNS.exists(), reason="../shared/corpora is not there")


def naughty_strings() -> list[str]:
    lines = BLNS.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize(
    ("stars", "title", "body", "message"),
    [
        ("0", "Gut", "Text", "Choose from 1 to 5 stars."),
        ("6", "Gut", "Text", "Choose from 1 to 5 stars."),
        ("x", "Gut", "Text", "Choose from 1 to 5 stars."),
        ("", "Gut", "Text", "Choose from 1 to 5 stars."),
        ("4.5", "Gut", "Text", "Choose from 1 to 5 stars."),
        ("3", "", "Text", "Give your review a title."),
        ("3", "ab", "Text", "at least 3 characters"),
        ("3", "x" * 151, "Text", "at most 150 characters"),
        ("3", "Gut", "", "Write something first."),
        ("3", "Gut", " \n\t ", "Write something first."),
        ("3", "Gut", "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_bad_review_input_is_refused_with_a_message_and_changes_nothing(
    client, member, subject, stars, title, body, message
):
    client.force_login(member)
    response = client.post(
        reverse("reviews:write", args=[subject.slug]),
        {"stars": stars, "title": title, "body": body},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Review.objects.exists()
    subject.refresh_from_db()
    assert subject.review_count == 0


def test_a_bad_edit_changes_nothing(client, member, subject):
    review = make_review(member, subject, stars=4)
    client.force_login(member)
    response = client.post(
        reverse("reviews:edit", args=[review.pk]), {"stars": "9", "title": "Neu", "body": "Neu"}
    )
    assert "Choose from 1 to 5 stars." in response.text
    review.refresh_from_db()
    assert (review.stars, review.revision_count) == (4, 1)


def test_an_empty_or_too_long_answer_is_refused(client, member, staff, subject):
    review = make_review(member, subject)
    client.force_login(staff)
    url = reverse("reviews:answer", args=[review.pk])
    assert "Write something first." in client.post(url, {"body": "  "}).text
    assert "at most 5000 characters" in client.post(url, {"body": "x" * 5001}).text
    assert not OfficialReply.objects.exists()


def test_bogus_ids_and_methods_are_404_or_405(client, member, subject):
    review = make_review(member, subject)
    assert client.get(reverse("reviews:helpful", args=[review.pk])).status_code == 405
    assert client.get("/reviews/r/abc/").status_code == 404
    assert client.get("/reviews/r/99999999999999999999/").status_code == 404
    assert client.delete(subject.get_absolute_url()).status_code == 405


@needs_corpora
def test_naughty_strings_as_reviews_never_break_a_page_or_the_json_ld(
    client, django_user_model, subject
):
    from mundwerk.core.tests.factories import make_user

    strings = naughty_strings()
    assert len(strings) > 500
    for number, text in enumerate(strings[::4]):
        author = make_user(f"kunde{number}")
        client.force_login(author)
        response = client.post(
            reverse("reviews:write", args=[subject.slug]),
            {"stars": str(1 + number % 5), "title": text, "body": text},
        )
        assert response.status_code in (200, 302), (number, text)
        assert (
            client.get(subject.get_absolute_url(), {"sort": text, "answered": text}).status_code
            == 200
        )
    client.logout()
    assert Review.objects.count() > 50
    for review in Review.objects.all():
        assert live_markup(review.html) == [], review.body
    subject.refresh_from_db()
    for page in range(1, subject.review_count // 10 + 2):
        response = client.get(subject.get_absolute_url(), {"page": page})
        assert response.status_code == 200
        assert "<script>" not in response.text
        data = json_ld(response.text)
        assert data["aggregateRating"]["reviewCount"] == subject.review_count
        assert all(isinstance(item["name"], str) for item in data["review"])
    assert client.get(reverse("reviews:subjects")).status_code == 200
    json.dumps(data)  # and it goes back out as JSON too
