"""allauth's pages wear our layout and their flows keep working."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from mundwerk.accounts.tests.conftest import PASSWORD, is_logged_in, log_in
from mundwerk.core.models import SiteSettings
from mundwerk.core.tests.factories import make_user

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def assert_our_layout(response) -> None:
    html = response.text
    assert response.status_code == 200
    assert html.count('<main id="main"') == 1
    assert re.search(r"<title>[^<]*· Mundwerk</title>", html), html[:500]
    assert "<strong>Mundwerk</strong>" in html
    assert " style=" not in html
    assert not INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html)


@pytest.fixture
def anna(db, settings):
    settings.LANGUAGE_CODE = "en"
    return make_user("anna", password=PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-key/",
        "/accounts/password/reset/key/1-not-a-token/",
    ],
)
@pytest.mark.django_db
def test_entrance_pages_render_in_our_layout(client, path):
    assert_our_layout(client.get(path, follow=True))


@pytest.mark.django_db
def test_entrance_pages_keep_our_site_name_and_sign_up_link(client):
    site = SiteSettings.load()
    site.name = "Radwerk"
    site.save()

    html = client.get("/accounts/login/").text

    assert "<strong>Radwerk</strong>" in html
    assert 'href="/accounts/signup/" role="button"' in html


@pytest.mark.django_db
def test_sign_up_page_says_when_registration_is_closed(client, settings):
    settings.LANGUAGE_CODE = "en"
    site = SiteSettings.load()
    site.registration_open = False
    site.save()

    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "Sign Up Closed" in response.text
    assert '<form method="post" action="/accounts/signup/"' not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
    ],
)
def test_account_settings_pages_render_in_our_layout_with_the_settings_menu(client, anna, path):
    client.force_login(anna)

    response = client.get(path)

    assert_our_layout(response)
    if path != "/accounts/logout/" and path != "/accounts/reauthenticate/":
        assert 'class="settings-nav"' in response.text
        assert f'href="{path}" aria-current="page"' in response.text


def test_log_out_through_the_confirmation_page(client, anna):
    client.force_login(anna)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not is_logged_in(client)


def test_password_reset_through_the_mailed_link(client, anna):
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link
    assert "Hello from Mundwerk!" in mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    assert_our_layout(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Neues-Fahrrad-2026", "password2": "Neues-Fahrrad-2026"},
    )

    assert response.status_code == 302
    assert_our_layout(client.get(response.url))
    assert log_in(client, "anna", password="Neues-Fahrrad-2026").status_code == 302
    assert is_logged_in(client)


def test_password_change_keeps_working(client, anna):
    log_in(client, "anna")

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Neues-Fahrrad-2026",
            "password2": "Neues-Fahrrad-2026",
        },
    )

    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password("Neues-Fahrrad-2026")


def test_adding_an_email_address_sends_a_confirmation(client, anna):
    log_in(client, "anna")

    response = client.post("/accounts/email/", {"action_add": "", "email": "anna@zweit.example"})

    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="anna@zweit.example").verified
    assert mail.outbox[-1].to == ["anna@zweit.example"]


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@time_machine.travel(datetime(2026, 11, 22, 12, 0, 5, tzinfo=UTC), tick=False)
def test_activating_an_authenticator_app_then_logging_in_with_a_recovery_code(client, anna):
    log_in(client, "anna")
    # Turning on two-factor authentication asks for the password again.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.url.startswith("/accounts/reauthenticate/")
    assert_our_layout(client.get(response.url))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.url == "/accounts/2fa/totp/activate/"

    page = client.get("/accounts/2fa/totp/activate/")
    assert_our_layout(page)
    assert 'src="data:image/svg+xml;base64,' in page.text
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=anna, type=Authenticator.Type.TOTP).exists()
    assert_our_layout(client.get("/accounts/2fa/"))
    assert_our_layout(client.get("/accounts/2fa/recovery-codes/"))

    client.post("/accounts/logout/")
    response = log_in(client, "anna")
    assert response.url == "/accounts/2fa/authenticate/"
    assert not is_logged_in(client)
    assert_our_layout(client.get(response.url))

    codes = Authenticator.objects.get(user=anna, type=Authenticator.Type.RECOVERY_CODES)
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": RecoveryCodes(codes).get_unused_codes()[0]}
    )
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_allauth_pages_speak_german_by_default(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de")

    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text
