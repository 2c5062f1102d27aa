"""Renaming topics: their author and staff, and trust level 3 members active in the space."""

import pytest
from django.core.exceptions import PermissionDenied

from mundwerk.core.tests.factories import make_reply, make_topic, make_user
from mundwerk.posts import actions
from mundwerk.posts.models import Revision


@pytest.fixture
def regular(db, space):
    """A level 3 member who wrote three posts in the space lately."""
    member = make_user("stammgast", trust_level=3)
    elsewhere = make_topic(member, space, title="Meine Fragen")
    make_reply(member, elsewhere, body="Noch eine")
    make_reply(member, elsewhere, body="Und noch eine")
    return member


def test_a_level_three_regular_renames_someone_elses_topic_with_history(regular, topic):
    actions.retitle_topic(editor=regular, topic=topic, title="Kettenöl: welches hält im Winter?")
    topic.refresh_from_db()
    assert topic.title == "Kettenöl: welches hält im Winter?"
    latest = Revision.objects.filter(post=topic.first_post).order_by("-number").first()
    assert latest.editor == regular
    assert latest.title == "Kettenöl: welches hält im Winter?"
    assert Revision.objects.filter(post=topic.first_post, number=1).get().title == "Ein neues Rad"


def test_a_level_three_member_new_to_the_space_may_not(topic):
    newcomer = make_user("zugezogen", trust_level=3)
    with pytest.raises(PermissionDenied):
        actions.retitle_topic(editor=newcomer, topic=topic, title="Anders")


def test_a_level_two_member_may_not_even_when_active(space, topic):
    member = make_user("aktiv", trust_level=2)
    own = make_topic(member, space)
    for number in range(3):
        make_reply(member, own, body=f"Antwort {number}")
    with pytest.raises(PermissionDenied):
        actions.retitle_topic(editor=member, topic=topic, title="Anders")


def test_the_rename_page_offers_itself_to_the_regular_only(client, regular, other_member, topic):
    client.force_login(regular)
    assert "Rename topic" in client.get(topic.get_absolute_url()).text
    response = client.post(f"/t/{topic.pk}/title/", {"title": "Bessere Überschrift"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Bessere Überschrift"
    client.force_login(other_member)
    assert "Rename topic" not in client.get(topic.get_absolute_url()).text
    assert client.post(f"/t/{topic.pk}/title/", {"title": "Meins"}).status_code == 403


def test_a_too_short_title_is_refused_and_changes_nothing(client, regular, topic):
    client.force_login(regular)
    response = client.post(f"/t/{topic.pk}/title/", {"title": "ab"})
    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.title == "Ein neues Rad"
