"""Sign-up and log-in defences, through allauth's real pages."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mundwerk.accounts.forms import fill_stamp
from mundwerk.accounts.models import User
from mundwerk.accounts.tests.conftest import is_logged_in
from mundwerk.core.tests.factories import make_user
from mundwerk.trust.models import TrustSettings

PASSWORD = "Kaffee-und-Kuchen-17"


def _signup(client, name, *, started=None, **extra):
    data = {
        "username": name,
        "email": f"{name}@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "started": fill_stamp(started if started is not None else time.time() - 30),
        **extra,
    }
    return client.post("/accounts/signup/", data)


def _login(client, login, password="correct-horse-42"):
    return client.post("/accounts/login/", {"login": login, "password": password})


@pytest.mark.django_db
def test_a_person_who_takes_their_time_signs_up(client):
    response = _signup(client, "ruhig")
    assert response.status_code == 302
    assert User.objects.filter(username="ruhig").exists()


@pytest.mark.django_db
def test_the_sign_up_form_carries_a_hidden_honeypot_and_a_signed_start_time(client):
    html = client.get("/accounts/signup/").text
    assert 'name="homepage"' in html and "hidden" in html
    assert 'name="started"' in html
    assert "style=" not in html.split('name="homepage"')[0].rsplit("<input", 1)[1]


@pytest.mark.django_db
def test_a_filled_honeypot_pretends_success_and_creates_nobody(client):
    response = _signup(client, "robot", homepage="https://spam.example/")
    assert response.status_code == 302
    assert not User.objects.filter(username="robot").exists()


@pytest.mark.django_db
def test_a_form_sent_faster_than_the_minimum_fill_time_is_refused(client):
    response = _signup(client, "flink", started=time.time())
    assert response.status_code == 200
    assert "very quick" in response.text
    assert not User.objects.filter(username="flink").exists()


@pytest.mark.django_db
def test_a_form_without_or_with_a_forged_start_time_is_refused(client):
    data = {"username": "bot", "email": "bot@example.org", "password1": PASSWORD}
    response = client.post("/accounts/signup/", {**data, "password2": PASSWORD})
    assert "expired" in response.text
    response = client.post("/accounts/signup/", {**data, "password2": PASSWORD, "started": "1"})
    assert "expired" in response.text
    assert not User.objects.filter(username="bot").exists()


@pytest.mark.django_db
def test_sign_ups_per_address_per_hour_are_limited_with_a_readable_429(client, limits_on):
    rules = TrustSettings.load()
    rules.signups_per_ip_per_hour = 2
    rules.save()
    assert _signup(client, "eins").status_code == 302
    client.logout()
    assert _signup(client, "zwei").status_code == 302
    client.logout()
    response = _signup(client, "drei")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3601
    assert "Too many sign-ups" in response.text
    assert not User.objects.filter(username="drei").exists()


@pytest.mark.django_db
def test_failed_log_ins_lock_the_account_with_a_429_and_a_way_out_by_email(client, limits_on):
    member = make_user("anna")
    for _ in range(5):
        assert _login(client, "anna", "falsch").status_code == 200
    response = _login(client, "anna")  # even the right password waits now
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "reset your password" in response.text.lower()
    assert 'href="/accounts/password/reset/"' in response.text
    assert not is_logged_in(client)
    make_user("bernd")  # other accounts are not locked
    assert _login(client, "bernd").status_code == 302
    assert member.pk


@pytest.mark.django_db
def test_a_password_reset_by_email_lifts_the_lockout(client, limits_on, mailoutbox):
    make_user("anna")
    for _ in range(5):
        _login(client, "anna", "falsch")
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    body = mail.outbox[-1].body if mail.outbox else ""
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body)
    assert link, body
    page = client.get(link.group(1), follow=True)
    client.post(
        page.request["PATH_INFO"],
        {"password1": "Neues-Passwort-99", "password2": "Neues-Passwort-99"},
    )
    assert _login(client, "anna", "Neues-Passwort-99").status_code == 302


@pytest.mark.django_db
def test_failed_log_ins_from_one_address_lock_that_address(client, limits_on):
    rules = TrustSettings.load()
    rules.login_failures_per_ip = 3
    rules.save()
    for number in range(3):
        _login(client, f"niemand{number}", "falsch")
    make_user("anna")
    assert _login(client, "anna").status_code == 429


@pytest.mark.django_db
def test_a_suspended_member_cannot_log_in_until_the_time(client):
    member = make_user("anna")
    member.suspended_until = timezone.now() + timedelta(days=3)
    member.save()
    response = _login(client, "anna")
    assert response.status_code == 200
    assert "suspended until" in response.text
    assert not is_logged_in(client)
    member.suspended_until = timezone.now() - timedelta(minutes=1)
    member.save()
    assert _login(client, "anna").status_code == 302


@pytest.mark.django_db
def test_a_banned_member_cannot_log_in(client):
    member = make_user("anna")
    member.banned_at = timezone.now()
    member.save()
    response = _login(client, "anna@example.org")
    assert "banned" in response.text
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_a_wrong_password_does_not_reveal_a_suspension(client):
    member = make_user("anna")
    member.banned_at = timezone.now()
    member.save()
    response = _login(client, "anna", "falsch")
    assert "banned" not in response.text
