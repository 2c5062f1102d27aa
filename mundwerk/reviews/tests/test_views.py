import json
import re

import pytest
from django.urls import reverse

from mundwerk.core.tests.factories import image_upload, make_user, session_queries
from mundwerk.reviews import actions
from mundwerk.reviews.models import OfficialReply, Review, Subject
from mundwerk.reviews.queries import REVIEWS_PER_PAGE, reviews_by
from mundwerk.reviews.tests.factories import make_review, make_subject
from mundwerk.social import actions as social_actions

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(page: str) -> dict:
    blocks = JSON_LD.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_subject_list_shows_each_subjects_average_and_count(
    client, member, other_member, subject, business
):
    make_review(member, subject, stars=5)
    make_review(other_member, subject, stars=4)
    page = client.get(reverse("reviews:subjects")).text
    assert "Frühjahrs-Inspektion" in page
    assert "4.5" in page
    assert "2 reviews" in page
    assert "Radwerk Südstadt" in page
    assert "No reviews yet." in page


def test_a_subject_page_shows_average_count_and_the_histogram_as_text(
    client, member, other_member, subject
):
    make_review(member, subject, stars=5, title="Top")
    make_review(other_member, subject, stars=2, title="Flop")
    page = client.get(subject.get_absolute_url()).text
    assert "3.5 of 5" in page
    assert "2 reviews" in page
    assert "5 stars</th>" in page
    assert "1 <small>(50 %)</small>" in page
    assert "0 <small>(0 %)</small>" in page
    assert "5 of 5 stars" in page
    assert "2 of 5 stars" in page


def test_a_subject_page_carries_json_ld_with_rating_and_reviews(
    client, member, other_member, subject
):
    make_review(member, subject, stars=5, title="Sehr gut", body="Alles **prima** & schnell")
    make_review(other_member, subject, stars=2, title="Mäßig")
    data = json_ld(client.get(subject.get_absolute_url()).text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == "Frühjahrs-Inspektion"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 3.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    first = next(item for item in data["review"] if item["name"] == "Sehr gut")
    assert first["@type"] == "Review"
    assert first["author"] == {"@type": "Person", "name": "anna"}
    assert first["reviewRating"]["ratingValue"] == 5
    assert first["reviewBody"] == "Alles prima & schnell"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", first["datePublished"])


def test_the_business_is_an_organization_without_a_rating_until_reviewed(client, business):
    data = json_ld(client.get(business.get_absolute_url()).text)
    assert data["@type"] == "Organization"
    assert "aggregateRating" not in data
    assert "review" not in data


def test_a_naughty_title_cannot_break_out_of_the_json_ld(client, member, subject):
    naughty = '</script><script>alert("x")</script><!--'
    make_review(member, subject, title=naughty, body=f"{naughty} & \u2028 more")
    page = client.get(subject.get_absolute_url()).text
    assert "<script>alert" not in page
    assert page.count("</script>") == page.count("<script")
    data = json_ld(page)
    assert data["review"][0]["name"] == naughty
    assert naughty in data["review"][0]["reviewBody"]


def test_reviews_sort_by_newest_helpful_lowest_and_highest(client, subject):
    authors = [make_user() for _ in range(3)]
    low = make_review(authors[0], subject, stars=1, title="Niedrig")
    high = make_review(authors[1], subject, stars=5, title="Hoch")
    middle = make_review(authors[2], subject, stars=3, title="Mittel")
    actions.mark_helpful(member=authors[0], review=middle)

    def order(sort: str) -> list[str]:
        page = client.get(subject.get_absolute_url(), {"sort": sort}).text
        return sorted(("Niedrig", "Hoch", "Mittel"), key=page.index)

    assert order("newest") == [middle.title, high.title, low.title]
    assert order("helpful")[0] == middle.title
    assert order("lowest") == [low.title, middle.title, high.title]
    assert order("highest") == [high.title, middle.title, low.title]
    assert order("bogus") == order("newest")


def test_reviews_filter_by_official_answer(client, member, other_member, staff, subject):
    answered = make_review(member, subject, title="Beantwortet")
    make_review(other_member, subject, title="Offen")
    actions.reply_to_review(replier=staff, review=answered, body="Danke!")
    url = subject.get_absolute_url()
    with_answer = client.get(url, {"answered": "yes"}).text
    assert "Beantwortet" in with_answer and "Offen" not in with_answer
    without = client.get(url, {"answered": "no"}).text
    assert "Offen" in without and "Beantwortet" not in without
    assert client.get(url, {"answered": "vielleicht"}).status_code == 200


def test_reviews_are_paginated_keeping_sort_and_filter(client, staff):
    subject = make_subject(staff)
    for number in range(REVIEWS_PER_PAGE + 2):
        make_review(make_user(), subject, title=f"Bewertung {number:02d}")
    url = subject.get_absolute_url()
    first = client.get(url, {"sort": "lowest"}).text
    assert "?sort=lowest&amp;page=2" in first
    second = client.get(url, {"sort": "lowest", "page": 2}).text
    assert second.count('class="post review') == 2
    assert client.get(url, {"page": "999"}).status_code == 200
    assert client.get(url, {"page": "x"}).status_code == 200


def test_the_official_answer_shows_marked_with_the_site_name(client, member, official, subject):
    from mundwerk.core.models import SiteSettings

    site = SiteSettings.load()
    site.name = "Radwerk Südstadt"
    site.save()
    review = make_review(member, subject, stars=1)
    actions.reply_to_review(replier=official, review=review, body="Das tut uns **leid**.")
    page = client.get(subject.get_absolute_url()).text
    assert 'class="official-badge">Official answer</mark> <strong>Radwerk Südstadt</strong>' in page
    assert "<strong>leid</strong>" in page
    assert "by sprecherin" in page


def test_a_member_writes_a_review_through_the_form(client, member, subject):
    client.force_login(member)
    page = client.get(subject.get_absolute_url()).text
    assert reverse("reviews:write", args=[subject.slug]) in page
    response = client.post(
        reverse("reviews:write", args=[subject.slug]),
        {"stars": "1", "title": "  Gar  nicht gut ", "body": "Leider **kaputt**."},
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{subject.get_absolute_url()}#review-{review.pk}"
    assert (review.stars, review.title) == (1, "Gar nicht gut")
    page = client.get(subject.get_absolute_url()).text
    assert "You have reviewed this." in page
    assert reverse("reviews:edit", args=[review.pk]) in page


def test_a_second_review_of_the_same_subject_leads_to_editing_the_first(client, member, subject):
    review = make_review(member, subject)
    client.force_login(member)
    response = client.get(reverse("reviews:write", args=[subject.slug]))
    assert response["Location"] == reverse("reviews:edit", args=[review.pk])
    response = client.post(
        reverse("reviews:write", args=[subject.slug]),
        {"stars": "5", "title": "Noch mal", "body": "x"},
    )
    assert response.status_code == 302
    assert Review.objects.count() == 1


def test_staff_and_visitors_cannot_write_reviews(client, staff, subject):
    url = reverse("reviews:write", args=[subject.slug])
    assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(staff)
    assert (
        client.post(url, {"stars": "5", "title": "Wir sind toll", "body": "x"}).status_code == 403
    )
    assert not Review.objects.exists()


def test_editing_keeps_a_public_history_with_a_word_diff(client, member, subject):
    review = make_review(member, subject, stars=4, body="Schnell und freundlich")
    client.force_login(member)
    response = client.post(
        reverse("reviews:edit", args=[review.pk]),
        {"stars": "3", "title": review.title, "body": "Schnell und etwas teuer"},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(subject.get_absolute_url()).text
    assert review.history_url in page
    history = client.get(review.history_url).text
    assert "<del>freundlich </del>" in history
    assert "<ins>etwas teuer </ins>" in history
    assert "Version 2" in history
    assert "3 of 5 stars" in history


def test_others_cannot_open_the_edit_or_delete_page(client, member, other_member, staff, subject):
    review = make_review(member, subject)
    for someone in (other_member, staff):
        client.force_login(someone)
        assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 403
        assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 403
    assert not Review.objects.get().is_deleted


def test_a_deleted_review_shows_only_to_its_author_and_staff(
    client, member, other_member, staff, subject
):
    review = make_review(member, subject, title="Geheimnis")
    client.force_login(member)
    assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 302
    assert "Geheimnis" not in client.get(subject.get_absolute_url()).text
    assert "This review was deleted." in client.get(review.get_absolute_url()).text
    client.force_login(staff)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(review.history_url).status_code == 200
    client.force_login(other_member)
    assert client.get(review.get_absolute_url()).status_code == 404
    assert client.get(review.history_url).status_code == 404
    client.logout()
    assert client.get(review.get_absolute_url()).status_code == 404
    assert "Geheimnis" not in client.get(subject.get_absolute_url()).text
    assert "Geheimnis" not in json.dumps(json_ld(client.get(subject.get_absolute_url()).text))


def test_helpful_toggles_with_htmx_and_without_javascript(client, member, other_member, subject):
    review = make_review(member, subject)
    client.force_login(other_member)
    url = reverse("reviews:helpful", args=[review.pk])
    response = client.post(url, {"action": "add"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert '<span class="helpful-count">1</span>' in response.text
    response = client.post(url, {"action": "remove", "next": subject.get_absolute_url()})
    assert response["Location"] == subject.get_absolute_url()
    response = client.post(url, {"action": "add", "next": "https://evil.example/"})
    assert response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert review.helpful_count == 1


def test_helpful_on_your_own_review_is_refused_and_visitors_go_to_login(client, member, subject):
    review = make_review(member, subject)
    url = reverse("reviews:helpful", args=[review.pk])
    assert (
        reverse("account_login") in client.post(url, headers={"HX-Request": "true"})["HX-Redirect"]
    )
    client.force_login(member)
    assert client.post(url).status_code == 403
    assert 'class="helpful-form"' not in client.get(subject.get_absolute_url()).text


def test_staff_answer_through_the_form_and_change_the_answer(client, member, staff, subject):
    review = make_review(member, subject, stars=1)
    client.force_login(staff)
    page = client.get(subject.get_absolute_url()).text
    assert "Answer officially" in page
    url = reverse("reviews:answer", args=[review.pk])
    assert client.post(url, {"body": ""}).status_code == 200
    assert not OfficialReply.objects.exists()
    assert client.post(url, {"body": "Das klären wir."})["Location"] == review.get_absolute_url()
    assert "Das klären wir." in client.get(url).text
    client.post(url, {"body": "Erledigt."})
    assert OfficialReply.objects.get().body == "Erledigt."
    assert "Change the official answer" in client.get(subject.get_absolute_url()).text


def test_members_cannot_answer_officially(client, member, other_member, subject):
    review = make_review(member, subject)
    client.force_login(other_member)
    assert (
        client.post(reverse("reviews:answer", args=[review.pk]), {"body": "Ha"}).status_code == 403
    )
    assert "Answer officially" not in client.get(subject.get_absolute_url()).text


def test_a_blocked_members_review_is_collapsed_behind_show(client, member, other_member, subject):
    make_review(other_member, subject, title="Vom Blockierten")
    social_actions.block_member(blocker=member, member=other_member)
    client.force_login(member)
    page = client.get(subject.get_absolute_url()).text
    assert (
        '<details class="post-hidden"><summary>A review by a member you blocked or muted.' in page
    )
    assert "Vom Blockierten" in page


def test_staff_create_and_edit_subjects_on_the_site(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("reviews:new_subject"),
        {
            "name": "Kettenöl",
            "slug": "kettenoel",
            "kind": "product",
            "description": "Gut für Regen",
            "position": "3",
            "picture": image_upload(),
        },
    )
    subject = Subject.objects.get()
    assert response["Location"] == subject.get_absolute_url()
    assert subject.image.name.endswith(".webp")  # re-encoded, without metadata
    response = client.post(
        reverse("reviews:edit_subject", args=["kettenoel"]),
        {"name": "Kettenöl Allwetter", "slug": "kettenoel", "kind": "product", "position": "3"},
    )
    subject.refresh_from_db()
    assert subject.name == "Kettenöl Allwetter"
    assert subject.image


def test_subject_form_refuses_reserved_and_taken_slugs_and_broken_pictures(client, staff, subject):
    client.force_login(staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    for slug, message in (("new", "This address is taken"), (subject.slug, "already exists")):
        response = client.post(
            reverse("reviews:new_subject"),
            {"name": "X", "slug": slug, "kind": "product", "position": "0"},
        )
        assert response.status_code == 200
        assert message in response.text
    fake = SimpleUploadedFile("bild.png", b"kein Bild", content_type="image/png")
    response = client.post(
        reverse("reviews:new_subject"),
        {"name": "X", "slug": "x", "kind": "product", "position": "0", "picture": fake},
    )
    assert "bild.png is not a picture we can read." in response.text
    assert Subject.objects.count() == 1


def test_members_cannot_open_the_subject_pages_for_staff(client, member, official, subject):
    for someone in (member, official):
        client.force_login(someone)
        assert client.get(reverse("reviews:new_subject")).status_code == 403
        assert client.get(reverse("reviews:edit_subject", args=[subject.slug])).status_code == 403


def test_the_admin_saves_subjects_through_the_action(client, staff, member, subject):
    make_review(member, subject, stars=5)
    client.force_login(staff)
    url = reverse("admin:reviews_subject_change", args=[subject.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Neu",
            "slug": subject.slug,
            "kind": "service",
            "description": "",
            "position": "1",
        },
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert (subject.name, subject.review_count) == ("Neu", 1)
    assert client.get(reverse("admin:reviews_review_changelist")).status_code == 200


def test_reviews_by_lists_a_members_live_reviews_newest_first(member, staff):
    first, second, third = (make_subject(staff) for _ in range(3))
    make_review(member, first, title="Eins")
    gone = make_review(member, second, title="Zwei")
    make_review(member, third, title="Drei")
    actions.delete_review(actor=member, review=gone)
    assert [review.title for review in reviews_by(member, limit=5)] == ["Drei", "Eins"]
    assert [review.title for review in reviews_by(member, limit=1)] == ["Drei"]


def test_unknown_subjects_and_reviews_are_404(client, db):
    assert client.get("/reviews/gibt-es-nicht/").status_code == 404
    assert client.get("/reviews/r/999/").status_code == 404
    assert client.get("/reviews/r/999/history/").status_code == 404


@pytest.mark.parametrize("count", [3, 23])
def test_page_query_counts_do_not_grow_with_reviews(
    client, django_assert_num_queries, staff, official, count
):
    subject = make_subject(staff)
    make_subject(staff)
    for number in range(count):
        review = make_review(make_user(), subject, stars=1 + number % 5)
        if number % 2:
            actions.reply_to_review(replier=official, review=review, body="Danke")
    client.get(subject.get_absolute_url())  # site settings into the cache
    # The subject; one page of reviews with authors and answers (the count is the counter).
    with django_assert_num_queries(2):
        assert client.get(subject.get_absolute_url()).status_code == 200
    # Filtered, the count is a query of its own.
    with django_assert_num_queries(3):
        assert client.get(subject.get_absolute_url(), {"answered": "yes"}).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("reviews:subjects")).status_code == 200
    reader = make_user()
    client.force_login(reader)
    client.get(reverse("reviews:subjects"))  # the day's first visit is written (trust.activity)
    # (Session,) member, subject, page, the reader's helpful votes, blocks and mutes, own review.
    with django_assert_num_queries(6 + session_queries()):
        assert client.get(subject.get_absolute_url()).status_code == 200
