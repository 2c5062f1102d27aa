"""Notifications made by the real domain actions: who hears of what, once."""

from django.core import mail

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.notifications import actions, tasks
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.posts import actions as post_actions
from mundwerk.social import actions as social_actions


def _kinds(member: User) -> list[tuple[str, str]]:
    """(kind, actor) of the member's notifications, newest first."""
    return [
        (row.kind, row.actor.username)
        for row in Notification.objects.filter(recipient=member).order_by("-updated_at", "-pk")
    ]


def _unread(member: User) -> int:
    member.refresh_from_db(fields=["unread_notification_count"])
    return member.unread_notification_count


def test_a_reply_notifies_the_topics_author(committed, member, other_member, topic):
    with committed():
        reply = make_reply(other_member, topic)
    row = Notification.objects.get(recipient=member)
    assert (row.kind, row.actor, row.post) == (Kind.REPLY, other_member, reply)
    assert _unread(member) == 1
    assert Notification.objects.filter(recipient=other_member).count() == 0


def test_a_mention_notifies_the_mentioned_member(committed, member, other_member, carla, topic):
    with committed():
        make_reply(other_member, topic, body="Was meinst du, @carla?")
    assert _kinds(carla) == [(Kind.MENTION, "bernd")]


def test_a_quote_notifies_the_quoted_author(committed, member, other_member, carla, topic):
    earlier = make_reply(carla, topic, body="Meine Meinung")
    with committed():
        post_actions.create_reply(author=other_member, topic=topic, body="Nein", quote_of=earlier)
    assert _kinds(carla) == [(Kind.QUOTE, "bernd")]


def test_watchers_hear_of_replies_unless_they_muted_the_topic(
    committed, member, other_member, carla, topic
):
    dora = make_user("dora")
    social_actions.set_topic_level(member=carla, topic=topic, level="watching")
    social_actions.set_topic_level(member=member, topic=topic, level="muted")
    with committed():
        make_reply(other_member, topic, body="Hallo @dora")
    assert _kinds(carla) == [(Kind.WATCHED, "bernd")]
    assert _kinds(member) == []  # the author muted their own topic
    assert _kinds(dora) == [(Kind.MENTION, "bernd")]


def test_a_muted_topic_gives_not_even_mentions_or_likes(committed, member, other_member, topic):
    social_actions.set_topic_level(member=member, topic=topic, level="muted")
    with committed():
        make_reply(other_member, topic, body="@anna, schau mal")
        post_actions.like_post(user=other_member, post=topic.first_post)
    assert _kinds(member) == []


def test_one_reply_notifies_each_person_once_with_the_most_specific_kind(
    committed, member, other_member, topic
):
    social_actions.set_topic_level(member=member, topic=topic, level="watching")
    with committed():
        post_actions.create_reply(
            author=other_member, topic=topic, body="@anna genau so", quote_of=topic.first_post
        )
    assert _kinds(member) == [(Kind.MENTION, "bernd")]
    with committed():
        post_actions.create_reply(
            author=other_member, topic=topic, body="Noch was", quote_of=topic.first_post
        )
    assert _kinds(member)[0] == (Kind.QUOTE, "bernd")
    with committed():
        make_reply(other_member, topic, body="Und das")
    assert _kinds(member)[0] == (Kind.REPLY, "bernd")
    assert _unread(member) == 3


def test_a_new_topic_notifies_the_spaces_followers(committed, member, other_member, carla, space):
    social_actions.follow_space(member=other_member, space=space)
    social_actions.follow_space(member=member, space=space)
    with committed():
        topic = make_topic(member, space, title="Neue Kette", body="Hallo @carla")
    assert _kinds(other_member) == [(Kind.NEW_TOPIC, "anna")]
    assert _kinds(carla) == [(Kind.MENTION, "anna")]
    assert _kinds(member) == []  # not about their own topic
    assert Notification.objects.get(recipient=other_member).post == topic.first_post


def test_likes_of_one_post_are_one_row_with_the_latest_liker_and_a_count(
    committed, member, other_member, carla, topic
):
    post = topic.first_post
    with committed():
        post_actions.like_post(user=other_member, post=post)
        post_actions.like_post(user=carla, post=post)
    row = Notification.objects.get(recipient=member)
    assert (row.kind, row.actor, row.actor_count) == (Kind.LIKE, carla, 2)
    assert _unread(member) == 1


def test_a_like_after_reading_reopens_the_row_and_counts_from_then(
    committed, member, other_member, carla, topic
):
    post = topic.first_post
    with committed():
        post_actions.like_post(user=other_member, post=post)
    row = Notification.objects.get(recipient=member)
    actions.mark_read(row, member=member)
    assert _unread(member) == 0
    with committed():
        post_actions.like_post(user=carla, post=post)
    row.refresh_from_db()
    assert (row.read_at, row.actor, row.actor_count) == (None, carla, 1)
    assert _unread(member) == 1
    tasks.notify_like.call(post_id=post.pk, user_id=other_member.pk)  # an old like, again
    row.refresh_from_db()
    assert row.actor_count == 1 and _unread(member) == 1


def test_an_unlike_takes_the_liker_out_of_the_grouped_row(
    committed, member, other_member, carla, topic
):
    post = topic.first_post
    with committed():
        post_actions.like_post(user=other_member, post=post)
        post_actions.like_post(user=carla, post=post)
        post_actions.unlike_post(user=carla, post=post)
    row = Notification.objects.get(recipient=member)
    assert (row.actor, row.actor_count) == (other_member, 1)
    assert _unread(member) == 1


def test_an_unlike_by_the_only_liker_withdraws_the_notification(
    committed, member, other_member, topic
):
    post = topic.first_post
    with committed():
        post_actions.like_post(user=other_member, post=post)
    assert _unread(member) == 1
    with committed():
        post_actions.unlike_post(user=other_member, post=post)
    assert not Notification.objects.filter(recipient=member).exists()
    assert _unread(member) == 0


def test_a_like_again_before_the_withdrawal_runs_keeps_the_notification(
    committed, member, other_member, topic
):
    post = topic.first_post
    with committed():
        post_actions.like_post(user=other_member, post=post)
        post_actions.unlike_post(user=other_member, post=post)
        post_actions.like_post(user=other_member, post=post)
    tasks.withdraw_like.call(post_id=post.pk, user_id=other_member.pk)
    assert Notification.objects.filter(recipient=member, kind=Kind.LIKE).count() == 1


def test_an_unshare_withdraws_the_share_notification(committed, member, other_member, topic):
    post = topic.first_post
    with committed():
        social_actions.share_post(sharer=other_member, post=post)
    assert Notification.objects.filter(recipient=member, kind=Kind.SHARE).exists()
    with committed():
        social_actions.unshare_post(sharer=other_member, post=post)
    assert not Notification.objects.filter(recipient=member, kind=Kind.SHARE).exists()
    assert _unread(member) == 0


def test_a_follow_notifies_once_however_often_they_follow_again(committed, member, other_member):
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
        social_actions.unfollow_member(follower=other_member, member=member)
        social_actions.follow_member(follower=other_member, member=member)
    assert _kinds(member) == [(Kind.FOLLOW, "bernd")]
    assert _unread(member) == 1


def test_a_share_notifies_the_posts_author(committed, member, other_member, topic):
    with committed():
        social_actions.share_post(sharer=other_member, post=topic.first_post)
        social_actions.share_post(sharer=other_member, post=topic.first_post)
    assert _kinds(member) == [(Kind.SHARE, "bernd")]


def test_nobody_is_notified_of_their_own_doings(committed, member, topic):
    social_actions.set_topic_level(member=member, topic=topic, level="watching")
    social_actions.follow_space(member=member, space=topic.space)
    with committed():
        make_reply(member, topic, body="Ich, @anna, antworte mir selbst")
        make_topic(member, topic.space)
        social_actions.share_post(sharer=member, post=topic.first_post)
    assert _kinds(member) == []
    tasks.notify_like.call(post_id=topic.first_post_id, user_id=member.pk)
    assert _kinds(member) == []


def test_blocks_stop_notifications_both_ways(committed, member, other_member, carla, space):
    topic = make_topic(carla, space)
    social_actions.set_topic_level(member=member, topic=topic, level="watching")
    social_actions.block_member(blocker=member, member=other_member)
    own = make_topic(member, space)
    with committed():
        make_reply(other_member, topic, body="@anna hallo")
        post_actions.like_post(user=other_member, post=own.first_post)
    assert _kinds(member) == []
    assert _kinds(carla) == [(Kind.REPLY, "bernd")]
    assert _unread(member) == 0


def test_a_muted_member_notifies_the_muter_of_nothing(
    committed, member, other_member, carla, topic
):
    social_actions.mute_member(muter=member, member=other_member)
    social_actions.set_topic_level(member=carla, topic=topic, level="watching")
    with committed():
        make_reply(other_member, topic, body="@anna hallo")
        post_actions.like_post(user=other_member, post=topic.first_post)
        social_actions.follow_member(follower=other_member, member=member)
        social_actions.share_post(sharer=other_member, post=topic.first_post)
    assert _kinds(member) == []
    assert _kinds(carla) == [(Kind.WATCHED, "bernd")]


def test_blocking_withdraws_what_the_blocked_member_caused(
    committed, member, other_member, carla, topic
):
    with committed():
        make_reply(other_member, topic)
        post_actions.like_post(user=other_member, post=topic.first_post)
        post_actions.like_post(user=carla, post=topic.first_post)
    assert _unread(member) == 2
    with committed():
        social_actions.block_member(blocker=member, member=other_member)
    assert _kinds(member) == [(Kind.LIKE, "carla")]
    assert Notification.objects.get(recipient=member).actor_count == 1
    assert _unread(member) == 1


def test_muting_withdraws_what_the_muted_member_caused(
    committed, member, other_member, carla, topic
):
    with committed():
        make_reply(other_member, topic)
        make_reply(carla, topic)
    assert _unread(member) == 2
    with committed():
        social_actions.mute_member(muter=member, member=other_member)
    assert [name for _kind, name in _kinds(member)] == ["carla"]
    assert _unread(member) == 1


def test_deleted_posts_notify_nobody_and_deleting_withdraws(committed, member, other_member, topic):
    with committed():
        reply = make_reply(other_member, topic)
    assert _unread(member) == 1
    with committed():
        post_actions.delete_post(actor=other_member, post=reply)
    assert _kinds(member) == [] and _unread(member) == 0
    tasks.notify_reply.call(post_id=reply.pk)
    assert _kinds(member) == []
    liked = make_reply(member, topic)
    post_actions.like_post(user=other_member, post=liked)
    post_actions.delete_post(actor=member, post=liked)
    tasks.notify_like.call(post_id=liked.pk, user_id=other_member.pk)
    assert _kinds(member) == []


def test_every_task_run_twice_creates_and_sends_nothing_twice(member, other_member, carla, space):
    Preferences.objects.create(member=member, email_like=True, email_follow=True)
    social_actions.follow_space(member=carla, space=space)
    topic = make_topic(member, space, body="Hallo @carla")
    reply = make_reply(other_member, topic, body="@anna ja")
    post_actions.like_post(user=other_member, post=topic.first_post)
    social_actions.follow_member(follower=other_member, member=member)
    share = social_actions.share_post(sharer=other_member, post=topic.first_post)
    for _ in range(2):
        tasks.notify_new_topic.call(topic_id=topic.pk)
        tasks.notify_reply.call(post_id=reply.pk)
        tasks.notify_like.call(post_id=topic.first_post_id, user_id=other_member.pk)
        tasks.notify_follow.call(follower_id=other_member.pk, followed_id=member.pk)
        tasks.notify_share.call(share_id=share.pk)
    assert sorted(_kinds(member)) == sorted(
        [
            (Kind.MENTION, "bernd"),
            (Kind.LIKE, "bernd"),
            (Kind.FOLLOW, "bernd"),
            (Kind.SHARE, "bernd"),
        ]
    )
    assert _kinds(carla) == [(Kind.MENTION, "anna")]
    assert _unread(member) == 4 and _unread(carla) == 1
    # anna: mention, like, follow (switched on); carla: mention. Shares stay off.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@example.org",
        "anna@example.org",
        "anna@example.org",
        "carla@example.org",
    ]
    assert Notification.objects.get(recipient=member, kind=Kind.LIKE).actor_count == 1


def test_a_kind_switched_off_on_the_site_makes_no_row(committed, member, other_member, topic):
    Preferences.objects.create(member=member, web_reply=False, email_reply=False)
    with committed():
        make_reply(other_member, topic)
    assert not Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


def test_a_kind_wanted_by_email_only_is_mailed_once_and_not_listed(
    committed, member, other_member, topic
):
    Preferences.objects.create(member=member, web_follow=False, email_follow=True)
    with committed():
        social_actions.follow_member(follower=other_member, member=member)
    row = Notification.objects.get(recipient=member)
    assert not row.is_shown and row.emailed_at is not None
    assert _unread(member) == 0
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_the_unread_counter_stays_exact_and_never_goes_below_zero(
    committed, member, other_member, carla, topic
):
    with committed():
        first = make_reply(other_member, topic)
        make_reply(carla, topic)
        social_actions.follow_member(follower=carla, member=member)
    assert _unread(member) == 3
    row = Notification.objects.get(recipient=member, post=first)
    assert actions.mark_read(row, member=member)
    assert not actions.mark_read(row, member=member)
    assert _unread(member) == 2
    assert actions.mark_all_read(member=member) == 2
    assert _unread(member) == 0
    assert actions.mark_all_read(member=member) == 0
    User.objects.filter(pk=member.pk).update(unread_notification_count=0)
    Notification.objects.filter(pk=row.pk).update(read_at=None)
    actions.mark_read(row, member=member)
    assert _unread(member) == 0


def test_marking_read_leaves_other_members_notifications_alone(
    committed, member, other_member, carla, topic
):
    with committed():
        make_reply(carla, topic)
    row = Notification.objects.get(recipient=member)
    assert not actions.mark_read(row, member=other_member)
    row.refresh_from_db()
    assert row.read_at is None and _unread(member) == 1


def test_a_moderation_decision_reaches_its_member_through_a_block(member, other_member):
    social_actions.block_member(blocker=member, member=other_member)
    told = actions.notify_members(
        [member.pk],
        kind=Kind.MODERATION,
        what="moderation_hidden",
        event="moderation:1",
        actor_id=other_member.pk,
        subject="Ein Thema",
        link="/moderation/entry/1/",
    )
    assert [row.recipient_id for row in told] == [member.pk]


def test_other_news_from_a_blocked_member_does_not(member, other_member):
    social_actions.block_member(blocker=member, member=other_member)
    told = actions.notify_members(
        [member.pk],
        kind=Kind.GROUP,
        what="group_invited",
        event="invite:1",
        actor_id=other_member.pk,
        subject="Eine Gruppe",
        link="/invitations/x/",
    )
    assert told == []
