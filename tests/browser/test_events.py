"""A member plans an event, answers it and takes it into a calendar as an .ics file."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, new_page
from tests.browser.test_network import log_in

pytestmark = pytest.mark.browser


def test_a_member_plans_an_event_answers_going_and_downloads_it(chromium, live_site, tmp_path):
    page = new_page(chromium)
    log_in(page, live_site, "bernd", "bernd-passwort-42")
    page.goto(live_site + "/s/werkstatt/events/")
    page.get_by_role("button", name="New event").click()
    day = date.today() + timedelta(days=9)
    page.get_by_label("Title").fill("Schrauberabend im Radwerk")
    page.get_by_label("Description").fill("Wir stellen **Bremsen** ein.")
    page.get_by_label("Start date").fill(day.isoformat())
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("End date").fill(day.isoformat())
    page.get_by_label("End time").fill("21:00")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Place").fill("Musterstraße 12")
    page.get_by_label("Seats").fill("5")
    page.get_by_role("button", name="Publish event").click()
    expect(page.get_by_role("heading", name="Schrauberabend im Radwerk")).to_be_visible()
    expect(page.get_by_text("0 of 5 taken")).to_be_visible()

    page.get_by_role("button", name="Going", exact=True).click()
    expect(page.get_by_text("You are going.")).to_be_visible()
    expect(page.locator(".attendee-list").get_by_role("link", name="bernd")).to_be_visible()
    page.reload()
    expect(page.get_by_text("1 of 5 taken")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    target = Path(tmp_path) / "event.ics"
    download_info.value.save_as(target)
    calendar = Calendar.from_ical(target.read_bytes())
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Schrauberabend im Radwerk"
    start = item["DTSTART"].dt
    assert (start.date(), start.hour, start.minute) == (day, 18, 30)
    assert item["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]

    page.get_by_role("link", name="Discussion of this event").click()
    expect(page.get_by_role("heading", name="Schrauberabend im Radwerk")).to_be_visible()
    expect(page.get_by_role("link", name="Details and sign-up on the event page")).to_be_visible()
    page.context.close()
