"""Review pages: subjects with their ratings, writing, editing and answering reviews.

Every button is a plain form that works without JavaScript; htmx swaps the
helpful button in place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.core.pagination import page_number
from mundwerk.core.requests import MemberRequest
from mundwerk.reviews import actions, pages, queries
from mundwerk.reviews.forms import ReplyForm, ReviewForm, ReviewListForm, SubjectForm
from mundwerk.reviews.models import Review, Subject
from mundwerk.reviews.permissions import (
    can_manage_subjects,
    check_delete_review,
    check_edit_review,
    check_manage_subjects,
    check_reply_to_review,
    check_write_reviews,
)


@cache_for_anonymous
@require_safe
def subject_list(request: HttpRequest) -> HttpResponse:
    subjects = queries.subject_overview()
    context = {"subjects": subjects, "can_manage": can_manage_subjects(request.user)}
    return render(request, "reviews/subjects.html", context)


@cache_for_anonymous
@require_safe
def subject_detail(request: HttpRequest, slug: str) -> HttpResponse:
    subject = queries.get_subject_for(request.user, slug)
    listing = ReviewListForm(request.GET)
    page = pages.subject_page(request.user, subject, page_number(request), **listing.choices())
    return render(request, "reviews/subject.html", {"view": page, "listing": listing})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_subject(request: MemberRequest, slug: str | None = None) -> HttpResponse:
    """Create a subject (without `slug`) or change one: staff only."""
    check_manage_subjects(request.user)
    subject = queries.get_subject_for(request.user, slug) if slug else Subject()
    form = SubjectForm(request.POST or None, request.FILES or None, instance=subject)
    if request.method == "POST" and form.is_valid():
        subject = form.save(commit=False)
        actions.save_subject(subject, editor=request.user, image=form.cleaned_data["picture"])
        messages.success(request, _("The review subject is saved."))
        return redirect(subject)
    return render(request, "reviews/subject_form.html", {"form": form, "subject": subject})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def write_review(request: MemberRequest, slug: str) -> HttpResponse:
    subject = queries.get_subject_for(request.user, slug)
    check_write_reviews(request.user)
    existing = queries.own_review(request.user, subject)
    if existing is not None:
        messages.info(
            request, _("You have already reviewed this. Here you can change your review.")
        )
        return redirect("reviews:edit", existing.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = actions.create_review(
                author=request.user, subject=subject, **form.cleaned_data
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for your review."))
            return redirect(f"{subject.get_absolute_url()}#review-{review.pk}")
    return render(request, "reviews/write.html", {"form": form, "subject": subject})


@require_safe
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = queries.get_review_for(request.user, review_id)
    return render(request, "reviews/review.html", pages.review_page(request.user, review))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_review(request: MemberRequest, review_id: int) -> HttpResponse:
    review = queries.get_review_for(request.user, review_id)
    check_edit_review(request.user, review)
    initial = {"stars": review.stars, "title": review.title, "body": review.body}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.edit_review(editor=request.user, review=review, **form.cleaned_data)
        messages.success(
            request, _("Your changes are saved. The earlier version stays in the history.")
        )
        return redirect(review)
    context = {"form": form, "subject": review.subject, "review": review}
    return render(request, "reviews/write.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_review(request: MemberRequest, review_id: int) -> HttpResponse:
    review = queries.get_review_for(request.user, review_id)
    check_delete_review(request.user, review)
    if request.method == "POST":
        actions.delete_review(actor=request.user, review=review)
        messages.success(request, _("Your review is deleted. You may write a new one."))
        return redirect(review.subject)
    return render(request, "reviews/delete.html", {"review": review})


@require_safe
def review_history(request: HttpRequest, review_id: int) -> HttpResponse:
    review = queries.get_review_for(request.user, review_id)
    history = queries.review_history(review)
    return render(request, "reviews/history.html", {"review": review, "history": history})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reply_to_review(request: MemberRequest, review_id: int) -> HttpResponse:
    """Write or change the business's official answer to a review."""
    review = queries.get_review_for(request.user, review_id)
    check_reply_to_review(request.user, review)
    reply = getattr(review, "reply", None)
    form = ReplyForm(request.POST or None, initial={"body": reply.body if reply else ""})
    if request.method == "POST" and form.is_valid():
        actions.reply_to_review(replier=request.user, review=review, body=form.cleaned_data["body"])
        messages.success(request, _("Your answer is published."))
        return redirect(review)
    return render(request, "reviews/reply.html", {"form": form, "review": review, "reply": reply})


@require_POST
def toggle_helpful(request: HttpRequest, review_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        login_url = f"{reverse('account_login')}?next={request.path}"
        if request.headers.get("HX-Request"):
            return HttpResponse(headers={"HX-Redirect": login_url})
        return redirect(login_url)
    review = queries.get_review_for(request.user, review_id)
    if request.POST.get("action") == "remove":
        actions.unmark_helpful(member=request.user, review=review)
    else:
        actions.mark_helpful(member=request.user, review=review)
    if request.headers.get("HX-Request"):
        return render(request, "reviews/_helpful.html", pages.helpful_button(request.user, review))
    return _back(request, review)


def _back(request: HttpRequest, review: Review) -> HttpResponse:
    """Redirect to the form's `next` if it is a path on this site, else to the review."""
    target = request.POST.get("next", "")
    on_this_site = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if on_this_site else review.get_absolute_url())
