"""Follow, block, mute, bookmark and share buttons, and the lists they make.

Every button is a plain POST form that works without JavaScript (it
redirects back to `next`); htmx posts it in the background and swaps in
the answer where a fragment exists.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.accounts.queries import get_member_for
from mundwerk.core.pagination import page_number
from mundwerk.posts import pages
from mundwerk.posts.models import Tag
from mundwerk.posts.queries import get_post_for, get_topic_for
from mundwerk.social import actions, queries
from mundwerk.social.forms import ShareForm
from mundwerk.social.permissions import can_see_connections, can_share_post
from mundwerk.spaces.permissions import can_see_space_name
from mundwerk.spaces.queries import get_space_for

PEOPLE_PER_PAGE = 50
BOOKMARKS_PER_PAGE = 30
View = Callable[..., HttpResponse]


def member_button(view: View) -> View:
    """POST only, logged in (a visitor is sent to log in, also from htmx)."""

    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            login_url = f"{reverse('account_login')}?next={request.path}"
            if request.headers.get("HX-Request"):
                return HttpResponse(headers={"HX-Redirect": login_url})
            return redirect(login_url)
        return view(request, *args, **kwargs)

    return wrapper


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the form's `next` if it is a path on this site, else to `fallback`."""
    target = request.POST.get("next", "")
    on_this_site = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # A plain redirect: `redirect()` would read a bare word as the name of a view.
    return HttpResponseRedirect(target if on_this_site else fallback)


def _member(request: HttpRequest, username: str) -> User:
    return get_member_for(request.user, username)


def _toggle(
    request: HttpRequest,
    undo_word: str,
    do: Callable[[], object],
    undo: Callable[[], object],
    back: str,
    done: str = "",
    undone: str = "",
) -> HttpResponse:
    """Run `undo` when the form's action is `undo_word`, else `do`; say so; go back."""
    if request.POST.get("action") == undo_word:
        undo()
        message = undone
    else:
        do()
        message = done
    if message:
        messages.success(request, message)
    return _back(request, back)


def _reader(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # member_button let only members in
    return request.user


@member_button
def follow_member(request: HttpRequest, username: str) -> HttpResponse:
    me, member = _reader(request), _member(request, username)
    return _toggle(
        request,
        "unfollow",
        lambda: actions.follow_member(follower=me, member=member),
        lambda: actions.unfollow_member(follower=me, member=member),
        member.get_absolute_url(),
        done=_("You follow %(name)s now.") % {"name": member.username},
    )


@member_button
def block_member(request: HttpRequest, username: str) -> HttpResponse:
    me, member = _reader(request), _member(request, username)
    return _toggle(
        request,
        "unblock",
        lambda: actions.block_member(blocker=me, member=member),
        lambda: actions.unblock_member(blocker=me, member=member),
        member.get_absolute_url(),
        done=_("You blocked %(name)s.") % {"name": member.username},
        undone=_("%(name)s is no longer blocked.") % {"name": member.username},
    )


@member_button
def mute_member(request: HttpRequest, username: str) -> HttpResponse:
    me, member = _reader(request), _member(request, username)
    return _toggle(
        request,
        "unmute",
        lambda: actions.mute_member(muter=me, member=member),
        lambda: actions.unmute_member(muter=me, member=member),
        member.get_absolute_url(),
        done=_("You muted %(name)s.") % {"name": member.username},
    )


@member_button
def follow_space(request: HttpRequest, slug: str) -> HttpResponse:
    me, space = _reader(request), get_space_for(request.user, slug)
    return _toggle(
        request,
        "unfollow",
        lambda: actions.follow_space(member=me, space=space),
        lambda: actions.unfollow_space(member=me, space=space),
        space.get_absolute_url(),
    )


@member_button
def mute_space(request: HttpRequest, slug: str) -> HttpResponse:
    me, space = _reader(request), get_space_for(request.user, slug)
    done = _("You muted the hidden group.")
    if can_see_space_name(me, space):
        done = _("You muted the space %(name)s.") % {"name": space.name}
    return _toggle(
        request,
        "unmute",
        lambda: actions.mute_space(member=me, space=space),
        lambda: actions.unmute_space(member=me, space=space),
        space.get_absolute_url(),
        done=done,
    )


def _tag(name: str) -> Tag:
    tag = Tag.objects.filter(name=name.lower()[:50]).first()
    if tag is None:
        raise Http404
    return tag


@member_button
def follow_tag(request: HttpRequest, name: str) -> HttpResponse:
    me, tag = _reader(request), _tag(name)
    return _toggle(
        request,
        "unfollow",
        lambda: actions.follow_tag(member=me, tag=tag),
        lambda: actions.unfollow_tag(member=me, tag=tag),
        reverse("posts:tag", args=[tag.name]),
    )


@member_button
def mute_tag(request: HttpRequest, name: str) -> HttpResponse:
    me, tag = _reader(request), _tag(name)
    return _toggle(
        request,
        "unmute",
        lambda: actions.mute_tag(member=me, tag=tag),
        lambda: actions.unmute_tag(member=me, tag=tag),
        reverse("posts:tag", args=[tag.name]),
        done=_("You muted #%(name)s.") % {"name": tag.name},
    )


@member_button
def topic_level(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = get_topic_for(request.user, topic_id)
    assert isinstance(request.user, User)
    level = request.POST.get("level", "")
    if level not in {"", "watching", "muted"}:
        level = ""
    actions.set_topic_level(member=request.user, topic=topic, level=level)
    return _back(request, topic.get_absolute_url())


@member_button
def bookmark(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id)
    assert isinstance(request.user, User)
    if request.POST.get("action") == "remove":
        actions.unbookmark_post(member=request.user, post=post)
    else:
        actions.bookmark_post(member=request.user, post=post)
    if request.headers.get("HX-Request"):
        slot = pages.PostSlot(post.pk, post.author_id, post.like_count, post.is_deleted)
        marked = post.pk in queries.reader_marks(request.user, [post.pk]).bookmarked
        return HttpResponse(pages.Controls(request.user, get_token(request)).bookmark(slot, marked))
    return _back(request, post.get_absolute_url())


@login_required
@require_safe
def bookmark_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    paginator = Paginator(queries.bookmarks_of(request.user), BOOKMARKS_PER_PAGE)
    page = paginator.get_page(page_number(request))
    return render(request, "social/bookmarks.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def share(request: HttpRequest, post_id: int) -> HttpResponse:
    """Show the share page (copy link for everyone, share to followers for members)."""
    post = get_post_for(request.user, post_id)
    if post.is_deleted:
        raise Http404
    own_share = queries.share_of(request.user, post.pk)
    # Opened from someone's share: passing it on records that share as the source.
    form = ShareForm(
        request.POST if request.method == "POST" else None,
        initial={"via": _number(request.GET.get("via"))},
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        assert isinstance(request.user, User)
        if request.POST.get("action") == "unshare":
            actions.unshare_post(sharer=request.user, post=post)
            messages.success(request, _("Your share was withdrawn."))
            return redirect(post)
        if form.is_valid():
            via = queries.share_for_via(form.cleaned_data.get("via"), post.pk)
            actions.share_post(
                sharer=request.user, post=post, comment=form.cleaned_data["comment"], via=via
            )
            messages.success(request, _("Shared with your followers."))
            return redirect(post)
    return render(
        request,
        "social/share.html",
        {
            "post": post,
            "form": form,
            "own_share": own_share,
            "can_share": can_share_post(request.user, post),
            "share_url": request.build_absolute_uri(post.topic.get_absolute_url()),
            "post_url": request.build_absolute_uri(post.get_absolute_url()),
        },
    )


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _people(request: HttpRequest, username: str, which: str) -> HttpResponse:
    member = _member(request, username)
    if not can_see_connections(request.user, member):
        raise Http404
    # A hidden profile is listed too, under its username only, as everywhere else.
    people = queries.followers_of(member) if which == "followers" else queries.following_of(member)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(page_number(request))
    return render(request, "social/people.html", {"member": member, "page": page, "which": which})


@require_safe
def followers(request: HttpRequest, username: str) -> HttpResponse:
    return _people(request, username, "followers")


@require_safe
def following(request: HttpRequest, username: str) -> HttpResponse:
    return _people(request, username, "following")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def connections_settings(request: HttpRequest) -> HttpResponse:
    """What the member blocked, muted and follows, each with a button to undo it."""
    member = request.user
    assert isinstance(member, User)
    if request.method == "POST":
        actions.set_connections_hidden(
            member=member, hidden=bool(request.POST.get("hides_connections"))
        )
        messages.success(request, _("Saved."))
        return redirect("social:connections")
    found = queries.connections_of(member)
    sections = [
        (
            _("Members you blocked"),
            found["blocked"],
            "member",
            "social:block_member",
            "unblock",
            _("Unblock"),
        ),
        (
            _("Members you muted"),
            found["muted"],
            "member",
            "social:mute_member",
            "unmute",
            _("Unmute"),
        ),
        (
            _("Spaces you follow"),
            found["followed_spaces"],
            "space",
            "social:follow_space",
            "unfollow",
            _("Unfollow"),
        ),
        (
            _("Spaces you muted"),
            found["muted_spaces"],
            "space",
            "social:mute_space",
            "unmute",
            _("Unmute"),
        ),
        (
            _("Tags you follow"),
            found["followed_tags"],
            "tag",
            "social:follow_tag",
            "unfollow",
            _("Unfollow"),
        ),
        (_("Tags you muted"), found["muted_tags"], "tag", "social:mute_tag", "unmute", _("Unmute")),
    ]
    return render(request, "social/connections.html", {"sections": sections})
