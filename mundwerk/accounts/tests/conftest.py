import re
import time

from django.core import mail

from mundwerk.accounts.forms import fill_stamp

PASSWORD = "Kaffee-und-Kuchen-17"


def sign_up(client, username: str, email: str | None = None, password: str = PASSWORD):
    """Post allauth's real sign-up form."""
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email or f"{username.lower()}@example.org",
            "password1": password,
            "password2": password,
            "started": fill_stamp(time.time() - 60),
        },
    )


def log_in(client, login: str, password: str = PASSWORD):
    """Post allauth's real log-in form."""
    return client.post("/accounts/login/", {"login": login, "password": password})


def confirmation_path(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
