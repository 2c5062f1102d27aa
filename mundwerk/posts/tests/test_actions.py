import pytest
from django.core.exceptions import PermissionDenied

from mundwerk.core.tests.factories import image_upload, make_reply, make_topic
from mundwerk.posts import actions
from mundwerk.posts.images import process_image
from mundwerk.posts.models import Like, Post, Revision, Tag


def test_creating_a_topic_writes_post_revision_tags_and_counters(member, space):
    topic = actions.create_topic(
        author=member, space=space, title="Neue Bremsen", body="Frage zu #Bremsen an @bernd"
    )
    space.refresh_from_db()
    member.refresh_from_db()
    assert topic.post_count == 1
    assert topic.first_post.number == 1
    assert topic.first_post.revisions.get().title == "Neue Bremsen"
    assert [tag.name for tag in topic.tags.all()] == ["bremsen"]
    assert Tag.objects.get(name="bremsen").topic_count == 1
    assert (space.topic_count, space.post_count) == (1, 1)
    assert (member.topic_count, member.post_count) == (1, 1)
    assert topic.slug == "neue-bremsen"


def test_mentions_are_recorded_only_for_existing_members(member, other_member, space):
    topic = actions.create_topic(
        author=member, space=space, title="Hallo", body="@BERND und @geist"
    )
    assert list(topic.first_post.mentions.all()) == [other_member]
    assert 'href="/u/bernd/"' in topic.first_post.html


def test_replies_are_numbered_in_order_and_update_counters(member, other_member, topic):
    first = make_reply(other_member, topic)
    second = make_reply(member, topic)
    topic.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert topic.post_count == 3
    assert topic.last_poster == member


def test_unverified_member_cannot_write(unverified, space):
    with pytest.raises(PermissionDenied):
        actions.create_topic(author=unverified, space=space, title="Spam", body="Spam")
    assert not Post.objects.exists()


def test_editing_keeps_every_revision(member, topic):
    post = topic.first_post
    actions.edit_post(editor=member, post=post, body="Neuer Text", title="Neuer Titel")
    actions.edit_post(editor=member, post=post, body="Dritter Text")
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.revision_count == 3
    assert post.edited_at is not None
    assert list(Revision.objects.filter(post=post).values_list("body", flat=True)) == [
        "Hallo **Welt**",
        "Neuer Text",
        "Dritter Text",
    ]
    assert topic.title == "Neuer Titel"
    assert topic.slug == "neuer-titel"


def test_editing_without_changes_adds_no_revision(member, topic):
    actions.edit_post(editor=member, post=topic.first_post, body=topic.first_post.body)
    assert topic.first_post.revisions.count() == 1


def test_editing_retags_the_topic(member, topic):
    actions.edit_post(editor=member, post=topic.first_post, body="jetzt mit #werkzeug")
    actions.edit_post(editor=member, post=topic.first_post, body="nun #schrauben")
    assert [tag.name for tag in topic.tags.all()] == ["schrauben"]
    assert Tag.objects.get(name="werkzeug").topic_count == 0


def test_others_cannot_edit_or_delete_a_post(other_member, topic):
    with pytest.raises(PermissionDenied):
        actions.edit_post(editor=other_member, post=topic.first_post, body="gehackt")
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=other_member, post=topic.first_post)
    topic.first_post.refresh_from_db()
    assert topic.first_post.body == "Hallo **Welt**"


def test_staff_can_edit_any_post(staff, topic):
    actions.edit_post(editor=staff, post=topic.first_post, body="korrigiert")
    assert topic.first_post.revisions.last().editor == staff


def test_deleting_keeps_a_placeholder_and_lowers_the_count(member, topic):
    reply = make_reply(member, topic)
    actions.delete_post(actor=member, post=reply)
    reply.refresh_from_db()
    member.refresh_from_db()
    assert reply.is_deleted
    assert Post.objects.filter(pk=reply.pk).exists()
    assert member.post_count == 1


def test_a_deleted_post_cannot_be_edited_or_deleted_again(member, topic):
    reply = make_reply(member, topic)
    actions.delete_post(actor=member, post=reply)
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=member, post=reply)


def test_like_counts_once_and_can_be_taken_back(other_member, topic):
    post = topic.first_post
    assert actions.like_post(user=other_member, post=post) is True
    assert actions.like_post(user=other_member, post=post) is False
    post.refresh_from_db()
    assert post.like_count == 1
    assert actions.unlike_post(user=other_member, post=post) is True
    assert actions.unlike_post(user=other_member, post=post) is False
    post.refresh_from_db()
    topic.refresh_from_db()
    assert (post.like_count, topic.like_count) == (0, 0)
    assert not Like.objects.exists()


def test_members_cannot_like_their_own_posts(member, topic):
    with pytest.raises(PermissionDenied):
        actions.like_post(user=member, post=topic.first_post)


def test_images_are_attached_with_thumbnails(member, space):
    picture = process_image(image_upload(size=(1600, 900)))
    topic = actions.create_topic(
        author=member, space=space, title="Mit Bild", body="Schau", images=[picture]
    )
    image = topic.first_post.images.get()
    image.refresh_from_db()
    assert (image.width, image.height) == (1600, 900)
    assert image.thumbnail.name
    assert image.thumbnail.width <= 640


def test_quoting_a_post_of_another_topic_is_ignored(member, space, topic):
    other_topic = make_topic(member, space, title="Anderes Thema")
    reply = actions.create_reply(
        author=member, topic=topic, body="x", quote_of=other_topic.first_post
    )
    assert reply.quote_of is None


def test_deleting_a_post_lowers_the_space_count_and_removes_nothing_else(member, topic):
    reply = make_reply(member, topic)
    topic.space.refresh_from_db()
    before = topic.space.post_count
    actions.delete_post(actor=member, post=reply)
    topic.space.refresh_from_db()
    assert topic.space.post_count == before - 1


def test_an_edit_of_a_post_deleted_meanwhile_is_refused(member, topic):
    reply = make_reply(member, topic, body="alt")
    stale = Post.objects.get(pk=reply.pk)
    actions.delete_post(actor=member, post=reply)
    with pytest.raises(PermissionDenied):
        actions.edit_post(editor=member, post=stale, body="neu")
    assert reply.revisions.count() == 1


def test_deleting_a_post_removes_its_pictures_and_their_files(
    member, space, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    picture = process_image(image_upload())
    topic = actions.create_topic(
        author=member, space=space, title="Mit Bild", body="x", images=[picture]
    )
    image = topic.first_post.images.get()
    paths = [image.file.name, image.thumbnail.name]
    assert all(default_storage.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_post(actor=member, post=topic.first_post)
    assert not topic.first_post.images.exists()
    assert not any(default_storage.exists(path) for path in paths)
