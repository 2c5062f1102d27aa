import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mundwerk.core.tests.factories import make_reply, make_topic, make_user, session_queries
from mundwerk.moderation import actions
from mundwerk.moderation.models import Appeal, Flag, ModerationEntry, ModerationSettings
from mundwerk.posts.models import Post
from mundwerk.posts.tests.test_bad_input import naughty_strings, needs_corpora


@pytest.fixture
def reply(topic, other_member):
    return make_reply(other_member, topic, "Billige Uhren bei spam.example")


def test_a_member_flags_a_post_through_its_form(client, member, reply):
    client.force_login(member)
    page = client.get(f"/flag/post/{reply.pk}/")
    assert page.status_code == 200
    response = client.post(f"/flag/post/{reply.pk}/", {"reason": "spam", "text": "Werbung"})
    assert response.status_code == 302
    assert Flag.objects.get(post=reply).text == "Werbung"


def test_a_second_flag_gets_a_message_not_an_error(client, member, reply):
    client.force_login(member)
    client.post(f"/flag/post/{reply.pk}/", {"reason": "spam"})
    response = client.post(f"/flag/post/{reply.pk}/", {"reason": "spam"})
    assert response.status_code == 200
    assert "already flagged" in response.content.decode()


def test_visitors_are_sent_to_log_in_to_flag(client, reply):
    response = client.get(f"/flag/post/{reply.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_topic_page_offers_flag_to_members_and_moderate_to_staff(client, member, staff, reply):
    client.force_login(member)
    text = client.get(reply.topic.get_absolute_url()).content.decode()
    assert f"/flag/post/{reply.pk}/" in text and "/moderation/post/" not in text
    client.force_login(staff)
    text = client.get(reply.topic.get_absolute_url()).content.decode()
    assert f"/moderation/post/{reply.pk}/" in text


def test_the_queue_is_for_moderators_only(client, member):
    client.force_login(member)
    assert client.get("/moderation/").status_code == 403


def test_a_moderator_s_queue_holds_only_their_spaces(
    client, moderator, member, reply, foreign_topic
):
    actions.flag_item(flagger=member, item=reply, reason="spam")
    actions.flag_item(flagger=member, item=foreign_topic.first_post, reason="spam")
    actions.flag_item(flagger=member, item=make_user("troll"), reason="harassment")
    client.force_login(moderator)
    text = client.get("/moderation/").content.decode()
    assert f"queue-post-{reply.pk}" in text
    assert f"queue-post-{foreign_topic.first_post_id}" not in text
    assert "troll" not in text


def test_a_moderator_hides_from_the_queue(client, moderator, member, reply):
    actions.flag_item(flagger=member, item=reply, reason="spam")
    client.force_login(moderator)
    response = client.post(
        f"/moderation/post/{reply.pk}/decide/",
        {"action": "hide", "reason": "Werbung", "next": "/moderation/"},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden_reason == "Werbung"


def test_a_moderator_cannot_decide_outside_their_space(client, moderator, foreign_topic):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/post/{foreign_topic.first_post_id}/decide/",
        {"action": "hide", "reason": "x"},
    )
    assert response.status_code == 403
    assert not ModerationEntry.objects.exists()


def test_a_decision_without_reason_is_refused_with_a_message(client, moderator, reply):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/post/{reply.pk}/decide/", {"action": "hide", "reason": ""}, follow=True
    )
    assert "Say why" in response.content.decode()
    reply.refresh_from_db()
    assert reply.hidden_at is None


def test_the_author_appeals_from_the_notification_s_page(client, moderator, other_member, reply):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    client.force_login(other_member)
    page = client.get(f"/moderation/entry/{entry.pk}/").content.decode()
    assert "Werbung" in page and "Send appeal" in page
    client.post(f"/moderation/entry/{entry.pk}/", {"text": "Keine Werbung"})
    assert Appeal.objects.get().text == "Keine Werbung"
    page = client.get(f"/moderation/entry/{entry.pk}/").content.decode()
    assert "Send appeal" not in page


def test_a_decision_s_page_is_not_found_for_others(client, moderator, member, reply):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    client.force_login(member)
    assert client.get(f"/moderation/entry/{entry.pk}/").status_code == 404


def test_staff_answer_an_appeal_from_the_queue(client, moderator, staff, other_member, reply):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    appeal = actions.appeal_entry(member=other_member, entry=entry, text="Bitte")
    client.force_login(staff)
    assert f"appeal-{appeal.pk}" in client.get("/moderation/").content.decode()
    client.post(f"/moderation/appeal/{appeal.pk}/answer/", {"answer": "reverse", "text": "Ok"})
    reply.refresh_from_db()
    assert reply.hidden_at is None


def test_the_public_log_shows_role_and_reason_but_not_flags_or_names(
    client, moderator, member, reply
):
    actions.flag_item(flagger=member, item=reply, reason="other", text="Geheime Flaggennotiz")
    actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    text = client.get("/moderation/log/").content.decode()
    assert "Werbung" in text and "a moderator of the space" in text
    assert "Geheime Flaggennotiz" not in text and moderator.username not in text


def test_the_log_names_moderators_when_the_site_says_so(client, moderator, reply):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"log_shows_names": True})
    actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    assert moderator.username in client.get("/moderation/log/").content.decode()


def test_the_log_keeps_a_private_group_s_topic_private(client, member, group, staff):
    topic = make_topic(member, group, title="Geheimsache")
    actions.lock_topic(moderator=staff, topic=topic, reason="Ruhe")
    text = client.get("/moderation/log/").content.decode()
    assert "Geheimsache" not in text and "in a private group" in text
    client.force_login(member)
    assert "Geheimsache" in client.get("/moderation/log/").content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_queue_and_log_query_counts_do_not_grow(
    client, django_assert_num_queries, staff, topic, size
):
    for number in range(size):
        post = make_reply(make_user(), topic, f"Antwort {number}")
        actions.flag_item(flagger=make_user(), item=post, reason="spam")
        actions.hide_item(moderator=staff, item=post, reason="Werbung")
        actions.flag_item(flagger=make_user(), item=post, reason="spam")
        Post.objects.filter(pk=post.pk).update(held_at=timezone.now())
    client.force_login(staff)
    client.get("/moderation/")
    cache.clear()
    # member, site settings, flags with their items, held posts, appeals, the authors'
    # earlier decisions.
    with django_assert_num_queries(6 + session_queries()):
        assert client.get("/moderation/").status_code == 200
    cache.clear()
    # member, site settings, readable spaces (none for staff: one query all the same),
    # moderation settings, count, page with every entry's item.
    with django_assert_num_queries(6 + session_queries()):
        assert client.get("/moderation/log/").status_code == 200


@needs_corpora
def test_naughty_strings_never_break_flags_decisions_or_appeals(
    client, member, moderator, other_member, reply
):
    entry = actions.hide_item(moderator=moderator, item=reply, reason="Werbung")
    strings = naughty_strings()[::7]
    client.force_login(member)
    for text in strings:
        response = client.post(f"/flag/post/{reply.pk}/", {"reason": text, "text": text})
        assert response.status_code < 500, text
        assert client.get("/moderation/log/", {"page": text}).status_code < 500, text
    client.force_login(moderator)
    for text in strings:
        response = client.post(
            f"/moderation/post/{reply.pk}/decide/", {"action": text, "reason": text, "days": text}
        )
        assert response.status_code < 500, text
    client.force_login(other_member)
    for text in strings[:20]:
        assert client.post(f"/moderation/entry/{entry.pk}/", {"text": text}).status_code < 500


def test_staff_mark_an_official_whose_posts_carry_the_badge(admin_client, client, member, topic):
    from mundwerk.accounts.tests.test_admin import change_data

    response = admin_client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        change_data(
            member, is_official="on", official_title="Werkstattleitung", official_company="Rad AG"
        ),
    )
    assert response.status_code == 302
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Official · Werkstattleitung, Rad AG" in page
    assert (
        "Official · Werkstattleitung, Rad AG"
        in client.get(f"/u/{member.username}/").content.decode()
    )


def test_staff_always_carry_the_badge(client, staff, space):
    topic = make_topic(staff, space)
    assert "Official · Mundwerk" in client.get(topic.get_absolute_url()).content.decode()


def test_a_silenced_member_is_told_why_they_cannot_reply(client, staff, other_member, topic):
    actions.silence_member(moderator=staff, member=other_member, reason="Ton", days=1)
    from mundwerk.posts.permissions import check_reply_to_topic

    with pytest.raises(PermissionDenied, match="silenced you until"):
        check_reply_to_topic(other_member, topic)
    client.force_login(other_member)
    assert "silenced you until" in client.get(topic.get_absolute_url()).content.decode()
    assert client.post(topic.get_absolute_url(), {"body": "Trotzdem"}).status_code == 403


def test_a_suspended_member_is_logged_out_on_their_next_request(rf, staff, other_member):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse

    from mundwerk.moderation.middleware import SuspensionMiddleware

    actions.suspend_member(moderator=staff, member=other_member, reason="Spam", days=3)
    request = rf.get("/")
    request.session = SessionStore()
    request.user = other_member
    request._messages = FallbackStorage(request)
    response = SuspensionMiddleware(lambda request: HttpResponse("ok"))(request)
    assert response.status_code == 302
    assert not request.user.is_authenticated
