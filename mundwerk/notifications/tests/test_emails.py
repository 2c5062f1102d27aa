"""Notification emails: at once for replies and mentions, digests, one-click unsubscribe."""

from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import Client

from mundwerk.core.tests.factories import make_reply
from mundwerk.core.tests.servers import Mailbox, free_port
from mundwerk.notifications import actions, emails
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.posts import actions as post_actions
from mundwerk.social import actions as social_actions


@dataclass
class FullMailbox(Mailbox):
    """A Mailbox that keeps whole messages, headers and HTML parts included."""

    received: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp(settings):
    box = FullMailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {"BACKEND": "mundwerk.core.mail.QueuedEmailBackend"},
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        },
    }
    settings.SITE_URL = "https://forum.example.org"
    yield box
    controller.stop()


def _path(url: str) -> str:
    return urlsplit(url.strip("<>")).path


def test_a_reply_is_emailed_at_once_in_the_members_language(committed, member, other_member, topic):
    Preferences.objects.create(member=member, language="en")
    with committed():
        reply = make_reply(other_member, topic, body="Gute Frage & gute Antwort")
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "bernd replied to your topic “Ein neues Rad”"
    assert "Gute Frage & gute Antwort" in message.body
    assert f"http://127.0.0.1:8000/p/{reply.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Gute Frage &amp; gute Antwort" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/"
    )
    assert Notification.objects.get(recipient=member).emailed_at is not None


def test_emails_default_to_the_sites_language(committed, member, other_member, topic):
    with committed():
        make_reply(other_member, topic, body="@anna hallo")
    [message] = mail.outbox
    assert '<html lang="de">' in message.alternatives[0].content
    assert Preferences().language == "de"


def test_likes_follows_and_shares_are_not_emailed_by_default(
    committed, member, other_member, topic
):
    with committed():
        post_actions.like_post(user=other_member, post=topic.first_post)
        social_actions.follow_member(follower=other_member, member=member)
        social_actions.share_post(sharer=other_member, post=topic.first_post)
    assert Notification.objects.filter(recipient=member).count() == 3
    assert mail.outbox == []


def test_an_unconfirmed_address_gets_no_email(committed, unverified, other_member, space):
    topic = post_actions.create_topic(author=other_member, space=space, title="Hallo", body="x")
    with committed():
        make_reply(other_member, topic, body="@neuling willkommen")
    assert Notification.objects.filter(recipient=unverified).count() == 1
    assert mail.outbox == []


def test_unsubscribing_asks_on_get_and_switches_off_on_one_click_post(client, member):
    token = emails.unsubscribe_token(member.pk, Kind.MENTION)
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and "Stop emails for Mentions of you?" in page.text
    assert not Preferences.objects.filter(member=member).exists()
    strict = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    response = strict.post(
        f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and "no more emails" in response.text
    prefs = Preferences.objects.get(member=member)
    assert not prefs.email_mention and prefs.email_reply and prefs.digest == "weekly"


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJtIjoxLCJ3IjoibWVudGlvbiJ9:1abc:forged",
        "a:b:c",
    ],
)
def test_a_bad_unsubscribe_token_is_refused_and_changes_nothing(client, member, token):
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400 and "not valid" in response.text
    assert not Preferences.objects.exists()


def test_a_token_for_something_unknown_is_refused(client, member):
    from django.core import signing

    token = signing.dumps({"m": member.pk, "w": "everything"}, salt=emails.UNSUBSCRIBE_SALT)
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400
    other_salt = signing.dumps({"m": member.pk, "w": "digest"})
    assert client.post(f"/notifications/unsubscribe/{other_salt}/").status_code == 400


def test_a_digest_reaches_a_real_smtp_server_and_its_link_switches_it_off(
    smtp, committed, member, other_member, carla, topic
):
    Preferences.objects.create(member=member, email_reply=False, language="en")
    with committed():
        make_reply(other_member, topic, body="Erste Antwort")
        post_actions.like_post(user=other_member, post=topic.first_post)
        post_actions.like_post(user=carla, post=topic.first_post)
    assert smtp.received == []
    call_command("send_digests", verbosity=0)
    [message] = smtp.received
    assert message["To"] == "anna@example.org"
    assert message["Subject"] == "2 new notifications"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://forum.example.org/notifications/unsubscribe/")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, html):
        assert "carla and 1 other liked your post in “Ein neues Rad”" in part
        assert "bernd replied to your topic “Ein neues Rad”" in part
        assert "https://forum.example.org/p/" in part
    assert '<html lang="en">' in html
    assert "Stop the digest" in text
    # Run again at once: nothing new goes out.
    call_command("send_digests", verbosity=0)
    assert len(smtp.received) == 1
    # One click from the mail client, without a session or CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        _path(unsubscribe), "List-Unsubscribe=One-Click", content_type="text/plain"
    )
    assert response.status_code == 200
    assert Preferences.objects.get(member=member).digest == Preferences.Digest.NEVER


def test_a_digest_in_german_for_a_member_who_chose_it(smtp, committed, member, other_member, topic):
    Preferences.objects.create(member=member, email_follow=False)
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
    call_command("send_digests", verbosity=0)
    [message] = smtp.received
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="de">' in html


def test_the_next_digest_waits_for_its_period_and_brings_only_news(
    committed, member, other_member, carla, topic
):
    Preferences.objects.create(member=member, language="en")  # the default period: weekly
    with time_machine.travel("2026-03-02 08:00 +0000", tick=False):
        with committed():
            social_actions.follow_member(follower=other_member, member=member)
        assert actions.send_digest(member.pk) == 1
        assert actions.send_digest(member.pk) == 0
    with time_machine.travel("2026-03-05 08:00 +0000", tick=False):
        with committed():
            social_actions.follow_member(follower=carla, member=member)
        call_command("send_digests", verbosity=0)
        assert len(mail.outbox) == 1  # weekly: not yet
    with time_machine.travel("2026-03-09 07:30 +0000", tick=False):
        call_command("send_digests", verbosity=0)
    assert len(mail.outbox) == 2
    assert "carla follows you now" in mail.outbox[1].body
    assert "bernd" not in mail.outbox[1].body.split("--")[0]


def test_no_digest_for_members_who_chose_never_or_read_everything(
    committed, member, other_member, carla, topic
):
    Preferences.objects.create(member=carla, digest=Preferences.Digest.NEVER)
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
        social_actions.follow_member(follower=other_member, member=carla)
    actions.mark_all_read(member=member)
    call_command("send_digests", verbosity=0)
    assert mail.outbox == []


def test_the_worker_sends_a_queued_digest_through_real_smtp(
    smtp, settings, transactional_db, member, other_member
):
    from django_tasks_db.models import DBTaskResult

    social_actions.follow_member(follower=other_member, member=member)  # tasks still immediate
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    call_command("send_digests", verbosity=0)
    assert smtp.received == [] and DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    [message] = smtp.received
    assert "bernd" in message.get_body(preferencelist=("plain",)).get_content()
    assert Notification.objects.get(recipient=member).emailed_at is not None
