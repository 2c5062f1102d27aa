import pytest
from django.urls import reverse

from mundwerk.core.tests.factories import make_reply, make_space, make_topic, make_user
from mundwerk.notifications.models import Notification
from mundwerk.posts import actions
from mundwerk.spaces.models import Membership
from mundwerk.spaces.permissions import can_moderate_space
from mundwerk.trust.actions import (
    accept_moderator_invitation,
    decline_moderator_invitation,
    invite_moderator,
)
from mundwerk.trust.influence import pagerank, pair_weight, update_influence
from mundwerk.trust.models import MemberInfluence, ModeratorInvitation


def test_ten_distinct_likers_beat_one_member_liking_a_hundred_times(db, space):
    friend, popular, crowd_favourite = make_user("freund"), make_user("a"), make_user("b")
    topic = make_topic(popular, space, title="Viele Beiträge", body="Los")
    posts = [make_reply(popular, topic, body=f"Beitrag {n}") for n in range(99)]
    for post in [topic.first_post, *posts]:
        actions.like_post(user=friend, post=post)
    loved = make_topic(crowd_favourite, space, title="Einer", body="Nur einer").first_post
    for number in range(10):
        actions.like_post(user=make_user(f"fan{number}"), post=loved)

    update_influence()

    scores = {row.member_id: row for row in MemberInfluence.objects.filter(space=space)}
    assert scores[crowd_favourite.pk].score > scores[popular.pk].score
    assert scores[crowd_favourite.pk].rank == 1
    assert scores[crowd_favourite.pk].people == 10
    assert scores[popular.pk].responses == 100 and scores[popular.pk].people == 1


def test_one_pairs_weight_saturates_so_a_fan_cannot_outvote_the_crowd():
    assert pair_weight({"like": 100}) < 10 * pair_weight({"like": 1})


def test_pagerank_passes_on_the_standing_of_whoever_responds():
    # 3 is answered by 1, whom three others answer; 4 by 2, whom nobody answers.
    scores = pagerank({(1, 3): 1.0, (2, 4): 1.0, (5, 1): 1.0, (6, 1): 1.0, (7, 1): 1.0})
    assert scores[3] > scores[4]
    assert abs(sum(scores.values()) - 1.0) < 1e-6


def test_influence_is_per_space(db):
    first, second = make_space("Eins"), make_space("Zwei")
    author, fan = make_user("autor"), make_user("fan")
    post = make_topic(author, first).first_post
    actions.like_post(user=fan, post=post)
    make_topic(fan, second)
    update_influence()
    assert MemberInfluence.objects.filter(space=first, member=author).exists()
    assert not MemberInfluence.objects.filter(space=second).exists()


def _influential(space, name="kopf", level=2):
    leader = make_user(name, trust_level=level)
    topic = make_topic(leader, space, title=f"Von {name}", body="Hallo")
    for number in range(5):
        make_reply(leader, topic, body=f"{name} sagt {number}")
    for number in range(4):
        fan = make_user(f"{name}-fan{number}")
        make_reply(fan, topic, body="Stimmt")
        actions.like_post(user=fan, post=topic.first_post)
    return leader


@pytest.mark.parametrize("spaces", [1, 4])
def test_staff_see_suggested_co_moderators_in_few_queries(
    client, staff, spaces, django_assert_num_queries
):
    leaders = [_influential(make_space(f"Raum {n}"), f"kopf{n}") for n in range(spaces)]
    update_influence()
    client.force_login(staff)
    url = reverse("trust:suggested_moderators")
    client.get(url)
    # (session,) staff, influence rows, moderators, open invitations, and the
    # flags against the candidates: one query per kind of thing flagged (5).
    with django_assert_num_queries(9 + _session_queries()):
        response = client.get(url)
    for leader in leaders:
        assert leader.username in response.text


def _session_queries():
    from mundwerk.core.tests.factories import session_queries

    return session_queries()


def test_members_below_level_two_or_recently_suspended_are_not_suggested(db, space):
    from datetime import timedelta

    from django.utils import timezone

    from mundwerk.trust.queries import suggested_moderators

    newcomer = _influential(space, "neuling", level=1)
    suspended = _influential(space, "gesperrt")
    suspended.suspended_until = timezone.now() - timedelta(days=30)
    suspended.save()
    _influential(space, "gut")
    update_influence()
    names = [s.influence.member.username for e in suggested_moderators() for s in e.suggestions]
    assert names == ["gut"] or set(names) == {"gut"}
    assert newcomer.username not in names


def test_other_members_cannot_see_the_suggestions(client, member):
    client.force_login(member)
    assert client.get(reverse("trust:suggested_moderators")).status_code == 403


def test_staff_invite_and_the_member_accepts_and_moderates(
    client, staff, space, member, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("trust:invite_moderator", args=[space.pk, member.pk]))
    assert response.status_code == 302
    invitation = ModeratorInvitation.objects.get(space=space, member=member)
    note = Notification.objects.get(recipient=member)
    assert note.what == "group_moderator_invited" and note.link == invitation.get_absolute_url()

    client.force_login(member)
    assert client.get(invitation.get_absolute_url()).status_code == 200
    response = client.post(invitation.get_absolute_url(), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(space=space, member=member).role == "moderator"
    member.refresh_from_db()
    assert can_moderate_space(member, space)


def test_the_member_may_decline(member, staff, space):
    invitation = invite_moderator(space=space, member=member, staff=staff)
    decline_moderator_invitation(invitation=invitation, member=member)
    assert not Membership.objects.filter(space=space, member=member).exists()
    assert ModeratorInvitation.objects.get().declined_at is not None


def test_an_invitation_is_answered_once_and_only_by_its_member(member, other_member, staff, space):
    from django.core.exceptions import PermissionDenied, ValidationError

    invitation = invite_moderator(space=space, member=member, staff=staff)
    with pytest.raises(PermissionDenied):
        accept_moderator_invitation(invitation=invitation, member=other_member)
    with pytest.raises(ValidationError):
        invite_moderator(space=space, member=member, staff=staff)
    accept_moderator_invitation(invitation=invitation, member=member)
    with pytest.raises(PermissionDenied):
        decline_moderator_invitation(invitation=invitation, member=member)


def test_a_group_outsider_who_accepts_joins_the_group_as_moderator(member, staff, other_member):
    from mundwerk.spaces.actions import create_group

    group = create_group(
        founder=other_member, name="Club", description="", visibility="public", join_policy="open"
    )
    invitation = invite_moderator(space=group, member=member, staff=staff)
    accept_moderator_invitation(invitation=invitation, member=member)
    group.refresh_from_db()
    assert group.member_count == 2
    assert Membership.objects.get(space=group, member=member).role == "moderator"


def test_only_staff_invite_moderators(member, other_member, space):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invite_moderator(space=space, member=other_member, staff=member)


def test_others_cannot_see_someones_invitation(client, member, other_member, staff, space):
    invitation = invite_moderator(space=space, member=member, staff=staff)
    client.force_login(other_member)
    assert client.get(invitation.get_absolute_url()).status_code == 404
