"""A real Mundwerk server (`mundwerk serve`), a real SMTP server and Debian's Chromium."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller

from mundwerk.core.tests.servers import Mailbox, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = os.environ.get("MUNDWERK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def _fresh_postgres_url(url: str) -> str:
    """Give the server a database of its own beside the one the tests use."""
    import psycopg

    name = "mundwerk_browser_test"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


SEED = """
from allauth.account.models import EmailAddress
from django.utils import timezone
from mundwerk.accounts.models import User
from mundwerk.posts.actions import create_topic
from mundwerk.spaces.models import Space
from mundwerk.trust.models import TrustSettings
# Browsers fill the sign-up form faster than people; the fill time has its own tests.
TrustSettings.objects.update_or_create(pk=1, defaults={"signup_min_seconds": 0})
space = Space.objects.create(name="Werkstatt", slug="werkstatt", description="Reparatur und Pflege")
bernd = User.objects.create_user("bernd", "bernd@example.org", "bernd-passwort-42", trust_level=1)
bernd.email_verified_at = timezone.now()
bernd.save()
EmailAddress.objects.create(user=bernd, email=bernd.email, verified=True, primary=True)
create_topic(
    author=bernd, space=space, title="Welches Kettenöl?", body="Was nehmt ihr für die **Kette**?"
)
clara = User.objects.create_user("clara", "clara@example.org", "clara-passwort-42", trust_level=1)
clara.email_verified_at = timezone.now()
clara.save()
EmailAddress.objects.create(user=clara, email=clara.email, verified=True, primary=True)
"""


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, mailbox) -> Iterator[str]:
    _box, smtp_port = mailbox
    data_dir = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "MUNDWERK_DATA_DIR": str(data_dir),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEBUG": "false",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if env.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        env["DATABASE_URL"] = _fresh_postgres_url(env["DATABASE_URL"])
    command = [sys.executable, "-m", "mundwerk"]
    for args in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["shell", "-c", SEED],
    ):
        subprocess.run(command + args, env=env, check=True, timeout=300)
    port, events_port = free_port(), free_port()
    while events_port == port:
        events_port = free_port()
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--events-port", str(events_port)],
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)


@pytest.fixture
def chromium(live_site):
    """Debian's Chromium, driven by Playwright; tests open their own contexts (one per person)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: run `make install-test`.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def new_page(browser: "Browser") -> "Page":
    """A fresh browser context (its own cookies: one person) with one page."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def browser_page(chromium):
    page = new_page(chromium)
    yield page
    page.context.close()
