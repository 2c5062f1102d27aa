from django import template

from mundwerk.notifications import texts
from mundwerk.notifications.models import Notification

register = template.Library()


@register.filter
def describe(notification: Notification) -> str:
    """The sentence that says what the notification is about (escaped by the template)."""
    return texts.describe(notification)
