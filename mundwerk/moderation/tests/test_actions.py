from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mundwerk.accounts.permissions import can_write
from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.moderation import actions
from mundwerk.moderation.models import Appeal, Flag, ModerationEntry, ModerationSettings
from mundwerk.moderation.tests.conftest import trusted
from mundwerk.notifications.models import Notification
from mundwerk.posts.models import Post, Revision, Topic
from mundwerk.trust.limits import RateLimited

Action = ModerationEntry.Action


@pytest.fixture
def reply(topic, other_member):
    return make_reply(other_member, topic, "Kauft alle bei spam.example!")


def test_a_member_flags_a_post_once(reply, member):
    actions.flag_item(flagger=member, item=reply, reason="spam")
    with pytest.raises(ValidationError):
        actions.flag_item(flagger=member, item=reply, reason="harassment")
    assert Flag.objects.filter(post=reply).count() == 1


def test_nobody_flags_their_own_post(reply, other_member):
    with pytest.raises(PermissionDenied):
        actions.flag_item(flagger=other_member, item=reply, reason="spam")


def test_another_reason_needs_words(reply, member):
    with pytest.raises(ValidationError):
        actions.flag_item(flagger=member, item=reply, reason="other", text="  ")
    with pytest.raises(ValidationError):
        actions.flag_item(flagger=member, item=reply, reason="nonsense")


def test_the_first_flag_tells_the_space_s_moderators(
    reply, member, moderator, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.flag_item(flagger=member, item=reply, reason="spam")
    told = set(
        Notification.objects.filter(what="moderation_flagged").values_list("recipient", flat=True)
    )
    assert told == {moderator.pk, staff.pk}


def test_flags_per_day_are_limited(topic, member, settings):
    settings.RATE_LIMITS = True
    posts = [make_reply(make_user(), topic, f"Antwort {n}") for n in range(21)]
    for post in posts[:20]:
        actions.flag_item(flagger=member, item=post, reason="spam")
    with pytest.raises(RateLimited):
        actions.flag_item(flagger=member, item=posts[20], reason="spam")


def test_three_trusted_flags_hide_a_post_until_reviewed(reply, staff):
    for name in ("t1", "t2"):
        actions.flag_item(flagger=trusted(name), item=reply, reason="spam")
    actions.flag_item(flagger=make_user("newbie"), item=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.hidden_at is None  # a new member's flag does not count
    actions.flag_item(flagger=trusted("t3"), item=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.hidden_at is not None
    entry = ModerationEntry.objects.get(post=reply)
    assert entry.role == ModerationEntry.Role.SYSTEM and entry.moderator is None


def test_the_auto_hide_threshold_is_a_setting(reply):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"auto_hide_flags": 1})
    actions.flag_item(flagger=trusted("t1"), item=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.hidden_at is not None


def test_a_moderator_hides_a_post_and_the_author_is_told(
    reply, moderator, other_member, django_capture_on_commit_callbacks
):
    actions.flag_item(flagger=make_user("x"), item=reply, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    reply.refresh_from_db()
    assert reply.hidden_reason == "Werbung"
    assert entry.role == ModerationEntry.Role.MODERATOR
    assert Flag.objects.get(post=reply).outcome == Flag.Outcome.UPHELD
    note = Notification.objects.get(recipient=other_member, what="moderation_hidden")
    assert note.link == f"/moderation/entry/{entry.pk}/"


def test_a_moderator_cannot_act_outside_their_space(foreign_topic, moderator):
    with pytest.raises(PermissionDenied):
        actions.hide_item(moderator=moderator, item=foreign_topic.first_post, reason="Nein")
    assert not ModerationEntry.objects.exists()


def test_hiding_needs_a_reason(reply, moderator):
    with pytest.raises(ValidationError):
        actions.hide_item(moderator=moderator, item=reply, reason="   ")


def test_approving_a_held_reply_publishes_and_announces_it(
    topic, other_member, moderator, member, django_capture_on_commit_callbacks
):
    post = make_reply(other_member, topic)
    Post.objects.filter(pk=post.pk).update(held_at=timezone.now(), held_reason="Link")
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.approve_item(moderator=moderator, item=post)
    post.refresh_from_db()
    assert post.held_at is None and entry.action == Action.APPROVE
    # The reply notification that creation skipped reaches the topic's author now.
    assert Notification.objects.filter(recipient=member, post=post).exists()


def test_approving_a_held_topic_publishes_its_opening_post(space, other_member, moderator):
    topic = make_topic(other_member, space)
    Topic.objects.filter(pk=topic.pk).update(held_at=timezone.now())
    Post.objects.filter(pk=topic.first_post_id).update(held_at=timezone.now())
    topic.refresh_from_db()
    actions.approve_item(moderator=moderator, item=topic)
    topic.refresh_from_db()
    assert topic.held_at is None
    assert Post.objects.get(pk=topic.first_post_id).held_at is None


def test_approving_a_flagged_post_dismisses_the_flags(reply, member, moderator):
    actions.flag_item(flagger=member, item=reply, reason="spam")
    entry = actions.approve_item(moderator=moderator, item=reply)
    assert entry.action == Action.DISMISS
    assert Flag.objects.get().outcome == Flag.Outcome.REJECTED


def test_a_moderator_deletes_a_reply_and_an_opening_post_deletes_the_topic(topic, reply, moderator):
    actions.delete_item(moderator=moderator, item=reply, reason="Spam")
    reply.refresh_from_db()
    assert reply.deleted_at is not None
    entry = actions.delete_item(moderator=moderator, item=topic.first_post, reason="Spam")
    topic.refresh_from_db()
    assert topic.deleted_at is not None and entry.topic_id == topic.pk


def test_a_moderator_s_edit_is_kept_in_the_edit_history(reply, moderator):
    entry = actions.edit_post(moderator=moderator, post=reply, body="Gekürzt", reason="Werbung")
    reply.refresh_from_db()
    assert reply.body == "Gekürzt"
    latest = Revision.objects.filter(post=reply).order_by("-number").first()
    assert latest.editor == moderator and entry.revision_number == latest.number
    assert latest.reason == "Werbung"


def test_the_edit_history_says_why_a_moderator_changed_a_post(reply, moderator, client):
    actions.edit_post(moderator=moderator, post=reply, body="Gekürzt", reason="Werbung entfernt")
    page = client.get(f"/p/{reply.pk}/history/").content.decode()
    assert "Changed by the moderators: Werbung entfernt" in page


def test_staff_redact_personal_data_from_a_post_and_its_history(topic, member, staff):
    post = make_reply(member, topic, "Ruf mich an: 0171 1234567")
    from mundwerk.posts.actions import edit_post

    edit_post(editor=member, post=post, body="Ruf mich an: 0171 1234567 (abends)")
    actions.redact_post(moderator=staff, post=post, removals=["0171 1234567"], reason="Telefon")
    post.refresh_from_db()
    assert "1234567" not in post.body and "1234567" not in post.html
    assert not Revision.objects.filter(post=post, body__contains="1234567").exists()
    assert ModerationEntry.objects.get(action=Action.REDACT).reason == "Telefon"


def test_only_staff_redact(reply, moderator):
    with pytest.raises(PermissionDenied):
        actions.redact_post(moderator=moderator, post=reply, removals=["spam"], reason="x")


def test_lock_pin_and_move_a_topic(topic, moderator, space, elsewhere):
    actions.lock_topic(moderator=moderator, topic=topic, reason="Erledigt")
    actions.pin_topic(moderator=moderator, topic=topic)
    topic.refresh_from_db()
    assert topic.locked_at is not None and topic.pinned_at is not None
    with pytest.raises(PermissionDenied):  # the moderator does not moderate the target
        actions.move_topic(moderator=moderator, topic=topic, space=elsewhere, reason="Falsch")
    from mundwerk.spaces.models import Membership
    from mundwerk.spaces.permissions import forget_spaces_of

    Membership.objects.create(space=elsewhere, member=moderator, role=Membership.Role.MODERATOR)
    forget_spaces_of(moderator)
    actions.move_topic(moderator=moderator, topic=topic, space=elsewhere, reason="Passt besser")
    topic.refresh_from_db()
    elsewhere.refresh_from_db()
    assert topic.space == elsewhere and elsewhere.topic_count == 1


def test_a_locked_topic_takes_no_replies_but_from_moderators(topic, moderator, other_member):
    from mundwerk.posts.permissions import can_reply_to_topic

    actions.lock_topic(moderator=moderator, topic=topic, reason="Erledigt")
    assert not can_reply_to_topic(other_member, topic)
    assert can_reply_to_topic(moderator, topic)


def test_staff_silence_a_member_until_the_time_passes(staff, other_member):
    actions.silence_member(moderator=staff, member=other_member, reason="Ton", days=2)
    assert not can_write(other_member)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert can_write(other_member)


def test_space_moderators_cannot_silence_members(moderator, other_member):
    with pytest.raises(PermissionDenied):
        actions.silence_member(moderator=moderator, member=other_member, reason="Ton", days=2)


def test_silencing_needs_a_sane_number_of_days(staff, other_member):
    for days in (None, 0, 99999):
        with pytest.raises(ValidationError):
            actions.suspend_member(moderator=staff, member=other_member, reason="x", days=days)


def test_a_ban_stops_writing_and_lifting_it_allows_it_again(staff, other_member):
    actions.ban_member(moderator=staff, member=other_member, reason="Spam-Konto")
    assert not can_write(other_member)
    actions.lift_restrictions(moderator=staff, member=other_member)
    assert can_write(other_member)


def test_the_author_appeals_once_and_a_reversal_shows_the_post_again(
    reply, moderator, staff, other_member, django_capture_on_commit_callbacks
):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    appeal = actions.appeal_entry(member=other_member, entry=entry, text="Das ist keine Werbung")
    with pytest.raises(PermissionDenied):
        actions.appeal_entry(member=other_member, entry=entry, text="Nochmal")
    with pytest.raises(PermissionDenied):  # not the moderator who decided
        actions.answer_appeal(moderator=moderator, appeal=appeal, reverse=True, text="Nein")
    with django_capture_on_commit_callbacks(execute=True):
        reversal = actions.answer_appeal(
            moderator=staff, appeal=appeal, reverse=True, text="Stimmt"
        )
    reply.refresh_from_db()
    assert reply.hidden_at is None and reversal.action == Action.UNHIDE
    assert Appeal.objects.get().answer == Appeal.Answer.REVERSED
    assert Notification.objects.filter(
        recipient=other_member, what="moderation_appeal_answered"
    ).exists()


def test_only_the_affected_member_appeals(reply, moderator, member):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    with pytest.raises(PermissionDenied):
        actions.appeal_entry(member=member, entry=entry, text="Für wen anders")


def test_an_upheld_appeal_changes_nothing(reply, moderator, staff, other_member):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    appeal = actions.appeal_entry(member=other_member, entry=entry, text="Bitte")
    assert (
        actions.answer_appeal(moderator=staff, appeal=appeal, reverse=False, text="Bleibt") is None
    )
    reply.refresh_from_db()
    assert reply.hidden_at is not None


def test_every_decision_writes_the_log(reply, topic, moderator, staff, other_member):
    actions.hide_item(moderator=moderator, item=reply, reason="a")
    actions.unhide_item(moderator=moderator, item=reply)
    actions.lock_topic(moderator=moderator, topic=topic, reason="b")
    actions.lock_topic(moderator=moderator, topic=topic, reason="", locked=False)
    actions.silence_member(moderator=staff, member=other_member, reason="c", days=1)
    assert list(ModerationEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        Action.HIDE, Action.UNHIDE, Action.LOCK, Action.UNLOCK, Action.SILENCE,
    ]  # fmt: skip


def test_flags_on_reviews_events_profiles_and_groups_reach_staff_only(member, other_member, group):
    actions.flag_item(flagger=other_member, item=member, reason="harassment")
    flag = actions.flag_item(flagger=other_member, item=group, reason="illegal")
    assert Flag.objects.get(member=member).space is None
    assert flag.space is None  # not the group's own moderators


def test_reasons_of_edits_made_before_revisions_kept_them_are_copied_over(reply, moderator):
    import importlib

    from django.apps import apps

    actions.edit_post(moderator=moderator, post=reply, body="Gekürzt", reason="Werbung")
    revision = Revision.objects.filter(post=reply).order_by("-number").first()
    Revision.objects.filter(pk=revision.pk).update(reason="")  # as before posts 0005
    migration = importlib.import_module("mundwerk.moderation.migrations.0003_revision_reasons")
    migration.copy_reasons(apps, None)
    revision.refresh_from_db()
    assert revision.reason == "Werbung"
