"""Every write to review subjects, reviews, votes and official replies.

The only place that saves the app's models.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.notifications.tasks import notify_members
from mundwerk.posts.actions import render_post_body
from mundwerk.posts.images import ProcessedImage
from mundwerk.reviews.models import (
    STAR_VALUES,
    HelpfulVote,
    OfficialReply,
    Review,
    ReviewRevision,
    Subject,
)
from mundwerk.reviews.permissions import (
    check_delete_review,
    check_edit_reply,
    check_edit_review,
    check_manage_subjects,
    check_reply_to_review,
    check_vote_helpful,
    check_write_reviews,
)

# A review with this many stars or fewer tells every active staff member at once.
CRITICAL_STARS = 2


def save_subject(subject: Subject, *, editor: User, image: ProcessedImage | None = None) -> Subject:
    """Create or change a review subject; `image`, when given, replaces its picture.

    The subject's fields are set by the caller (a staff form); its rating
    counters are never taken from the caller.
    """
    check_manage_subjects(editor)
    counters = ["review_count", "rating_total", *(f"star{n}_count" for n in STAR_VALUES)]
    with transaction.atomic():
        old_image = None
        if image is not None:
            if subject.pk is not None:
                old_image = Subject.objects.get(pk=subject.pk).image
            subject.image.save(image.name, image.full, save=False)
        if subject.pk is None:
            for name in counters:
                setattr(subject, name, 0)
            subject.save()
        else:
            fields = [f.name for f in Subject._meta.concrete_fields]
            subject.save(update_fields=[n for n in fields if n not in counters and n != "id"])
    if old_image:
        transaction.on_commit(lambda: old_image.delete(save=False))
    return subject


def _count(subject_id: int, stars: int, step: int) -> None:
    """Add (step 1) or take away (step -1) one review of `stars` from its subject's counters."""
    Subject.objects.filter(pk=subject_id).update(
        review_count=F("review_count") + step,
        rating_total=F("rating_total") + step * stars,
        **{f"star{stars}_count": F(f"star{stars}_count") + step},
    )


def _move_stars(subject_id: int, old: int, new: int) -> None:
    Subject.objects.filter(pk=subject_id).update(
        rating_total=F("rating_total") + (new - old),
        **{
            f"star{old}_count": F(f"star{old}_count") - 1,
            f"star{new}_count": F(f"star{new}_count") + 1,
        },
    )


def _tell_staff_if_critical(review: Review) -> None:
    """After commit, tell every active staff member of a critical review (once per review)."""
    if review.stars > CRITICAL_STARS:
        return
    staff_ids = list(
        User.objects.filter(is_active=True, is_staff=True).values_list("pk", flat=True)
    )
    if not staff_ids:
        return
    review_id, author_id, title, link = (
        review.pk,
        review.author_id,
        review.title,
        review.get_absolute_url(),
    )
    transaction.on_commit(
        lambda: notify_members.enqueue(
            member_ids=staff_ids,
            kind="review",
            what="review_critical",
            event=f"review-critical:{review_id}",
            actor_id=author_id,
            subject=title,
            link=link,
        )
    )


def create_review(*, author: User, subject: Subject, stars: int, title: str, body: str) -> Review:
    """Write the member's review of `subject` with revision 1 and count it.

    Raises PermissionDenied when the member may not review, or already has a
    live review of this subject. Two or fewer stars tell staff at once.
    """
    check_write_reviews(author)
    if stars not in STAR_VALUES:
        raise ValueError(f"stars must be 1 to 5, not {stars!r}")
    rendered = render_post_body(body, author)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                subject=subject,
                author=author,
                stars=stars,
                title=title,
                body=body,
                html=rendered.html,
            )
            ReviewRevision.objects.create(
                review=review, number=1, stars=stars, title=title, body=body, editor=author
            )
            _count(subject.pk, stars, 1)
            _tell_staff_if_critical(review)
            content_changed("review", review.pk)
    except IntegrityError:
        # The partial unique constraint: a second tab, or a double click.
        raise PermissionDenied(
            _("You have already reviewed %(name)s. Change your review instead.")
            % {"name": subject.name}
        ) from None
    return review


def edit_review(*, editor: User, review: Review, stars: int, title: str, body: str) -> Review:
    """Change a review, keeping the earlier version in its history and the counters true."""
    check_edit_review(editor, review)
    if stars not in STAR_VALUES:
        raise ValueError(f"stars must be 1 to 5, not {stars!r}")
    if (stars, title, body) == (review.stars, review.title, review.body):
        return review
    rendered = render_post_body(body, review.author)
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.deleted_at is not None:
            raise PermissionDenied(_("This review was deleted."))
        if locked.stars != stars and locked.hidden_at is None:
            # A hidden review does not count, so there are no stars of it to move.
            _move_stars(locked.subject_id, locked.stars, stars)
        locked.stars, locked.title, locked.body, locked.html = stars, title, body, rendered.html
        locked.edited_at = timezone.now()
        locked.revision_count += 1
        locked.save(update_fields=["stars", "title", "body", "html", "edited_at", "revision_count"])
        ReviewRevision.objects.create(
            review=locked,
            number=locked.revision_count,
            stars=stars,
            title=title,
            body=body,
            editor=editor,
        )
        _tell_staff_if_critical(locked)
        content_changed("review", locked.pk)
    return locked


def delete_review(*, actor: User, review: Review) -> Review:
    """Withdraw a review: it no longer shows or counts, and its author may write a new one."""
    check_delete_review(actor, review)
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.deleted_at is None:
            locked.deleted_at = timezone.now()
            locked.save(update_fields=["deleted_at"])
            if locked.hidden_at is None:
                _count(locked.subject_id, locked.stars, -1)
            content_changed("review", locked.pk)
    return locked


def mark_helpful(*, member: User, review: Review) -> bool:
    """Record that `member` found the review helpful; False when they had already."""
    check_vote_helpful(member, review)
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(member=member, review=review)
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    except IntegrityError:
        return False
    return True


def unmark_helpful(*, member: User, review: Review) -> bool:
    """Take back a helpful vote; False when there was none."""
    with transaction.atomic():
        deleted, _rows = HelpfulVote.objects.filter(member=member, review=review).delete()
        if deleted:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
    return bool(deleted)


def reply_to_review(*, replier: User, review: Review, body: str) -> OfficialReply:
    """Answer a review for the business, or change the answer; the first answer tells its author.

    One official reply per review: a second call changes it.
    """
    check_reply_to_review(replier, review)
    html = render_post_body(body, replier).html
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.deleted_at is not None:
            raise PermissionDenied(_("This review was deleted."))
        reply = OfficialReply.objects.filter(review=locked).first()
        if reply is not None:
            check_edit_reply(replier, reply)
            if reply.body != body:
                reply.body, reply.html, reply.edited_at = body, html, timezone.now()
                reply.save(update_fields=["body", "html", "edited_at"])
            return reply
        reply = OfficialReply.objects.create(review=locked, author=replier, body=body, html=html)
        review_id, author_id, title, link = (
            locked.pk,
            locked.author_id,
            locked.title,
            locked.get_absolute_url(),
        )
        transaction.on_commit(
            lambda: notify_members.enqueue(
                member_ids=[author_id],
                kind="review",
                what="review_answered",
                event=f"review-answer:{review_id}",
                actor_id=replier.pk,
                subject=title,
                link=link,
            )
        )
    return reply


def set_review_hidden(review: Review, hidden: bool, reason: str = "") -> Review:
    """Hide a review with a public reason, or show it again; only moderation.actions calls this.

    A hidden review does not count in its subject's rating, so the subject is
    recounted in the same transaction.
    """
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        locked.hidden_at = timezone.now() if hidden else None
        locked.hidden_reason = reason[:300] if hidden else ""
        locked.save(update_fields=["hidden_at", "hidden_reason"])
        recount_subject(review.subject)
        content_changed("review", locked.pk)
    review.hidden_at, review.hidden_reason = locked.hidden_at, locked.hidden_reason
    return locked


def recount_subject(subject: Subject) -> Subject:
    """Set a subject's rating counters from its shown reviews (a repair; actions keep them true).

    Shown: neither deleted nor hidden by moderators.
    """
    live = Q(reviews__deleted_at__isnull=True, reviews__hidden_at__isnull=True)
    totals = Subject.objects.filter(pk=subject.pk).aggregate(
        review_count=Count("reviews", filter=live),
        rating_total=Sum("reviews__stars", filter=live, default=0),
        **{
            f"star{n}_count": Count("reviews", filter=live & Q(reviews__stars=n))
            for n in STAR_VALUES
        },
    )
    Subject.objects.filter(pk=subject.pk).update(**totals)
    subject.refresh_from_db()
    return subject
