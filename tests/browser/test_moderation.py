"""A member flags a post, a moderator hides it from the queue, the author sees the reason
and appeals, and the public log shows the decision."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, new_page
from tests.browser.test_reviews import _site_env, log_in

pytestmark = pytest.mark.browser

# A staff member to moderate, added to the seeded site (idempotent).
MODERATOR_SEED = """
from allauth.account.models import EmailAddress
from django.utils import timezone
from mundwerk.accounts.models import User
if not User.objects.filter(username="olga").exists():
    olga = User.objects.create_user("olga", "olga@example.org", "olga-passwort-42", is_staff=True)
    olga.email_verified_at = timezone.now()
    olga.save()
    EmailAddress.objects.create(user=olga, email=olga.email, verified=True, primary=True)
"""


@pytest.fixture
def moderation_seed(live_site: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    command = [sys.executable, "-m", "mundwerk", "shell", "-c", MODERATOR_SEED]
    subprocess.run(
        command, env=_site_env(tmp_path_factory), check=True, timeout=120, cwd=Path.cwd()
    )
    return live_site


def _open_notification(page: Page, site: str, text: str) -> None:
    """The worker delivers notifications in the background: look until it has."""
    link = page.get_by_role("button", name=re.compile(text))
    for _attempt in range(30):
        page.goto(site + "/notifications/")
        if link.count():
            break
        page.wait_for_timeout(500)  # the browser's own clock: the worker runs apart
    link.first.click()


def test_a_flagged_post_is_hidden_appealed_and_logged(chromium, moderation_seed):
    site = moderation_seed
    clara, olga, bernd = new_page(chromium), new_page(chromium), new_page(chromium)

    log_in(clara, site, "clara", "clara-passwort-42")
    clara.goto(site + "/")
    clara.get_by_role("link", name="Welches Kettenöl?").first.click()
    clara.locator("article#post-1").get_by_role("link", name="Flag").click()
    clara.get_by_label("Spam").check()
    clara.get_by_label("Details (only moderators see them)").fill("Schleichwerbung")
    clara.get_by_role("button", name="Send flag").click()
    expect(clara.get_by_text("Thank you. The moderators will look at it.")).to_be_visible()

    log_in(olga, site, "olga", "olga-passwort-42")
    olga.goto(site + "/moderation/")
    entry = olga.locator("article.queue-entry", has_text="Welches Kettenöl?")
    expect(entry).to_contain_text("Schleichwerbung")
    entry.get_by_label("Decision").select_option("hide")
    entry.get_by_label("Public reason").fill("Werbung für ein Öl")
    entry.get_by_role("button", name="Decide").click()
    expect(olga.get_by_text("Done. The decision is in the moderation log.")).to_be_visible()

    clara.reload()
    expect(clara.get_by_text("Hidden by moderators: Werbung für ein Öl")).to_be_visible()
    expect(clara.get_by_text("Was nehmt ihr für die")).to_have_count(0)

    log_in(bernd, site, "bernd", "bernd-passwort-42")
    _open_notification(bernd, site, "Moderators hid your post")
    expect(bernd.locator(".moderation-reason")).to_have_text("Werbung für ein Öl")
    bernd.get_by_label("Why is the decision wrong?").fill("Das war eine ehrliche Frage.")
    bernd.get_by_role("button", name="Send appeal").click()
    expect(bernd.get_by_text("Your appeal is sent.")).to_be_visible()
    bernd.goto(site + "/")
    bernd.get_by_role("link", name="Welches Kettenöl?").first.click()
    expect(bernd.get_by_text("Hidden by moderators: Werbung für ein Öl")).to_be_visible()
    expect(bernd.get_by_text("Was nehmt ihr für die")).to_be_visible()

    olga.goto(site + "/moderation/")
    expect(olga.locator("article.appeal")).to_contain_text("Das war eine ehrliche Frage.")

    visitor = new_page(chromium)
    visitor.goto(site + "/moderation/log/")
    row = visitor.locator("table.moderation-log tbody tr").first
    expect(row).to_contain_text("hidden")
    expect(row).to_contain_text("Werbung für ein Öl")
    expect(row).to_contain_text("staff")
    expect(visitor.get_by_text("Schleichwerbung")).to_have_count(0)
    visitor.screenshot(path=str(ARTIFACTS / "moderation-log.png"), full_page=True)
    for page in (clara, olga, bernd, visitor):
        page.context.close()


def test_staff_hide_a_flagged_profile_and_a_visitor_sees_why(chromium, moderation_seed):
    site = moderation_seed
    clara, olga, visitor = new_page(chromium), new_page(chromium), new_page(chromium)

    log_in(clara, site, "clara", "clara-passwort-42")
    clara.goto(site + "/u/bernd/")
    clara.get_by_role("link", name="Flag profile").click()
    clara.get_by_label("Harassment").check()
    clara.get_by_role("button", name="Send flag").click()
    expect(clara.get_by_text("Thank you. The moderators will look at it.")).to_be_visible()

    log_in(olga, site, "olga", "olga-passwort-42")
    olga.goto(site + "/moderation/")
    entry = olga.locator("article.queue-entry", has_text="@bernd")
    entry.get_by_label("Decision").select_option("hide")
    entry.get_by_label("Public reason").fill("Beleidigendes Profil")
    entry.get_by_role("button", name="Decide").click()
    expect(olga.get_by_text("Done. The decision is in the moderation log.")).to_be_visible()

    visitor.goto(site + "/u/bernd/")
    expect(visitor.get_by_text("Moderators hid this profile: Beleidigendes Profil")).to_be_visible()
    visitor.screenshot(path=str(ARTIFACTS / "moderation-hidden-profile.png"), full_page=True)
    visitor.goto(site + "/moderation/log/")
    expect(visitor.locator("table.moderation-log")).to_contain_text("Beleidigendes Profil")
    for page in (clara, olga, visitor):
        page.context.close()
