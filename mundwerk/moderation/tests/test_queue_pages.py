"""What the queue, the case pages and the log say, as moderators and readers meet them."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from mundwerk.core.tests.factories import make_reply, make_user, session_queries
from mundwerk.moderation import actions
from mundwerk.moderation.forms import DecisionForm
from mundwerk.moderation.models import ModerationEntry
from mundwerk.moderation.targets import DECISIONS_FOR
from mundwerk.spaces.models import Membership, Space


def browser(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _options(page: str, kind: str, pk: int) -> list[str]:
    select = re.search(rf'<select name="action" id="action-{kind}-{pk}"[^>]*>(.*?)</select>', page)
    assert select, page
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def _group(owner, name="Krawallclub") -> Space:
    group = Space.objects.create(name=name, slug=name.lower(), kind=Space.Kind.GROUP)
    Membership.objects.create(space=group, member=owner, role=Membership.Role.OWNER)
    return group


def test_the_decision_form_offers_only_what_applies_to_the_item(staff, member, topic):
    page = browser(staff).get(f"/moderation/member/{member.pk}/").content.decode()
    assert _options(page, "member", member.pk) == [
        "", "approve", "hide", "unhide", "silence", "suspend", "ban", "lift",
    ]  # fmt: skip
    page = browser(staff).get(f"/moderation/topic/{topic.pk}/").content.decode()
    assert {"delete", "lock", "pin"} <= set(_options(page, "topic", topic.pk))


def test_a_decision_that_does_not_apply_or_none_at_all_changes_nothing(staff, member):
    client = browser(staff)
    for action in ("lock", ""):
        response = client.post(
            f"/moderation/member/{member.pk}/decide/",
            {"action": action, "reason": "Quatsch"},
            follow=True,
        )
        assert response.status_code == 200
        assert "Done." not in response.content.decode()
    assert not ModerationEntry.objects.exists()


def test_decide_refuses_what_the_form_does_not_offer_for_the_kind(staff, member, other_member):
    group = _group(other_member)
    for item, action in [(member, "lock"), (member, "delete"), (group, "pin"), (group, "delete")]:
        with pytest.raises(ValidationError, match="Choose a decision"):
            actions.decide(moderator=staff, item=item, action=action, reason="Quatsch")
    group.refresh_from_db()
    assert group.deleted_at is None
    assert not ModerationEntry.objects.exists()


def test_the_form_and_decide_share_the_decisions_of_each_kind():
    for kind, decisions in DECISIONS_FOR.items():
        offered = DecisionForm(kind=kind).fields["action"].choices  # type: ignore[attr-defined]
        assert [value for value, _label in offered] == ["", *decisions], kind


def test_each_reason_on_the_case_page_has_a_label_of_its_own(staff, topic):
    page = browser(staff).get(f"/moderation/topic/{topic.pk}/").content.decode()
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for form in ("edit", "move", "redact"):
        assert f'<label for="{form}_reason">' in page


def test_the_case_page_counts_only_decisions_against_the_author(staff, topic, other_member):
    reply = make_reply(other_member, topic, "Hallo")
    actions.hide_item(moderator=staff, item=reply, reason="Ton")
    actions.unhide_item(moderator=staff, item=reply, reason="Doch gut")
    page = browser(staff).get(f"/moderation/post/{reply.pk}/").content.decode()
    assert "1 earlier decision against them" in page


def test_an_appeal_in_the_queue_says_what_it_is_about(staff, member):
    group = _group(member)
    entry = actions.hide_item(moderator=staff, item=group, reason="Hetze")
    actions.appeal_entry(member=member, entry=entry, text="Stimmt nicht")
    page = browser(staff).get("/moderation/").content.decode()
    assert 'Group: <a href="/s/krawallclub/">Krawallclub</a>' in page


def test_the_queue_names_a_flagged_group_s_owner(staff, member, other_member):
    group = _group(member)
    actions.flag_item(flagger=other_member, item=group, reason="spam")
    page = browser(staff).get("/moderation/").content.decode()
    assert f"By {member.username}" in page


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_of_flagged_groups_costs_the_same_queries(
    client, django_assert_num_queries, staff, size
):
    for number in range(size):
        group = _group(make_user(), name=f"Gruppe{number}")
        actions.flag_item(flagger=make_user(), item=group, reason="spam")
        actions.flag_item(flagger=make_user(), item=make_user(), reason="spam")
    client.force_login(staff)
    client.get("/moderation/")
    cache.clear()
    # member, site settings, flags with their items, held posts, appeals, the groups'
    # owners, the authors' earlier decisions.
    with django_assert_num_queries(7 + session_queries()):
        assert client.get("/moderation/").status_code == 200


def test_the_log_speaks_of_the_member_not_the_profile_for_restrictions(staff, other_member):
    actions.silence_member(moderator=staff, member=other_member, reason="Ton", days=2)
    actions.hide_item(moderator=staff, item=other_member, reason="Name")
    text = browser().get("/moderation/log/").content.decode()
    assert "member “@bernd”" in text and "profile “@bernd”" in text
