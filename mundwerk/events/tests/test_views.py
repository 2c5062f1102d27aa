"""Event pages and forms: planning, answering (with and without htmx), lists and their cost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mundwerk.core.tests.factories import image_upload, make_space, make_user, session_queries
from mundwerk.events import actions
from mundwerk.events.models import Event, Rsvp
from mundwerk.events.tests.conftest import make_event


def _form(**changes: object) -> dict[str, object]:
    day = (timezone.now() + timedelta(days=10)).date()
    data: dict[str, object] = {
        "title": "Frühjahrscheck",
        "description": "Bremsen, Licht, **Luft**.",
        "start_date": day.isoformat(),
        "start_time": "18:00",
        "end_date": day.isoformat(),
        "end_time": "20:30",
        "time_zone": "Europe/Berlin",
        "location": "Radwerk Südstadt",
        "online_url": "",
        "capacity": "12",
    }
    data.update(changes)
    return data


def test_a_member_plans_an_event_from_the_form_in_local_time(client, member, space):
    client.force_login(member)
    response = client.post(f"/s/{space.slug}/events/new/", _form(cover=image_upload()))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    local = event.local_start
    assert (local.hour, local.minute) == (18, 0)
    assert event.time_zone == "Europe/Berlin"
    assert event.capacity == 12
    assert event.cover
    page = client.get(f"/events/{event.pk}/").text
    assert "Frühjahrscheck" in page
    assert "<strong>Luft</strong>" in page
    assert event.topic.get_absolute_url() in page


def test_the_event_form_shows_the_viewers_time_zone_first(client, member, space):
    client.force_login(member)
    page = client.get(f"/s/{space.slug}/events/new/").text
    assert '<option value="Europe/Berlin" selected>' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "17:00"}, "The end must come after the start."),
        ({"time_zone": "Mars/Olympus"}, "Choose a time zone from the list"),
        ({"time_zone": "../../etc/passwd"}, "Choose a time zone from the list"),
        ({"capacity": "0"}, "at least one seat"),
        ({"capacity": "-5"}, "at least one seat"),
        ({"capacity": "99999999999999999999"}, "At most 100000 seats."),
        ({"capacity": "zwölf"}, "whole number"),
        ({"online_url": "javascript:alert(1)", "location": ""}, "starting with https://"),
        ({"online_url": "ftp://example.org/x"}, "starting with https://"),
        ({"location": "", "online_url": ""}, "Give a place or an online link."),
        ({"title": "x" * 151}, "at most 150 characters"),
        ({"title": "  a  "}, "at least 3 characters"),
        ({"description": "x" * 10_001}, "at most 10000 characters"),
        ({"start_date": "2020-01-01", "end_date": "2020-01-01"}, "within the next five years"),
        ({"start_date": "9999-12-31", "end_date": "9999-12-31"}, "within the next five years"),
        ({"start_date": "31.02.2030"}, "Enter a date."),
        ({"start_time": "25:99"}, "Enter a time."),
        ({"end_date": "2099-01-01"}, "within the next five years"),
    ],
)
def test_bad_input_gets_a_clear_message_and_plans_nothing(client, member, space, changes, message):
    client.force_login(member)
    response = client.post(f"/s/{space.slug}/events/new/", _form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Event.objects.exists()


def test_a_start_in_the_past_or_a_month_long_event_is_refused(client, member, space):
    client.force_login(member)
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()
    response = client.post(
        f"/s/{space.slug}/events/new/", _form(start_date=yesterday, end_date=yesterday)
    )
    assert "The start lies in the past." in response.text
    later = (timezone.now() + timedelta(days=60)).date().isoformat()
    response = client.post(f"/s/{space.slug}/events/new/", _form(end_date=later))
    assert "at most 31 days" in response.text
    assert not Event.objects.exists()


def test_a_time_skipped_by_the_clock_change_is_refused(client, member, space):
    from mundwerk.events.tests.test_calendars import last_sunday

    day = last_sunday(timezone.now().year + 1, 3).isoformat()
    client.force_login(member)
    response = client.post(
        f"/s/{space.slug}/events/new/",
        _form(start_date=day, end_date=day, start_time="02:30", end_time="04:00"),
    )
    assert "does not exist in that time zone" in response.text
    assert not Event.objects.exists()


def test_a_broken_cover_picture_is_refused(client, member, space):
    client.force_login(member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bild.png", b"kein Bild", content_type="image/png")
    response = client.post(f"/s/{space.slug}/events/new/", _form(cover=fake))
    assert "bild.png" in response.text
    assert not Event.objects.exists()


def test_visitors_are_sent_to_log_in_and_unconfirmed_members_may_not_plan(
    client, unverified, space
):
    response = client.get(f"/s/{space.slug}/events/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(unverified)
    assert client.post(f"/s/{space.slug}/events/new/", _form()).status_code == 403
    assert not Event.objects.exists()


def test_answering_without_javascript_redirects_back_to_the_event(client, member, event):
    client.force_login(member)
    response = client.post(f"/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    assert Rsvp.objects.get().answer == Rsvp.Answer.GOING
    assert "You are going." in client.get(f"/events/{event.pk}/").text


def test_answering_with_htmx_swaps_in_the_answer_box(client, member, event):
    client.force_login(member)
    response = client.post(
        f"/events/{event.pk}/rsvp/",
        {"answer": "maybe", "hidden_shown": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.startswith('<section id="rsvp"')
    assert "You might go." in response.text


def test_a_bad_answer_is_refused_with_a_message(client, member, event):
    client.force_login(member)
    response = client.post(f"/events/{event.pk}/rsvp/", {"answer": "vielleicht"}, follow=True)
    assert "Answer going, maybe or not going." in response.text
    assert not Rsvp.objects.exists()


def test_a_visitor_who_answers_is_sent_to_log_in(client, event):
    response = client.post(f"/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/events/")
    assert not Rsvp.objects.exists()


def test_answering_a_cancelled_event_says_why(client, member, other_member, event):
    actions.cancel_event(actor=member, event=event)
    client.force_login(other_member)
    response = client.post(f"/events/{event.pk}/rsvp/", {"answer": "going"}, follow=True)
    assert "This event is cancelled." in response.text
    assert not Rsvp.objects.exists()


def test_the_full_event_offers_the_waitlist(client, member, other_member, space):
    event = make_event(member, space, capacity=1)
    actions.respond_to_event(member=member, event=event, answer="going")
    client.force_login(other_member)
    assert "Join the waitlist" in client.get(f"/events/{event.pk}/").text
    client.post(f"/events/{event.pk}/rsvp/", {"answer": "going"})
    assert "You are on the waitlist, number 1." in client.get(f"/events/{event.pk}/").text


def test_the_organiser_changes_and_cancels_through_the_pages(client, member, event):
    client.force_login(member)
    form = client.get(f"/events/{event.pk}/edit/").text
    assert 'value="Schrauberabend"' in form
    response = client.post(f"/events/{event.pk}/edit/", _form(title="Neuer Abend"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Neuer Abend"
    client.post(f"/events/{event.pk}/cancel/")
    event.refresh_from_db()
    assert event.is_cancelled
    assert "This event is cancelled." in client.get(f"/events/{event.pk}/").text
    assert client.get(f"/events/{event.pk}/edit/").status_code == 403


def test_others_may_not_change_an_event(client, other_member, event):
    client.force_login(other_member)
    assert client.get(f"/events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/events/{event.pk}/cancel/").status_code == 403
    event.refresh_from_db()
    assert not event.is_cancelled


def test_upcoming_and_past_events_are_listed_apart(client, member, space):
    make_event(member, space, title="Bald")
    old = make_event(member, space, title="Vorbei")
    Event.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    upcoming, past = client.get("/events/").text, client.get("/events/past/").text
    assert "Bald" in upcoming and "Vorbei" not in upcoming
    assert "Vorbei" in past and "Bald" not in past
    assert "Bald" in client.get(f"/s/{space.slug}/events/").text
    assert "Vorbei" in client.get(f"/s/{space.slug}/events/past/").text


def test_non_numeric_ids_and_pages_beyond_the_end_are_404(client, event):
    urls = ["/events/abc/", "/events/1e3/", "/events/-1/", "/events/99999999999999999999/"]
    urls += ["/events/?page=99", "/s/gibtsnicht/events/", "/events/calendar/nichts.ics"]
    for url in urls:
        assert client.get(url).status_code in (200, 404), url
    assert client.get("/events/?page=abc").status_code == 200
    assert client.get("/events/?page=99").status_code == 404


def test_the_personal_calendar_address_is_switched_on_renewed_and_off(client, member):
    client.force_login(member)
    assert "switched off" in client.get("/events/calendar/").text
    client.post("/events/calendar/", {"action": "create"})
    first = member.calendar_token.token
    assert first in client.get("/events/calendar/").text
    client.post("/events/calendar/", {"action": "regenerate"})
    member.calendar_token.refresh_from_db()
    assert member.calendar_token.token != first
    client.post("/events/calendar/", {"action": "revoke"})
    assert "switched off" in client.get("/events/calendar/").text


def _fill(space, count: int) -> None:
    organiser = make_user()
    for number in range(count):
        event = make_event(organiser, space, title=f"Termin {number}")
        actions.respond_to_event(member=make_user(), event=event, answer="going")


@pytest.mark.parametrize("logged_in", [False, True])
def test_event_list_queries_do_not_grow(client, member, logged_in, django_assert_num_queries):
    space = make_space()
    if logged_in:
        client.force_login(member)
    # unreadable spaces, count, page (+ user and the reader's answers when logged in)
    expected = 3 + (2 + session_queries() if logged_in else 0)
    for count in (2, 12):
        _fill(space, count)
        for url in ("/events/", f"/s/{space.slug}/events/"):
            client.get(url)
            extra = 1 if url.startswith("/s/") else 0  # the space
            with django_assert_num_queries(expected + extra):
                assert client.get(url).status_code == 200


def test_event_page_queries_do_not_grow_with_attendees(
    client, member, space, django_assert_num_queries
):
    event = make_event(member, space)
    for count in (2, 12):
        for _ in range(count):
            actions.respond_to_event(member=make_user(), event=event, answer="going")
        client.get(f"/events/{event.pk}/")
        # the event, the attendees, the other answers' counts
        with django_assert_num_queries(3):
            assert client.get(f"/events/{event.pk}/").status_code == 200
