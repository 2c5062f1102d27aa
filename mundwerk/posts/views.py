from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import can_write, write_problem
from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.core.frames import render_page
from mundwerk.core.pagination import page_number, page_window
from mundwerk.core.requests import MemberRequest
from mundwerk.posts import actions, pages, queries
from mundwerk.posts.forms import (
    EditPostForm,
    EditTopicForm,
    ReplyForm,
    RetitleForm,
    TagSearchForm,
    TopicForm,
)
from mundwerk.posts.models import Post, Tag, Topic
from mundwerk.posts.permissions import (
    can_reply_to_topic,
    can_retitle_topic,
    can_see_post_history,
    check_create_topic,
    check_delete_post,
    check_edit_post,
    check_quote_post,
    check_reply_to_topic,
    check_retitle_topic,
)
from mundwerk.social.queries import interest_in, reader_marks, relations_of
from mundwerk.spaces.permissions import can_moderate_space
from mundwerk.spaces.queries import get_space_for


@cache_for_anonymous
@require_http_methods(["GET", "HEAD", "POST"])
def topic_detail(request: HttpRequest, slug: str, topic_id: int) -> HttpResponse:
    topic = queries.get_topic_for(request.user, topic_id)
    if request.method == "POST":
        return _reply(request, topic)
    if slug != topic.slug:
        return redirect(topic, permanent=True)
    page = page_number(request)
    if page > topic.page_count:
        raise Http404
    return _render_topic(request, topic, page, ReplyForm())


def _reply(request: HttpRequest, topic: Topic) -> HttpResponse:
    """Post the reply form; on errors show the last page with the form and its messages."""
    check_reply_to_topic(request.user, topic)
    assert isinstance(request.user, User)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_topic(request, topic, topic.page_count, form)
    try:
        post = actions.create_reply(
            author=request.user,
            topic=topic,
            body=form.cleaned_data["body"],
            images=form.cleaned_data["images"],
            quote_of=_quoted_post(topic, form),
        )
    except ValidationError as refusal:  # the spam rules said no, and why
        form.add_error(None, refusal)
        return _render_topic(request, topic, topic.page_count, form)
    _say_if_held(request, post.held_at is not None)
    return redirect(post)


def _say_if_held(request: HttpRequest, held: bool) -> None:
    if held:
        messages.info(
            request,
            _("Your post waits for a moderator's review; until then only you and they see it."),
        )


def _render_topic(request: HttpRequest, topic: Topic, page: int, form: ReplyForm) -> HttpResponse:
    block = pages.topic_block(topic, page)
    reader = reader_marks(request.user, block.post_ids, topic.pk)  # also blocks and mutes
    moderates = moderates_topic_page(request.user, topic, block)
    marks = pages.ReaderMarks(
        reader.liked, reader.bookmarked, relations_of(request.user).hidden, moderates
    )
    can_reply = can_reply_to_topic(request.user, topic)
    may_write = can_write(request.user)
    space = topic.space
    is_author = request.user.is_authenticated and topic.author_id == request.user.pk
    # Only level 3+ members who are not the author need the (one-query) activity check.
    may_retitle = (
        not is_author
        and not request.user.is_staff
        and getattr(request.user, "trust_level", 0) >= 3
        and can_retitle_topic(request.user, topic)
    )
    return render_page(
        request,
        "posts/topic.html",
        {
            "topic": topic,
            "posts_html": mark_safe(block.html),  # noqa: S308 (rendered from escaped templates)
            "description": block.description,
            "tags": block.tags,
            "page": page,
            "form": form,
            "pages": page_window(page, topic.page_count),
            "can_reply": can_reply,
            "may_write": may_write,
            "topic_level": reader.topic_level,
            "image_url": block.image_url,
            "share_url": settings.SITE_URL + topic.get_absolute_url(),
            "moderates": moderates,
            "is_author": is_author,
            "may_retitle": may_retitle,
            "write_problem": write_problem(request.user),
        },
        # Everything the page shows besides the posts' controls and the reader.
        frame_key=None
        if form.is_bound
        else (
            block.key,
            topic.page_count,
            topic.title,
            topic.slug,
            space.pk,
            space.name,
            space.slug,
            can_reply,
            may_write,
            reader.topic_level,
            moderates,
            is_author,
            may_retitle,
            write_problem(request.user),
            topic.locked_at is not None,
            topic.pinned_at is not None,
            topic.hidden_reason if topic.hidden_at else None,
            topic.held_at is not None,
        ),
        seconds=pages.BLOCK_SECONDS,
        finish=lambda html, token: pages.fill_controls(html, block, request.user, marks, token),
    )


def moderates_topic_page(
    viewer: User | AnonymousUser, topic: Topic, block: pages.TopicBlock
) -> bool:
    """Whether the reader moderates the topic's space, asked only where it costs no query
    for everyone: staff, groups (whose roles are already read), withheld content."""
    if not viewer.is_authenticated:
        return False
    if viewer.is_staff:
        return True
    if topic.space.is_group or topic.is_withheld or any(s.is_withheld for s in block.slots):
        return can_moderate_space(viewer, topic.space)
    return False


def _quoted_post(topic: Topic, form: ReplyForm) -> Post | None:
    quote_id = form.cleaned_data.get("quote")
    if not quote_id:
        return None
    return Post.objects.filter(pk=quote_id, topic=topic, hidden_at=None, held_at=None).first()


@login_required
@require_safe
def reply_with_quote(request: MemberRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    if post.is_deleted:
        raise Http404
    check_quote_post(request.user, post)
    quoted = "\n".join("> " + line for line in post.body.splitlines())
    body = _("@%(name)s wrote:") % {"name": post.author.username} + "\n" + quoted + "\n\n"
    form = ReplyForm(initial={"body": body, "quote": post.pk})
    return render(request, "posts/reply.html", {"topic": post.topic, "form": form, "quoted": post})


@require_safe
def post_permalink(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    url = post.topic.get_absolute_url()
    query = f"?page={post.page}" if post.page > 1 else ""
    return redirect(f"{url}{query}#post-{post.number}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_topic(request: MemberRequest, space_slug: str) -> HttpResponse:
    space = get_space_for(request.user, space_slug)
    check_create_topic(request.user, space)
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = actions.create_topic(
                author=request.user,
                space=space,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                images=form.cleaned_data["images"],
            )
        except ValidationError as refusal:  # the spam rules said no, and why
            form.add_error(None, refusal)
        else:
            _say_if_held(request, topic.held_at is not None)
            return redirect(topic)
    return render(request, "posts/new_topic.html", {"space": space, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_post(request: MemberRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    check_edit_post(request.user, post)
    is_opening = post.number == 1
    form_class = EditTopicForm if is_opening else EditPostForm
    initial = {"body": post.body, "title": post.topic.title}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.edit_post(
            editor=request.user,
            post=post,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
        )
        messages.success(
            request, _("Your changes are saved. The earlier version stays in the history.")
        )
        return redirect(post)
    return render(request, "posts/edit.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def retitle_topic(request: MemberRequest, topic_id: int) -> HttpResponse:
    topic = queries.get_topic_for(request.user, topic_id)
    check_retitle_topic(request.user, topic)
    form = RetitleForm(request.POST or None, initial={"title": topic.title})
    if request.method == "POST" and form.is_valid():
        actions.retitle_topic(editor=request.user, topic=topic, title=form.cleaned_data["title"])
        messages.success(
            request, _("The topic has its new title; the old one stays in the history.")
        )
        return redirect(topic)
    return render(request, "posts/retitle.html", {"topic": topic, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_post(request: MemberRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    check_delete_post(request.user, post)
    if request.method == "POST":
        actions.delete_post(actor=request.user, post=post)
        messages.success(request, _("The post is deleted."))
        return redirect(post)
    return render(request, "posts/delete.html", {"post": post})


@require_POST
def toggle_like(request: HttpRequest, post_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        login_url = f"{reverse('account_login')}?next={request.path}"
        if request.headers.get("HX-Request"):
            return HttpResponse(headers={"HX-Redirect": login_url})
        return redirect(login_url)
    post = queries.get_post_for(request.user, post_id)
    if request.POST.get("action") == "unlike":
        actions.unlike_post(user=request.user, post=post)
    else:
        actions.like_post(user=request.user, post=post)
    if request.headers.get("HX-Request"):
        post.refresh_from_db(fields=["like_count"])
        slot = pages.PostSlot(post.pk, post.author_id, post.like_count, post.is_deleted)
        liked = bool(queries.liked_post_ids(request.user, [post.pk]))
        return HttpResponse(pages.Controls(request.user, get_token(request)).like(slot, liked))
    return redirect(post)


@require_safe
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    if not can_see_post_history(request.user, post):
        raise Http404
    history = queries.revision_history(post)
    return render(request, "posts/history.html", {"post": post, "history": history})


@cache_for_anonymous
@require_safe
def tag_list(request: HttpRequest) -> HttpResponse:
    form = TagSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    tags = queries.search_tags(query)
    return render(request, "posts/tags.html", {"form": form, "tags": tags, "query": query})


@cache_for_anonymous
@require_safe
def tag_detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag, name=name.lower())
    page = queries.tag_topics(request.user, tag, page_number(request))
    if not page.object_list:
        # A tag with nothing this reader may read (say, used only in closed groups).
        raise Http404
    interest = interest_in(request.user, tag=tag)
    return render(request, "posts/tag.html", {"tag": tag, "page": page, "interest": interest})
