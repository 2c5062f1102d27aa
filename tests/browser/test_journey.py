"""A new member's first visit, end to end, in a real browser against the real server."""

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def picture_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_new_member_signs_up_writes_likes_edits_and_switches_language(
    browser_page, live_site, mailbox
):
    page, box = browser_page, mailbox[0]
    page.goto(live_site + "/")
    expect(page.get_by_role("link", name="Werkstatt").first).to_be_visible()
    shot(page, "home")

    page.get_by_role("button", name="Sign up").click()
    page.get_by_label("Username:").fill("radlerin")
    page.get_by_label("Email:").fill("radlerin@example.org")
    page.get_by_label("Password:", exact=True).fill("Sattel-und-Speiche-42")
    page.get_by_label("Password (again):").fill("Sattel-und-Speiche-42")
    shot(page, "signup")
    page.locator("main").get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("Verify Your Email Address").first).to_be_visible()

    link = box.wait_for_link(r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You have confirmed radlerin@example.org.")).to_be_visible()
    page.get_by_label("Login:").fill("radlerin@example.org")
    page.get_by_label("Password:").fill("Sattel-und-Speiche-42")
    page.locator("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="radlerin")).to_be_visible()

    page.get_by_role("link", name="Werkstatt").first.click()
    page.get_by_role("button", name="New topic").or_(
        page.get_by_role("link", name="New topic")
    ).first.click()
    page.get_by_label("Title").fill("Mein erstes Rad")
    page.get_by_label("Text").fill("Seht mal, **mein Rad**! #stolz @bernd")
    page.get_by_label("Pictures").set_input_files(
        [{"name": "rad.png", "mimeType": "image/png", "buffer": picture_bytes()}]
    )
    page.get_by_role("button", name="Publish topic").click()
    expect(page.get_by_role("heading", name="Mein erstes Rad")).to_be_visible()
    expect(page.locator(".post-images img")).to_have_count(1)
    expect(page.locator(".post-body a.mention")).to_have_text("@bernd")

    page.get_by_label("Text").fill("Und eine Antwort an mich selbst.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("#post-2")).to_contain_text("Und eine Antwort an mich selbst.")
    shot(page, "topic")

    page.locator("#post-2").get_by_role("link", name="Edit").click()
    page.get_by_label("Text").fill("Und eine verbesserte Antwort.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#post-2")).to_contain_text("verbesserte Antwort")
    page.locator("#post-2").get_by_role("link", name="edited").click()
    expect(page.locator("ins").first).to_contain_text("verbesserte")
    expect(page.locator("del").first).to_be_visible()
    shot(page, "history")

    page.goto(live_site + "/")
    page.get_by_role("link", name="Welches Kettenöl?").first.click()
    like = page.locator("#post-1 .like-button")
    expect(like).to_have_attribute("aria-pressed", "false")
    url_before = page.url
    like.click()
    expect(page.locator("#post-1 .like-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#post-1 .like-count")).to_have_text("1")
    assert page.url == url_before  # htmx swapped the button; no page load

    page.get_by_label("Language").select_option("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    shot(page, "topic-de")
    page.get_by_label("Sprache").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Log out").click()
    if page.get_by_role("button", name="Sign Out").count():
        page.get_by_role("button", name="Sign Out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
