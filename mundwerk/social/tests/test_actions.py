import pytest
from django.core.exceptions import PermissionDenied

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.posts import actions as post_actions
from mundwerk.posts.models import Post
from mundwerk.posts.permissions import can_quote_post, can_reply_to_topic
from mundwerk.social import actions
from mundwerk.social.models import Bookmark, MemberFollow, Share, SpaceFollow, SpaceMute
from mundwerk.social.queries import relations_of


def _counts(user: User) -> tuple[int, int]:
    user.refresh_from_db()
    return user.follower_count, user.following_count


def test_following_twice_is_one_follow_and_counts_once(member, other_member):
    assert actions.follow_member(follower=member, member=other_member)
    assert not actions.follow_member(follower=member, member=other_member)
    assert MemberFollow.objects.count() == 1
    assert _counts(member) == (0, 1)
    assert _counts(other_member) == (1, 0)
    assert actions.unfollow_member(follower=member, member=other_member)
    assert not actions.unfollow_member(follower=member, member=other_member)
    assert _counts(member) == (0, 0)
    assert _counts(other_member) == (0, 0)


def test_nobody_follows_themselves(member):
    with pytest.raises(PermissionDenied):
        actions.follow_member(follower=member, member=member)


def test_a_block_ends_follows_both_ways_and_stops_new_ones(member, other_member):
    actions.follow_member(follower=member, member=other_member)
    actions.follow_member(follower=other_member, member=member)
    assert actions.block_member(blocker=member, member=other_member)
    assert MemberFollow.objects.count() == 0
    assert _counts(member) == (0, 0)
    assert _counts(other_member) == (0, 0)
    with pytest.raises(PermissionDenied):
        actions.follow_member(follower=other_member, member=member)
    with pytest.raises(PermissionDenied):
        actions.follow_member(follower=member, member=other_member)


def test_staff_cannot_be_blocked(member, staff):
    with pytest.raises(PermissionDenied):
        actions.block_member(blocker=member, member=staff)


def test_a_blocked_member_cannot_reply_to_or_quote_the_blocker(member, other_member, space):
    topic = make_topic(member, space)
    actions.block_member(blocker=member, member=other_member)
    blocked = User.objects.get(pk=other_member.pk)  # a fresh request's user
    assert not can_reply_to_topic(blocked, topic)
    assert not can_quote_post(blocked, topic.first_post)
    with pytest.raises(PermissionDenied):
        post_actions.create_reply(author=blocked, topic=topic, body="Trotzdem")
    # The blocker cannot reply into the blocked member's topics either.
    their_topic = make_topic(other_member, space)
    assert not can_reply_to_topic(User.objects.get(pk=member.pk), their_topic)


def test_a_blocked_member_cannot_mention_the_blocker(member, other_member, topic):
    actions.block_member(blocker=member, member=other_member)
    author = User.objects.get(pk=other_member.pk)
    other_topic = make_topic(make_user("carla"), topic.space)
    post = make_reply(author, other_topic, body="Hallo @anna und @carla")
    post.refresh_from_db()
    assert 'href="/u/carla/"' in post.html
    assert 'href="/u/anna/"' not in post.html
    assert list(post.mentions.values_list("username", flat=True)) == ["carla"]


def test_relations_are_read_once_per_user_object(member, other_member, django_assert_num_queries):
    actions.mute_member(muter=member, member=other_member)
    reader = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        assert relations_of(reader).muted == {other_member.pk}
        assert relations_of(reader).hidden == {other_member.pk}


def test_following_a_space_ends_its_mute_and_the_other_way(member, space):
    actions.mute_space(member=member, space=space)
    actions.follow_space(member=member, space=space)
    assert SpaceFollow.objects.filter(member=member).exists()
    assert not SpaceMute.objects.filter(member=member).exists()
    actions.mute_space(member=member, space=space)
    assert not SpaceFollow.objects.filter(member=member).exists()


def test_bookmarks_are_kept_once_and_not_on_deleted_posts(member, topic):
    post = topic.first_post
    assert actions.bookmark_post(member=member, post=post)
    assert not actions.bookmark_post(member=member, post=post)
    assert Bookmark.objects.count() == 1
    reply = make_reply(member, topic)
    post_actions.delete_post(actor=member, post=reply)
    reply.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.bookmark_post(member=member, post=reply)


def test_a_share_counts_once_and_keeps_its_chain(member, other_member, topic):
    carla = make_user("carla")
    first = actions.share_post(sharer=other_member, post=topic.first_post, comment=" Lesenswert ")
    again = actions.share_post(sharer=other_member, post=topic.first_post, comment="anders")
    assert again.pk == first.pk and first.comment == "Lesenswert"
    second = actions.share_post(sharer=carla, post=topic.first_post, via=first)
    assert second.via_id == first.pk
    assert Post.objects.get(pk=topic.first_post_id).share_count == 2
    assert actions.unshare_post(sharer=other_member, post=topic.first_post)
    second.refresh_from_db()
    assert second.via_id is None  # the chain breaks where a share is withdrawn
    assert Post.objects.get(pk=topic.first_post_id).share_count == 1


def test_a_share_from_a_share_of_another_post_keeps_no_chain(member, other_member, space):
    first_topic, second_topic = make_topic(member, space), make_topic(member, space)
    first = actions.share_post(sharer=other_member, post=first_topic.first_post)
    second = actions.share_post(sharer=make_user("carla"), post=second_topic.first_post, via=first)
    assert second.via_id is None


def test_unconfirmed_and_blocked_members_cannot_share(member, other_member, unverified, topic):
    with pytest.raises(PermissionDenied):
        actions.share_post(sharer=unverified, post=topic.first_post)
    actions.block_member(blocker=member, member=other_member)
    with pytest.raises(PermissionDenied):
        actions.share_post(sharer=User.objects.get(pk=other_member.pk), post=topic.first_post)
    assert not Share.objects.exists()


def test_topic_levels_can_be_set_changed_and_cleared(member, topic):
    from mundwerk.social.models import TopicSubscription

    actions.set_topic_level(member=member, topic=topic, level="watching")
    actions.set_topic_level(member=member, topic=topic, level="muted")
    assert TopicSubscription.objects.get().level == "muted"
    actions.set_topic_level(member=member, topic=topic, level="")
    assert not TopicSubscription.objects.exists()
