"""Compose notification emails: one per event, or a digest; each with one-click unsubscribe.

Every message has a plain-text body and an HTML alternative, is written in
the member's saved language, and carries RFC 8058 headers whose link
switches off exactly the email it came with.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mundwerk.accounts.models import User
from mundwerk.core.models import SiteSettings
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.notifications.texts import describe, target_url

UNSUBSCRIBE_SALT = "mundwerk.notifications.unsubscribe"
DIGEST = "digest"


def unsubscribe_token(member_id: int, what: str) -> str:
    """A signed token that switches off one email kind (or the digest) for one member."""
    return signing.dumps({"m": member_id, "w": what}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The member id and what to switch off, or None for a token we did not sign."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    member_id, what = data.get("m"), data.get("w")
    if not isinstance(member_id, int) or (what != DIGEST and what not in Kind.values):
        return None
    return member_id, what


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _compose(
    member: User, prefs: Preferences, what: str, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    """Render the text and HTML parts (the caller has switched to the member's language)."""
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, what)])
    )
    context = {
        **context,
        "member": member,
        "site_name": SiteSettings.load().name,
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_label": _("Stop the digest")
        if what == DIGEST
        else _("Stop these emails (%(kind)s)") % {"kind": Kind(what).label},
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[member.email],
        headers={
            # RFC 8058: a POST to this address switches the email off, no questions asked.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_message(
    notification: Notification, member: User, prefs: Preferences
) -> EmailMultiAlternatives:
    """The email about one notification."""
    with translation.override(prefs.language):
        text = describe(notification)
        excerpt = ""
        if notification.post is not None:
            excerpt = notification.post.body[:500]
        return _compose(
            member,
            prefs,
            notification.kind,
            text,
            "notification",
            {"text": text, "excerpt": excerpt, "url": absolute(target_url(notification))},
        )


def digest_message(
    member: User, prefs: Preferences, notifications: list[Notification]
) -> EmailMultiAlternatives:
    """The digest of unread notifications."""
    with translation.override(prefs.language):
        items = [
            {"text": describe(item), "url": absolute(target_url(item)), "at": item.updated_at}
            for item in notifications
        ]
        subject = ngettext(
            "%(count)s new notification", "%(count)s new notifications", len(items)
        ) % {"count": len(items)}
        return _compose(
            member,
            prefs,
            DIGEST,
            subject,
            "digest",
            {"items": items, "list_url": absolute(reverse("notifications:list"))},
        )
