"""Every write to members' accounts and profiles."""

from django.utils import timezone

from mundwerk.accounts.models import User


def mark_email_verified(user: User) -> None:
    """Record that the member confirmed an address, which lets them write."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
