from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.trust.limits import RateLimited
from mundwerk.trust.models import ScreenedTerm, TrustSettings
from mundwerk.trust.screening import link_hosts, screen_post


@pytest.fixture
def newcomer(db):
    return make_user("neu", trust_level=0)


def _settings(**values):
    rules = TrustSettings.load()
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()


def test_a_plain_post_is_published(member, space):
    assert screen_post(author=member, body="Hallo zusammen", space=space) == ""


def test_a_blocked_word_is_refused_on_word_boundaries_in_any_case(member, space):
    ScreenedTerm.objects.create(value="Viagra")
    with pytest.raises(ValidationError, match=r"(?i)viagra"):
        screen_post(author=member, body="Billig VIAGRA hier", space=space)
    assert screen_post(author=member, body="Viagrafälle gibt es nicht", space=space) == ""


def test_a_blocked_phrase_in_the_title_is_refused(member, space):
    ScreenedTerm.objects.create(value="schnell reich")
    with pytest.raises(ValidationError):
        screen_post(author=member, body="Text", space=space, title="Schnell  reich? Schnell reich!")


def test_a_blocked_domain_is_refused_with_its_subdomains_but_not_lookalikes(member, space):
    ScreenedTerm.objects.create(kind=ScreenedTerm.Kind.DOMAIN, value="https://www.spam.com/")
    with pytest.raises(ValidationError):
        screen_post(author=member, body="Schau [hier](https://shop.SPAM.com/x)", space=space)
    with pytest.raises(ValidationError):
        screen_post(author=member, body="spam.com ist toll", space=space)
    assert screen_post(author=member, body="https://notspam.com/", space=space) == ""


def test_a_watched_word_holds_the_post_for_review(member, space):
    ScreenedTerm.objects.create(value="krypto", action=ScreenedTerm.Action.WATCH)
    reason = screen_post(author=member, body="Was haltet ihr von Krypto?", space=space)
    assert "Krypto" in reason


def test_a_watched_domain_holds_the_post_for_review(member, space):
    ScreenedTerm.objects.create(
        kind=ScreenedTerm.Kind.DOMAIN, value="shop.de", action=ScreenedTerm.Action.WATCH
    )
    assert "shop.de" in screen_post(author=member, body="https://a.shop.de/angebot", space=space)


def test_the_same_reply_twice_within_ten_minutes_is_refused(limits_on, member, topic, clock):
    make_reply(member, topic, body="Genau meine Meinung")
    with pytest.raises(ValidationError, match="same text"):
        make_reply(member, topic, body="Genau meine Meinung")
    clock.shift(timedelta(minutes=11))
    make_reply(member, topic, body="Genau meine Meinung")


def test_another_member_may_write_the_same_text(limits_on, member, other_member, topic):
    make_reply(member, topic, body="Danke!")
    make_reply(other_member, topic, body="Danke!")


def test_the_same_topic_twice_is_refused_but_the_same_body_under_another_title_is_not(
    limits_on, member, space
):
    make_topic(member, space, title="Rad", body="Text")
    make_topic(member, space, title="Anderes Rad", body="Text")
    with pytest.raises(ValidationError):
        make_topic(member, space, title="Rad", body="Text")


def test_a_new_member_may_put_two_links_in_a_post_but_not_three(newcomer, space):
    assert screen_post(author=newcomer, body="a.de b.de", space=space) == ""
    with pytest.raises(ValidationError, match="at most 2 links"):
        screen_post(author=newcomer, body="a.de b.de https://c.de/", space=space)


def test_a_member_at_level_one_may_put_more_links(member, space):
    body = " ".join(f"https://{n}.de/" for n in range(5))
    assert screen_post(author=member, body=body, space=space) == ""


def test_a_new_member_may_attach_one_picture(newcomer, space):
    assert screen_post(author=newcomer, body="Bild", space=space, images=1) == ""
    with pytest.raises(ValidationError, match="1 picture"):
        screen_post(author=newcomer, body="Bilder", space=space, images=2)


def test_a_new_member_writes_at_most_ten_posts_a_day(limits_on, newcomer, space, clock):
    topic = make_topic(newcomer, space)
    for number in range(9):
        make_reply(newcomer, topic, body=f"Antwort {number}")
        clock.shift(timedelta(minutes=1))
    with pytest.raises(ValidationError, match="10 posts a day"):
        make_reply(newcomer, topic, body="Noch eine")
    clock.shift(timedelta(hours=24))
    make_reply(newcomer, topic, body="Am nächsten Tag")


def test_careful_mode_holds_a_new_members_link_but_not_a_members(newcomer, member, space):
    _settings(careful_mode=True)
    assert screen_post(author=newcomer, body="https://a.de/", space=space)
    assert screen_post(author=newcomer, body="ohne Link", space=space) == ""
    assert screen_post(author=member, body="https://a.de/", space=space) == ""


def test_without_careful_mode_a_new_members_link_is_published(newcomer, space):
    assert screen_post(author=newcomer, body="https://a.de/", space=space) == ""


def test_posts_per_minute_depend_on_the_trust_level(limits_on, newcomer, member, space):
    for _ in range(3):
        screen_post(author=newcomer, body="x", space=space)
    with pytest.raises(RateLimited):
        screen_post(author=newcomer, body="x", space=space)
    for _ in range(6):
        screen_post(author=member, body="x", space=space)
    with pytest.raises(RateLimited):
        screen_post(author=member, body="x", space=space)


def test_staff_are_not_rate_limited(limits_on, staff, space):
    for _ in range(30):
        screen_post(author=staff, body="x", space=space)


def test_a_held_post_is_written_with_its_reason(member, topic):
    ScreenedTerm.objects.create(value="krypto", action=ScreenedTerm.Action.WATCH)
    post = make_reply(member, topic, body="krypto!")
    assert post.held_at is not None
    assert "krypto" in post.held_reason


def test_link_hosts_finds_markdown_bare_and_www_links():
    text = "[x](https://A.b.example/p) www.foo.de cheap.com mail@x.de"
    assert link_hosts(text) == ["a.b.example", "www.foo.de", "cheap.com"]


def test_a_refused_reply_shows_the_reason_on_the_form_and_writes_nothing(client, member, topic):
    ScreenedTerm.objects.create(value="Viagra")
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": "Billig VIAGRA hier"})
    assert response.status_code == 200
    assert "form-errors" in response.text
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_a_refused_topic_shows_the_reason_on_the_form(client, member, space):
    ScreenedTerm.objects.create(value="Viagra")
    client.force_login(member)
    url = f"/s/{space.slug}/new/"
    response = client.post(url, {"title": "Angebot", "body": "Billig VIAGRA hier"})
    assert response.status_code == 200
    assert "form-errors" in response.text


def test_a_held_reply_tells_its_author_it_waits_for_review(client, member, topic):
    ScreenedTerm.objects.create(value="Gutschein", action=ScreenedTerm.Action.WATCH)
    client.force_login(member)
    response = client.post(
        topic.get_absolute_url(), {"body": "Hier ein Gutschein für alle"}, follow=True
    )
    assert response.status_code == 200
    assert "waits for a moderator" in response.text
