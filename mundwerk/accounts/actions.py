"""Every write to members' accounts and profiles."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import check_edit_profile
from mundwerk.accounts.websites import website_validator
from mundwerk.core.changes import content_changed
from mundwerk.core.markdown import render_markdown
from mundwerk.posts.images import ProcessedImage


def mark_email_verified(user: User) -> None:
    """Record that the member confirmed an address, which lets them write."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def render_bio(bio: str) -> str:
    """Return the sanitized HTML of a profile's Markdown text."""
    return render_markdown(bio).html if bio else ""


def update_profile(
    user: User,
    *,
    display_name: str,
    bio: str,
    website: str,
    avatar: ProcessedImage | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change what a member shows on their public profile.

    `avatar` comes from `process_image`; its thumbnail becomes the picture.
    A new avatar wins over `remove_avatar`. The file of a replaced or removed
    avatar is deleted after commit. Raises ValidationError for a website that
    is not http(s), PermissionDenied when the member may not edit a profile.
    """
    check_edit_profile(user, user)
    if website:
        website_validator(website)
    old_avatar = user.avatar.name if (avatar is not None or remove_avatar) else ""
    with transaction.atomic():
        user.display_name = display_name
        user.bio = bio
        user.bio_html = render_bio(bio)
        user.website = website
        fields = ["display_name", "bio", "bio_html", "website"]
        if avatar is not None:
            user.avatar.save(avatar.name, avatar.thumbnail, save=False)
            fields.append("avatar")
        elif remove_avatar:
            user.avatar.name = ""
            fields.append("avatar")
        user.save(update_fields=fields)
        content_changed("member", user.pk)
        if old_avatar:
            transaction.on_commit(partial(user.avatar.storage.delete, old_avatar))
    return user


def remove_avatar(user: User) -> None:
    """Take away a member's avatar, e.g. by staff; the file is deleted after commit."""
    old_avatar = user.avatar.name
    if not old_avatar:
        return
    with transaction.atomic():
        user.avatar.name = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(partial(user.avatar.storage.delete, old_avatar))


def set_profile_hidden(member: User, reason: str | None) -> None:
    """Withhold a member's own profile parts from others with a public reason, or show them (None).

    Called by moderation.actions, which checks that staff decide and writes the
    log in the same transaction. Nothing is deleted: the member and staff still
    see every part, and showing the profile again brings them back unchanged.
    """
    hidden_at = timezone.now() if reason is not None else None
    hidden_reason = (reason or "")[:300]
    User.objects.filter(pk=member.pk).update(
        profile_hidden_at=hidden_at, profile_hidden_reason=hidden_reason
    )
    member.profile_hidden_at, member.profile_hidden_reason = hidden_at, hidden_reason
    content_changed("member", member.pk)
