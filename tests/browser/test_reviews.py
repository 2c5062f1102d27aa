"""A member writes a one-star review, staff answer it, and the answer shows as the business's."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, new_page

pytestmark = pytest.mark.browser

# Staff and a subject to review, added to the seeded site (idempotent).
REVIEW_SEED = """
from allauth.account.models import EmailAddress
from django.utils import timezone
from mundwerk.accounts.models import User
from mundwerk.reviews.actions import save_subject
from mundwerk.reviews.models import Subject
meike = User.objects.filter(username="meike").first()
if meike is None:
    meike = User.objects.create_user(
        "meike", "meike@example.org", "meike-passwort-42", is_staff=True
    )
    meike.email_verified_at = timezone.now()
    meike.save()
    EmailAddress.objects.create(user=meike, email=meike.email, verified=True, primary=True)
if not Subject.objects.filter(slug="inspektion").exists():
    save_subject(
        Subject(name="Frühjahrs-Inspektion", slug="inspektion", kind="service"), editor=meike
    )
"""


def _site_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment `live_site` gave the server: its data folder and database."""
    folders = sorted(tmp_path_factory.getbasetemp().glob("site[0-9]*"))
    assert len(folders) == 1, folders
    env = {**os.environ, "MUNDWERK_DATA_DIR": str(folders[0])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = env.get("DATABASE_URL", "")
    if url.startswith(("postgres", "pgsql")):
        env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path="/mundwerk_browser_test"))
    return env


@pytest.fixture
def review_seed(live_site: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    command = [sys.executable, "-m", "mundwerk", "shell", "-c", REVIEW_SEED]
    subprocess.run(
        command, env=_site_env(tmp_path_factory), check=True, timeout=120, cwd=Path.cwd()
    )
    return live_site


def log_in(page: Page, site: str, login: str, password: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Login:").fill(login)
    page.get_by_label("Password:").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name=login, exact=True)).to_be_visible()


def test_a_critical_review_gets_an_official_answer(chromium, review_seed):
    site = review_seed
    clara, meike = new_page(chromium), new_page(chromium)
    log_in(clara, site, "clara", "clara-passwort-42")
    clara.goto(site + "/reviews/")
    clara.get_by_role("link", name="Frühjahrs-Inspektion").click()
    clara.get_by_role("button", name="Write a review").click()
    clara.get_by_label("1 star: bad").check()
    clara.get_by_label("Title").fill("Zwölf Tage statt fünf")
    clara.get_by_label("Your review").fill("Niemand hat **angerufen**.")
    clara.get_by_role("button", name="Publish review").click()
    review = clara.locator("article.review", has_text="Zwölf Tage statt fünf")
    expect(review).to_be_visible()
    expect(review.get_by_text("1 of 5 stars")).to_be_attached()
    expect(clara.get_by_text("You have reviewed this.")).to_be_visible()
    expect(clara.get_by_role("cell", name="1 (100 %)")).to_be_visible()

    log_in(meike, site, "meike", "meike-passwort-42")
    meike.goto(site + "/reviews/inspektion/")
    meike.locator("article.review", has_text="Zwölf Tage statt fünf").get_by_role(
        "link", name="Answer officially"
    ).click()
    meike.get_by_label("Official answer").fill("Das tut uns leid, wir melden uns heute.")
    meike.get_by_role("button", name="Publish answer").click()
    expect(meike.get_by_text("Your answer is published.")).to_be_visible()

    clara.reload()
    site_name = clara.locator(".site-name").inner_text().strip()
    answer = clara.locator("article.review", has_text="Zwölf Tage statt fünf").locator(
        ".official-reply"
    )
    expect(answer).to_be_visible()
    expect(answer.locator(".official-reply-header > .official-badge")).to_have_text(
        "Official answer"
    )
    expect(answer).to_contain_text(site_name)
    expect(answer).to_contain_text("Das tut uns leid, wir melden uns heute.")
    clara.screenshot(path=str(ARTIFACTS / "review-answered.png"), full_page=True)
    clara.context.close()
    meike.context.close()
