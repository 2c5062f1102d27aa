"""Mail leaves through the task queue and reaches a real SMTP server."""

from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction

from mundwerk.core.mail import QueuedEmailBackend, deserialize_message, serialize_message
from mundwerk.core.tests.servers import Mailbox, free_port

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
QUEUED = {
    "default": {"BACKEND": "mundwerk.core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


def welcome() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "Willkommen",
        "Hallo Anna",
        "team@example.org",
        ["anna@example.org"],
        bcc=["log@example.org"],
    )
    message.attach_alternative("<p>Hallo <b>Anna</b></p>", "text/html")
    return message


def test_a_message_survives_the_round_trip_through_task_arguments():
    copy = deserialize_message(serialize_message(welcome()))
    assert (copy.subject, copy.body, copy.to, copy.bcc) == (
        "Willkommen",
        "Hallo Anna",
        ["anna@example.org"],
        ["log@example.org"],
    )
    assert copy.alternatives[0].content == "<p>Hallo <b>Anna</b></p>"


def test_queued_mail_is_delivered_by_the_task(settings, db):
    settings.MAILERS = QUEUED
    assert QueuedEmailBackend().send_messages([welcome()]) == 1
    assert [message.subject for message in mail.outbox] == ["Willkommen"]


def test_queued_mail_waits_in_the_database_until_the_worker_runs(settings, transactional_db):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS = QUEUED
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with transaction.atomic():
        QueuedEmailBackend().send_messages([welcome()])
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_a_mail_rolled_back_with_its_transaction_is_never_sent(settings, transactional_db):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS = QUEUED
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    try:
        with transaction.atomic():
            QueuedEmailBackend().send_messages([welcome()])
            raise RuntimeError("the write failed")
    except RuntimeError:
        pass
    assert DBTaskResult.objects.count() == 0


def test_the_worker_delivers_through_a_real_smtp_server(settings, db):
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {"BACKEND": "mundwerk.core.mail.QueuedEmailBackend"},
            "delivery": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            },
        }
        QueuedEmailBackend().send_messages([welcome()])
    finally:
        controller.stop()
    assert [text.strip() for text in box.messages] == ["Hallo Anna"]
