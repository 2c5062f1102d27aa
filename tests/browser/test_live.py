"""Live updates: a reply in one browser shows up in another without a reload."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, new_page
from tests.browser.test_network import log_in

pytestmark = pytest.mark.browser


def test_a_reply_updates_the_bell_and_the_open_topic_of_its_author_without_a_reload(
    chromium, live_site
):
    bernd_topic, clara = new_page(chromium), new_page(chromium)
    log_in(bernd_topic, live_site, "bernd", "bernd-passwort-42")
    # Start from an empty bell, whatever other tests on this site left behind.
    bernd_topic.goto(live_site + "/notifications/")
    mark_all = bernd_topic.get_by_role("button", name="Mark all as read")
    if mark_all.count():
        mark_all.click()
    bernd_home = bernd_topic.context.new_page()
    bernd_home.set_default_timeout(15_000)
    bernd_home.goto(live_site + "/")
    bernd_topic.goto(live_site + "/")
    bernd_topic.get_by_role("link", name="Welches Kettenöl?").first.click()
    expect(bernd_topic.get_by_role("heading", name="Welches Kettenöl?")).to_be_visible()
    bell = bernd_home.locator(".notification-bell")
    expect(bell.locator(".notification-count")).to_have_count(0)
    loads = []
    bernd_home.on("load", lambda page: loads.append(page.url))
    bernd_topic.on("load", lambda page: loads.append(page.url))

    log_in(clara, live_site, "clara", "clara-passwort-42")
    clara.goto(live_site + "/")
    clara.get_by_role("link", name="Welches Kettenöl?").first.click()
    clara.get_by_label("Text").fill("Ich nehme **Wachs**, das hält länger.")
    clara.get_by_role("button", name="Reply").click()
    expect(clara.get_by_text("das hält länger")).to_be_visible()

    # The task worker writes the notification; the stream notices within a poll.
    expect(bell.locator(".notification-count")).to_have_text("1", timeout=30_000)
    expect(bell).to_have_attribute("aria-label", "Notifications: 1 unread notification")
    expect(bernd_topic.locator(".notification-bell .notification-count")).to_have_text("1")
    notice = bernd_topic.get_by_role("status").get_by_role(
        "link",
        name="1 new reply – show",  # noqa: RUF001 - the text's own dash
    )
    expect(notice).to_be_visible()
    assert loads == []
    bernd_topic.screenshot(path=str(ARTIFACTS / "live.png"), full_page=True)

    bernd_home.locator(".notification-bell").click()
    bernd_home.locator("li.notification-unread button.notification-open").first.click()
    expect(bernd_home).to_have_url(re.compile(r"#post-2$"))
    expect(bernd_home.locator("#post-2")).to_contain_text("das hält länger")
    # Reading it takes the count away again, live on the other page too.
    expect(bernd_topic.locator(".notification-bell .notification-count")).to_have_count(0)

    notice.click()
    expect(bernd_topic).to_have_url(re.compile(r"#post-2$"))
    bernd_topic.context.close()
    clara.context.close()
