"""Reads of spaces and groups: lookups that 404 on what a viewer may not know of, lists."""

import copy
from collections.abc import Iterable

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.spaces.models import Ban, Invitation, JoinRequest, Membership, Space
from mundwerk.spaces.permissions import HIDDEN_GROUP_NAME, can_see_space, can_see_space_name

GROUPS_PER_PAGE = 30
MEMBERS_PER_PAGE = 60


def get_space_for(viewer: Viewer, slug: str) -> Space:
    """Return the space, or 404 when it does not exist or the viewer may not know of it."""
    space = Space.objects.filter(slug=slug[:80]).first()
    if space is None or not can_see_space(viewer, space):
        raise Http404
    return space


def as_known_to(viewer: Viewer, space: Space) -> Space:
    """The space as a page may show it to the viewer; to show, never to save.

    For an outsider of a group staff hid (`can_see_space_name`), a copy named
    only "Hidden group", without its description.
    """
    if not space.is_hidden or can_see_space_name(viewer, space):
        return space
    withheld = copy.copy(space)
    withheld.name, withheld.description = str(HIDDEN_GROUP_NAME), ""
    return withheld


def group_directory(viewer: Viewer, page_number: int) -> Page:
    """Groups the viewer may know of: public and private ones, and secret ones they are in.

    A group staff hid is listed only for its members (and staff).
    """
    groups = Space.objects.filter(kind=Space.Kind.GROUP, deleted_at__isnull=True)
    listed = ~Q(visibility=Space.Visibility.SECRET) & Q(hidden_at__isnull=True)
    if viewer.is_authenticated:
        listed |= Q(memberships__member_id=viewer.pk)
        if viewer.is_staff:
            listed = Q()
    groups = groups.filter(listed).distinct().order_by("archived_at", "-last_post_at", "name")
    return Paginator(groups, GROUPS_PER_PAGE).get_page(page_number)


def groups_of(member: User) -> list[Space]:
    """The member's own groups, any visibility: for their own eyes only."""
    return list(
        Space.objects.filter(
            kind=Space.Kind.GROUP, deleted_at__isnull=True, memberships__member=member
        ).order_by("name")
    )


def public_groups_of(member: User) -> list[Space]:
    """The public groups a member is in that staff did not hide: what their profile lists."""
    return list(
        Space.objects.open_to_all()
        .filter(kind=Space.Kind.GROUP, memberships__member=member)
        .order_by("name")
    )


def members_of(space: Space, page_number: int) -> Page:
    """The space's members, owners and moderators first.

    A member whose profile staff hid is listed too, under their username only.
    """
    order = {Membership.Role.OWNER: 0, Membership.Role.MODERATOR: 1, Membership.Role.MEMBER: 2}
    rank = Case(
        *(When(role=role, then=Value(value)) for role, value in order.items()),
        output_field=IntegerField(),
    )
    memberships = (
        Membership.objects.filter(space=space, member__is_active=True)
        .select_related("member")
        .annotate(rank=rank)
        .order_by("rank", "member__username")
    )
    paginator = Paginator(memberships, MEMBERS_PER_PAGE)
    return paginator.get_page(page_number)


def moderators_of(space: Space) -> QuerySet[Membership, int]:
    return Membership.objects.filter(
        space=space, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
    ).values_list("member_id", flat=True)


def open_requests(space: Space) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(space=space, answer="")
        .select_related("member")
        .order_by("created_at")
    )


def live_invitations(space: Space) -> QuerySet[Invitation]:
    """Invitations not yet used up, revoked or expired, newest first."""
    return (
        Invitation.objects.filter(
            space=space,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .filter(Q(invitee__isnull=True) | Q(accepted_at__isnull=True, declined_at__isnull=True))
        .select_related("invitee", "invited_by")
        .order_by("-created_at")
    )


def bans_of(space: Space) -> QuerySet[Ban]:
    return Ban.objects.filter(space=space).select_related("member").order_by("-created_at")


def invitation_for(token: str) -> Invitation:
    """The invitation behind a link, or 404 (unknown token)."""
    found = Invitation.objects.select_related("space", "invitee", "invited_by").filter(
        token=token[:43]
    )
    invitation = found.first()
    if invitation is None or invitation.space.deleted_at is not None:
        raise Http404
    return invitation


def pending_invitations_for(member: User) -> QuerySet[Invitation]:
    """Invitations addressed to the member that they can still accept."""
    return (
        Invitation.objects.filter(
            invitee=member,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            space__deleted_at__isnull=True,
            space__hidden_at__isnull=True,
        )
        .select_related("space", "invited_by")
        .order_by("-created_at")
    )


def transfer_candidates(space: Space, limit: int = 500) -> list[str]:
    """Usernames of the members who could take the group over, moderators first."""
    return list(
        Membership.objects.filter(space=space, member__is_active=True)
        .exclude(role=Membership.Role.OWNER)
        .order_by("-role", "member__username")
        .values_list("member__username", flat=True)[:limit]
    )


def open_request_count(space: Space) -> int:
    return JoinRequest.objects.filter(space=space, answer="").count()


def has_open_request(member: User, space: Space) -> bool:
    return JoinRequest.objects.filter(space=space, member=member, answer="").exists()


def get_join_request_for(space: Space, request_id: int) -> JoinRequest:
    """An open join request of the space, or 404."""
    found = JoinRequest.objects.select_related("member", "space").filter(
        pk=request_id, space=space, answer=""
    )
    join_request = found.first()
    if join_request is None:
        raise Http404
    return join_request


def get_invitation_in(space: Space, invitation_id: int) -> Invitation:
    """An invitation of the space by its number, or 404."""
    invitation = (
        Invitation.objects.select_related("space").filter(pk=invitation_id, space=space).first()
    )
    if invitation is None:
        raise Http404
    return invitation


def readers_among(space: Space, member_ids: Iterable[int]) -> list[int]:
    """Those of `member_ids` who may still read the space, sorted: in a closed group its
    members and staff (a member may have left since); nobody in a deleted space."""
    wanted = set(member_ids)
    if not wanted or space.deleted_at is not None:
        return []
    if not space.is_closed:
        return sorted(wanted)
    allowed = set(
        Membership.objects.filter(space=space, member_id__in=wanted).values_list(
            "member_id", flat=True
        )
    )
    allowed |= set(User.objects.filter(pk__in=wanted, is_staff=True).values_list("pk", flat=True))
    return sorted(allowed)
