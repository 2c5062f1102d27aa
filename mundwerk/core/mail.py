"""Send mail from the task worker, so a slow or unreachable mail server never fails a page.

The "default" mailer queues each message as a task (a database row, written
in the same transaction as whatever caused the mail); the worker delivers it
through the "delivery" mailer, which is SMTP or the console.
"""

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task

DELIVERY_MAILER = "delivery"


def serialize_message(message: EmailMessage) -> dict[str, Any]:
    """Turn a message into JSON-safe data for a task argument."""
    alternatives = [
        [alternative.content, alternative.mimetype]
        for alternative in getattr(message, "alternatives", [])
        if isinstance(alternative.content, str)
    ]
    attachments = [
        [name, content, mimetype]
        for name, content, mimetype in message.attachments
        if isinstance(content, str)
    ]
    if len(attachments) != len(message.attachments):
        raise ValueError("Queued mail carries text attachments only.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(key): str(value) for key, value in message.extra_headers.items()},
        "alternatives": alternatives,
        "attachments": attachments,
    }


def deserialize_message(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, content, mimetype)
    return message


@task()
def deliver_email(message: dict[str, Any]) -> None:
    """Deliver one queued message through the delivery mailer; raise if the server refuses."""
    mailers[DELIVERY_MAILER].send_messages([deserialize_message(message)])


class QueuedEmailBackend(BaseEmailBackend):
    """Queue every message for the task worker instead of talking SMTP in the request."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            deliver_email.enqueue(message=serialize_message(message))
        return len(email_messages)
