"""Hiding and showing again groups and members' profiles: staff only, logged, appealable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from mundwerk.accounts import actions as accounts
from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_topic, make_user
from mundwerk.moderation import actions
from mundwerk.moderation.models import Flag, ModerationEntry
from mundwerk.moderation.permissions import can_moderate_item
from mundwerk.moderation.queries import review_queue
from mundwerk.notifications.models import Notification
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import can_read_space

Action = ModerationEntry.Action
REASON = "Aufruf zur Gewalt"


def browser(user: User | None = None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def owner(db) -> User:
    return make_user("gruender")


@pytest.fixture
def helper(db) -> User:
    """Moderates the group, which does not let them judge it."""
    return make_user("helferin")


@pytest.fixture
def club(owner: User, helper: User) -> Space:
    club = Space.objects.create(
        name="Krawallclub", slug="krawallclub", kind=Space.Kind.GROUP, description="Laut!"
    )
    Membership.objects.create(space=club, member=owner, role=Membership.Role.OWNER)
    Membership.objects.create(space=club, member=helper, role=Membership.Role.MODERATOR)
    return club


@pytest.fixture
def profile(db) -> User:
    member = make_user("poebler")
    accounts.update_profile(member, display_name="Der Pöbler", bio="Ich **pöble**", website="")
    return member


def _trusted(name: str) -> User:
    return make_user(name, trust_level=2)


# Who may


def test_staff_hide_a_group_and_its_owner_is_affected(staff, club, owner, other_member):
    actions.flag_item(flagger=other_member, item=club, reason="illegal")
    entry = actions.hide_item(moderator=staff, item=club, reason=REASON)

    club.refresh_from_db()
    assert club.hidden_at is not None and club.hidden_reason == REASON
    assert (entry.action, entry.group, entry.space, entry.affected) == (
        Action.HIDE, club, None, owner,
    )  # fmt: skip
    assert entry.role == ModerationEntry.Role.STAFF
    assert Flag.objects.get(group=club).outcome == Flag.Outcome.UPHELD
    assert not can_read_space(other_member, club)


def test_a_group_s_own_moderators_cannot_hide_or_judge_it(club, owner, helper, other_member):
    actions.flag_item(flagger=other_member, item=club, reason="spam")
    for insider in (owner, helper):
        assert not can_moderate_item(insider, club)
        for decide in (actions.hide_item, actions.approve_item):
            with pytest.raises(PermissionDenied, match="Only staff"):
                decide(moderator=insider, item=club, reason=REASON)
    club.refresh_from_db()
    assert club.hidden_at is None
    assert not ModerationEntry.objects.exists()


def test_only_staff_hide_a_profile(profile, moderator, staff):
    with pytest.raises(PermissionDenied):
        actions.hide_item(moderator=moderator, item=profile, reason=REASON)
    entry = actions.hide_item(moderator=staff, item=profile, reason=REASON)

    profile.refresh_from_db()
    assert profile.profile_hidden_at is not None and profile.profile_hidden_reason == REASON
    assert (entry.member, entry.affected, entry.space) == (profile, profile, None)


def test_hiding_a_group_or_profile_needs_a_reason(staff, club, profile):
    for item in (club, profile):
        with pytest.raises(ValidationError):
            actions.hide_item(moderator=staff, item=item, reason="  ")


def test_unhiding_shows_them_again_and_is_logged(staff, club, profile, other_member):
    for item in (club, profile):
        actions.hide_item(moderator=staff, item=item, reason=REASON)
        entry = actions.unhide_item(moderator=staff, item=item, reason="Geklärt")
        assert entry.action == Action.UNHIDE
    club.refresh_from_db()
    profile.refresh_from_db()
    assert club.hidden_at is None and profile.profile_hidden_at is None
    assert can_read_space(other_member, club)


def test_unhiding_what_is_not_hidden_is_refused(staff, club, profile):
    for item in (club, profile):
        with pytest.raises(ValidationError):
            actions.unhide_item(moderator=staff, item=item)


def test_hiding_and_showing_tell_the_search_index(
    staff, club, profile, settings, django_capture_on_commit_callbacks
):
    heard: list[tuple[str, int]] = []
    settings.CONTENT_CHANGE_LISTENERS = [f"{__name__}._listen"]
    _listen.heard = heard  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_item(moderator=staff, item=club, reason=REASON)
        actions.hide_item(moderator=staff, item=profile, reason=REASON)
        actions.unhide_item(moderator=staff, item=club)
    assert heard == [("space", club.pk), ("member", profile.pk), ("space", club.pk)]


def _listen(kind: str, pk: int) -> None:
    _listen.heard.append((kind, pk))  # type: ignore[attr-defined]


def test_staff_reach_the_case_from_a_profile_and_a_group_page(staff, club, owner, profile):
    for url, case in (
        (profile.get_absolute_url(), f"/moderation/member/{profile.pk}/"),
        (club.get_absolute_url(), f"/moderation/group/{club.pk}/"),
    ):
        assert f'href="{case}"' in browser(staff).get(url).content.decode()
        assert f'href="{case}"' not in browser(owner).get(url).content.decode()


# Automatic hiding


def test_three_trusted_flags_hide_a_group_until_staff_look(club, staff):
    actions.flag_item(flagger=make_user("neu"), item=club, reason="spam")
    for name in ("t1", "t2"):
        actions.flag_item(flagger=_trusted(name), item=club, reason="spam")
    club.refresh_from_db()
    assert club.hidden_at is None  # a new member's flag does not count
    actions.flag_item(flagger=_trusted("t3"), item=club, reason="spam")
    club.refresh_from_db()
    assert club.hidden_at is not None
    assert ModerationEntry.objects.get(group=club).role == ModerationEntry.Role.SYSTEM


def test_three_trusted_flags_hide_a_profile_until_staff_look(profile):
    for name in ("t1", "t2", "t3"):
        actions.flag_item(flagger=_trusted(name), item=profile, reason="harassment")
    profile.refresh_from_db()
    assert profile.profile_hidden_at is not None
    entry = ModerationEntry.objects.get(member=profile)
    assert entry.action == Action.HIDE and entry.moderator is None


# The queue


def test_the_queue_shows_group_and_profile_flags_to_staff_only(
    club, profile, owner, helper, staff, other_member
):
    actions.flag_item(flagger=other_member, item=club, reason="spam")
    actions.flag_item(flagger=other_member, item=profile, reason="spam")
    topic = make_topic(owner, club, title="Im Club")
    actions.flag_item(flagger=helper, item=topic, reason="off_topic")

    assert {(item.kind, item.item.pk) for item in review_queue(staff).items} == {
        ("group", club.pk), ("member", profile.pk), ("topic", topic.pk),
    }  # fmt: skip
    for insider in (owner, helper):
        assert [item.kind for item in review_queue(insider).items] == ["topic"]


def test_a_group_s_moderator_cannot_open_or_decide_its_case(club, helper):
    client = browser(helper)
    assert client.get(f"/moderation/group/{club.pk}/").status_code == 403
    response = client.post(
        f"/moderation/group/{club.pk}/decide/", {"action": "hide", "reason": REASON}
    )
    assert response.status_code == 403
    club.refresh_from_db()
    assert club.hidden_at is None


def test_staff_hide_a_group_and_a_profile_from_the_queue(staff, club, profile, other_member):
    actions.flag_item(flagger=other_member, item=club, reason="spam")
    actions.flag_item(flagger=other_member, item=profile, reason="spam")
    client = browser(staff)
    page = client.get("/moderation/").content.decode()
    assert f"queue-group-{club.pk}" in page and f"queue-member-{profile.pk}" in page
    for kind, item in (("group", club), ("member", profile)):
        client.post(f"/moderation/{kind}/{item.pk}/decide/", {"action": "hide", "reason": REASON})
    club.refresh_from_db()
    profile.refresh_from_db()
    assert club.hidden_reason == REASON and profile.profile_hidden_reason == REASON


# Notifications and appeals


def test_the_owner_hears_of_the_hidden_group_appeals_once_and_staff_reverse(
    staff, club, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.hide_item(moderator=staff, item=club, reason=REASON)
    note = Notification.objects.get(recipient=owner, what="moderation_group_hidden")
    assert note.subject == "Krawallclub" and note.link == f"/moderation/entry/{entry.pk}/"
    page = browser(owner).get(note.link).content.decode()
    assert REASON in page and "Send appeal" in page

    appeal = actions.appeal_entry(member=owner, entry=entry, text="Wir sind friedlich")
    with pytest.raises(PermissionDenied):
        actions.appeal_entry(member=owner, entry=entry, text="Nochmal")
    with django_capture_on_commit_callbacks(execute=True):
        reversal = actions.answer_appeal(
            moderator=make_user("zweite", is_staff=True),
            appeal=appeal,
            reverse=True,
            text="Missverständnis",
        )
    club.refresh_from_db()
    assert club.hidden_at is None and reversal is not None and reversal.action == Action.UNHIDE
    assert Notification.objects.filter(recipient=owner, what="moderation_appeal_answered").exists()


def test_the_group_s_moderators_cannot_answer_the_owner_s_appeal(staff, club, owner, helper):
    entry = actions.hide_item(moderator=staff, item=club, reason=REASON)
    appeal = actions.appeal_entry(member=owner, entry=entry, text="Bitte")
    with pytest.raises(PermissionDenied):
        actions.answer_appeal(moderator=helper, appeal=appeal, reverse=True, text="Klar")


def test_the_member_hears_why_their_profile_is_hidden_and_when_it_shows_again(
    staff, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_item(moderator=staff, item=profile, reason=REASON)
        actions.approve_item(moderator=staff, item=profile)
    hidden = Notification.objects.get(recipient=profile, what="moderation_profile_hidden")
    assert hidden.subject == REASON
    assert Notification.objects.filter(recipient=profile, what="moderation_profile_shown").exists()
    page = browser(profile).get("/notifications/").content.decode()
    assert f"Moderators hid your profile from others: {REASON}" in page
    assert "Moderators show your profile to everyone again" in page


def test_the_owner_hears_when_the_group_shows_again(
    staff, club, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_item(moderator=staff, item=club, reason=REASON)
        actions.unhide_item(moderator=staff, item=club, reason="Geklärt")
    assert Notification.objects.filter(recipient=owner, what="moderation_group_shown").exists()


# The public log


def test_the_log_shows_a_hidden_profile_s_decision_by_role_without_flags_or_appeals(
    staff, profile, other_member
):
    actions.flag_item(flagger=other_member, item=profile, reason="other", text="Flaggentext")
    entry = actions.hide_item(moderator=staff, item=profile, reason=REASON)
    actions.appeal_entry(member=profile, entry=entry, text="Einspruchstext")

    text = browser().get("/moderation/log/").content.decode()
    assert REASON in text and "staff" in text and "@poebler" in text
    for private in ("Flaggentext", "Einspruchstext", staff.username, other_member.username):
        assert private not in text


def test_the_log_no_longer_names_a_hidden_group(staff, club, owner):
    actions.hide_item(moderator=staff, item=club, reason=REASON)
    for viewer in (None, owner):
        text = browser(viewer).get("/moderation/log/").content.decode()
        assert "Krawallclub" not in text
        assert "a group that is no longer shown" in text and REASON in text


def test_the_log_keeps_a_secret_group_unnamed(staff, club, owner, other_member):
    Space.objects.filter(pk=club.pk).update(visibility=Space.Visibility.SECRET)
    club.refresh_from_db()
    actions.approve_item(moderator=staff, item=club, reason="Nichts gefunden")
    for viewer in (None, other_member):
        text = browser(viewer).get("/moderation/log/").content.decode()
        assert "Krawallclub" not in text and "a private group" in text
    assert "Krawallclub" in browser(owner).get("/moderation/log/").content.decode()


def test_the_log_says_a_post_is_in_a_hidden_group(staff, club, owner):
    topic = make_topic(owner, club, title="Drinnen")
    actions.lock_topic(moderator=staff, topic=topic, reason="Ruhe")
    actions.hide_item(moderator=staff, item=club, reason=REASON)
    text = browser().get("/moderation/log/").content.decode()
    assert "Drinnen" not in text and "a topic in a hidden group" in text


def test_a_hidden_profile_s_name_leaves_topic_pages_at_once(staff, profile, space):
    topic = make_topic(profile, space, title="Laute Worte", body="Hallo")
    visitor = browser()
    assert "Der Pöbler" in visitor.get(topic.get_absolute_url()).text  # now in the cache
    actions.hide_item(moderator=staff, item=profile, reason=REASON)
    assert "Der Pöbler" not in visitor.get(topic.get_absolute_url()).text
