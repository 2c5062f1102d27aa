from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.core.pagination import page_number
from mundwerk.core.requests import MemberRequest
from mundwerk.moderation import actions, queries
from mundwerk.moderation.forms import (
    AnswerForm,
    AppealForm,
    DecisionForm,
    FlagForm,
    ModeratorEditForm,
    MoveForm,
    RedactForm,
)
from mundwerk.moderation.models import Appeal, ModerationEntry
from mundwerk.moderation.permissions import (
    can_appeal,
    can_moderate_item,
    can_redact,
    check_flag,
    check_moderate_item,
    check_use_queue,
)
from mundwerk.moderation.targets import get_item_for, item_author, item_title, kind_name
from mundwerk.posts.models import Post, Topic
from mundwerk.spaces.models import Space
from mundwerk.spaces.queries import as_known_to


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def flag(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item_for(request.user, kind, pk)
    check_flag(request.user, item)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_item(
                flagger=request.user,
                item=item,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect(item)
    # An outsider may flag a group staff hid, but not learn its name here.
    shown = as_known_to(request.user, item) if isinstance(item, Space) else item
    context = {
        "form": form,
        "item": shown,
        "kind_name": kind_name(kind),
        "title": item_title(shown),
    }
    return render(request, "moderation/flag.html", context)


@login_required
@require_safe
def queue(request: MemberRequest) -> HttpResponse:
    check_use_queue(request.user)
    found = queries.review_queue(request.user)
    for entry in found.items:
        entry.form = DecisionForm(kind=entry.kind)  # type: ignore[attr-defined]
    context = {"queue": found, "answer_form": AnswerForm()}
    return render(request, "moderation/queue.html", context)


@login_required
@require_POST
def decide(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item_for(request.user, kind, pk)
    check_moderate_item(request.user, item)
    form = DecisionForm(request.POST, kind=kind)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, "moderation:queue")
    try:
        actions.decide(moderator=request.user, item=item, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Done. The decision is in the moderation log."))
    return _back(request, "moderation:queue")


@login_required
@require_safe
def case(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item_for(request.user, kind, pk)
    check_moderate_item(request.user, item)
    author = item_author(item)
    post = item if isinstance(item, Post) else getattr(item, "first_post", None)
    topic = item.topic if isinstance(item, Post) else item if isinstance(item, Topic) else None
    context = {
        "item": item,
        "kind": kind,
        "kind_name": kind_name(kind),
        "title": item_title(item),
        "author": author,
        "flags": queries.open_flags_on(item, kind),
        "entries": queries.entries_about(item, kind),
        "against": queries.decisions_against(author) if author is not None else 0,
        "form": DecisionForm(kind=kind),
        "post": post,
        "topic": topic,
        **_case_forms(request.user, post, topic),
    }
    return render(request, "moderation/case.html", context)


def _case_forms(moderator: User, post: Post | None, topic: Topic | None) -> dict[str, object]:
    """The case page's forms besides the decision; with ids of their own, as each has a reason."""
    spaces = queries.spaces_to_move_to(moderator)
    return {
        "edit_form": ModeratorEditForm(initial={"body": post.body}, auto_id="edit_%s")
        if post
        else None,
        "move_form": MoveForm(spaces=spaces, auto_id="move_%s") if topic else None,
        "redact_form": RedactForm(auto_id="redact_%s") if post and can_redact(moderator) else None,
    }


@login_required
@require_POST
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    post = get_item_for(request.user, "post", pk)
    assert isinstance(post, Post)
    check_moderate_item(request.user, post)
    form = ModeratorEditForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_post(
                moderator=request.user,
                post=post,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The post is changed; the edit history keeps both."))
    else:
        _form_errors(request, form)
    return redirect("moderation:post", pk)


@login_required
@require_POST
def move(request: MemberRequest, pk: int) -> HttpResponse:
    topic = get_item_for(request.user, "topic", pk)
    assert isinstance(topic, Topic)
    check_moderate_item(request.user, topic)
    form = MoveForm(request.POST, spaces=queries.spaces_to_move_to(request.user))
    if form.is_valid():
        try:
            actions.move_topic(moderator=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The topic is moved."))
    else:
        _form_errors(request, form)
    return redirect("moderation:topic", pk)


@login_required
@require_POST
def redact(request: MemberRequest, pk: int) -> HttpResponse:
    post = get_item_for(request.user, "post", pk)
    assert isinstance(post, Post)
    form = RedactForm(request.POST)
    if form.is_valid():
        try:
            actions.redact_post(
                moderator=request.user,
                post=post,
                removals=form.cleaned_data["removals"].splitlines(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The text is gone from the post and its history."))
    else:
        _form_errors(request, form)
    return redirect("moderation:post", pk)


def _form_errors(request: HttpRequest, form: object) -> None:
    for errors in form.errors.values():  # type: ignore[attr-defined]
        for message in errors:
            messages.error(request, message)


@require_safe
def log(request: HttpRequest) -> HttpResponse:
    page = queries.moderation_log(request.user, page_number(request))
    return render(request, "moderation/log.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: MemberRequest, pk: int) -> HttpResponse:
    found = queries.get_entry_for(request.user, pk)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.appeal_entry(member=request.user, entry=found, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your appeal is sent. Another moderator will answer it."))
            return redirect("moderation:entry", pk)
    item = found.item
    context = {
        "entry": found,
        "item": item,
        "title": item_title(item) if item is not None else "",  # type: ignore[arg-type]
        "appeal": getattr(found, "appeal", None) if _has_appeal(found) else None,
        "form": form if can_appeal(request.user, found) else None,
        "moderates": item is not None and can_moderate_item(request.user, item),  # type: ignore[arg-type]
        "answer_form": AnswerForm(),
    }
    return render(request, "moderation/entry.html", context)


def _has_appeal(found: ModerationEntry) -> bool:
    return Appeal.objects.filter(entry=found).exists()


@login_required
@require_POST
def answer(request: MemberRequest, pk: int) -> HttpResponse:
    appeal = queries.get_appeal_for(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_appeal(
                moderator=request.user,
                appeal=appeal,
                reverse=form.cleaned_data["answer"] == "reverse",
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The appeal is answered; the member is told."))
    else:
        _form_errors(request, form)
    return _back(request, "moderation:queue")
