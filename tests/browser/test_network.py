"""Two members in two browsers: one follows the other and sees why their topic is in the feed."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, new_page

pytestmark = pytest.mark.browser


def log_in(page: Page, site: str, login: str, password: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Login:").fill(login)
    page.get_by_label("Password:").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name=login, exact=True)).to_be_visible()


def test_a_follower_sees_a_new_topic_in_the_feed_with_its_reason(chromium, live_site):
    bernd, clara = new_page(chromium), new_page(chromium)
    log_in(clara, live_site, "clara", "clara-passwort-42")
    clara.goto(live_site + "/u/bernd/")
    clara.get_by_role("button", name="Follow", exact=True).click()
    expect(clara.get_by_role("button", name="Unfollow")).to_be_visible()
    expect(clara.get_by_text("1 follower")).to_be_visible()

    log_in(bernd, live_site, "bernd", "bernd-passwort-42")
    bernd.goto(live_site + "/s/werkstatt/new/")
    bernd.get_by_label("Title").fill("Winterpflege für Ketten")
    bernd.get_by_label("Text").fill("Was macht ihr im Winter mit der **Kette**?")
    bernd.get_by_role("button", name="Publish topic").click()
    expect(bernd.get_by_role("heading", name="Winterpflege für Ketten")).to_be_visible()

    clara.get_by_role("link", name="Feed").click()
    item = clara.locator("article.feed-item", has_text="Winterpflege für Ketten")
    expect(item).to_be_visible()
    expect(item.get_by_text("bernd, whom you follow, started this topic")).to_be_visible()
    clara.screenshot(path=str(ARTIFACTS / "feed.png"), full_page=True)
    item.get_by_role("link", name="Winterpflege für Ketten").click()
    expect(clara.get_by_role("heading", name="Winterpflege für Ketten")).to_be_visible()

    # A bookmark without a page load (htmx), kept on the bookmarks page.
    clara.get_by_role("button", name="Bookmark", exact=True).first.click()
    expect(clara.get_by_role("button", name="Bookmarked").first).to_be_visible()
    clara.get_by_role("link", name="Bookmarks").click()
    expect(clara.get_by_role("link", name="Winterpflege für Ketten")).to_be_visible()
    bernd.context.close()
    clara.context.close()
