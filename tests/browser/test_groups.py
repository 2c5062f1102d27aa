"""A private group in two browsers: founded, an invitation by name, a topic only members read."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, new_page
from tests.browser.test_network import log_in

pytestmark = pytest.mark.browser


def test_a_private_group_is_founded_joined_by_invitation_and_closed_to_outsiders(
    chromium, live_site
):
    bernd, clara, visitor = new_page(chromium), new_page(chromium), new_page(chromium)
    log_in(bernd, live_site, "bernd", "bernd-passwort-42")
    bernd.goto(live_site + "/groups/")
    bernd.get_by_role("button", name="Found a group").click()
    bernd.get_by_label("Name").fill("Kettenfreunde")
    bernd.get_by_label("About the group").fill("Wir pflegen unsere Ketten gemeinsam.")
    bernd.get_by_label("Private: listed, only members read it").check()
    bernd.get_by_label("Invitation only").check()
    bernd.get_by_role("button", name="Found the group").click()
    expect(bernd.get_by_role("heading", name="Kettenfreunde")).to_be_visible()
    expect(bernd.get_by_text("Private group: listed, only members read it.")).to_be_visible()
    bernd.screenshot(path=str(ARTIFACTS / "group.png"), full_page=True)

    bernd.get_by_role("link", name="Invitations").click()
    bernd.get_by_label("Username").fill("clara")
    bernd.get_by_role("button", name="Invite", exact=True).click()
    expect(bernd.get_by_text("clara is invited.")).to_be_visible()
    expect(bernd.get_by_text("For clara")).to_be_visible()

    log_in(clara, live_site, "clara", "clara-passwort-42")
    clara.goto(live_site + "/groups/")
    clara.get_by_role("link", name="Kettenfreunde").first.click()
    expect(clara.get_by_text("bernd invites you to join.")).to_be_visible()
    clara.get_by_role("button", name="Accept and join").click()
    expect(clara.get_by_text("Welcome to Kettenfreunde!")).to_be_visible()

    clara.get_by_role("button", name="New topic").click()
    clara.get_by_label("Title").fill("Kettenöl im Test")
    clara.get_by_label("Text").fill("Meine Ergebnisse, nur für die Gruppe.")
    clara.get_by_role("button", name="Publish topic").click()
    expect(clara.get_by_role("heading", name="Kettenöl im Test")).to_be_visible()
    topic_url = clara.url

    response = visitor.goto(topic_url)
    assert response is not None and response.status == 404
    visitor.goto(live_site + "/groups/")
    visitor.get_by_role("link", name="Kettenfreunde").click()
    expect(
        visitor.get_by_text("This group is private: only its members read its topics.")
    ).to_be_visible()
    expect(visitor.get_by_text("Kettenöl im Test")).to_have_count(0)
    for page in (bernd, clara, visitor):
        page.context.close()
