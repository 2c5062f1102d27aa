"""Who may do what with review subjects, reviews and official replies.

`can_*` answers, `check_*` raises PermissionDenied with a message for the person.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write, is_active_staff
from mundwerk.reviews.models import OfficialReply, Review


def speaks_for_business(user: Viewer) -> bool:
    return isinstance(user, User) and user.speaks_for_business


def can_manage_subjects(user: Viewer) -> bool:
    """Staff create and change what can be reviewed."""
    return is_active_staff(user)


def check_manage_subjects(user: Viewer) -> None:
    if not can_manage_subjects(user):
        raise PermissionDenied(_("Only staff may change what can be reviewed."))


def can_write_reviews(user: Viewer) -> bool:
    """Confirmed members review; those who speak for the business answer instead.

    A review of the business by its own staff or representatives would be
    an advertisement dressed as a customer's word.
    """
    return can_write(user) and not speaks_for_business(user)


def check_write_reviews(user: Viewer) -> None:
    if not can_write(user):
        raise PermissionDenied(_("Confirm your email address before you write."))
    if speaks_for_business(user):
        raise PermissionDenied(
            _("You speak for the business, so you answer reviews instead of writing them.")
        )


def can_edit_review(user: Viewer, review: Review) -> bool:
    """Only its author changes a review; the business answers, it never edits a customer's words."""
    return can_write(user) and not review.is_deleted and review.author_id == user.pk


def check_edit_review(user: Viewer, review: Review) -> None:
    if not can_edit_review(user, review):
        raise PermissionDenied(_("You may only change your own reviews."))


def can_delete_review(user: Viewer, review: Review) -> bool:
    return can_edit_review(user, review)


def check_delete_review(user: Viewer, review: Review) -> None:
    if not can_delete_review(user, review):
        raise PermissionDenied(_("You may only delete your own reviews."))


def can_see_review(user: Viewer, review: Review) -> bool:
    """Reviews are public; a deleted or hidden one shows only to its author and staff."""
    if not review.is_deleted and not review.is_hidden:
        return True
    return user.is_authenticated and (user.is_staff or review.author_id == user.pk)


def can_vote_helpful(user: Viewer, review: Review) -> bool:
    """Members vote on others' reviews; the business does not rank what customers say of it."""
    return can_write_reviews(user) and not review.is_deleted and review.author_id != user.pk


def check_vote_helpful(user: Viewer, review: Review) -> None:
    if not can_vote_helpful(user, review):
        raise PermissionDenied(_("You cannot mark this review as helpful."))


def can_reply_to_review(user: Viewer, review: Review) -> bool:
    """Staff and official representatives answer live reviews for the business."""
    return can_write(user) and speaks_for_business(user) and not review.is_deleted


def check_reply_to_review(user: Viewer, review: Review) -> None:
    if not can_reply_to_review(user, review):
        raise PermissionDenied(_("Only the business's staff and representatives answer reviews."))


def can_edit_reply(user: Viewer, reply: OfficialReply) -> bool:
    """The reply's author changes it, and staff, who answer for the business as a whole."""
    if not can_reply_to_review(user, reply.review):
        return False
    return user.is_staff or reply.author_id == user.pk


def check_edit_reply(user: Viewer, reply: OfficialReply) -> None:
    if not can_edit_reply(user, reply):
        raise PermissionDenied(_("You may not change this answer."))
