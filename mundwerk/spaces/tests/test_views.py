from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from mundwerk.core.tests.factories import image_upload, make_topic, make_user, session_queries
from mundwerk.notifications.models import Notification
from mundwerk.posts.tests.test_bad_input import corpus_files, naughty_strings, needs_corpora
from mundwerk.spaces import actions
from mundwerk.spaces.models import Ban, Invitation, JoinRequest, Membership, Space
from mundwerk.spaces.tests.conftest import make_group


def _login(client, user):
    client.force_login(user)
    return client


def _other_client(user):
    return _login(Client(headers={"Accept-Language": "en"}), user)


def _form(**fields):
    return {
        "name": "Radtreff Nord",
        "description": "Touren im Norden",
        "visibility": "private",
        "join_policy": "request",
        **fields,
    }


def test_a_member_founds_a_group_and_lands_on_its_page(client, member):
    _login(client, member)
    assert "Found a group" in client.get("/groups/").text
    response = client.post("/groups/new/", _form(cover=image_upload()))
    group = Space.objects.get(kind=Space.Kind.GROUP)
    assert response.status_code == 302 and response["Location"] == "/s/radtreff-nord/"
    page = client.get(response["Location"]).text
    assert "Radtreff Nord" in page and "Touren im Norden" in page
    assert "Private group: listed, only members read it." in page
    assert "Members ask to join; moderators approve." in page
    assert 'class="group-cover"' in page and group.cover.name
    assert "/s/radtreff-nord/settings/" in page and "/s/radtreff-nord/invitations/" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"name": "  a "},
        {"name": "x" * 81},
        {"visibility": "everyone"},
        {"join_policy": "maybe"},
        {"description": "d" * 2001},
        {"cover": SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")},
    ],
)
def test_bad_group_forms_say_what_is_wrong_and_found_nothing(client, member, fields):
    response = _login(client, member).post("/groups/new/", _form(**fields))
    assert response.status_code == 200 and 'class="field-error"' in response.text
    assert not Space.objects.exists()


@needs_corpora
def test_broken_and_hostile_cover_files_are_refused(client, member):
    _login(client, member)
    files = corpus_files("pillow-images", "broken") + corpus_files("pillow-images", "bombs")
    files += corpus_files("payloadsallthethings")[:20]
    assert files
    for path in files[:40]:
        upload = SimpleUploadedFile(Path(path).name, path.read_bytes())
        response = client.post("/groups/new/", _form(name=f"Gruppe {path.name}"[:80], cover=upload))
        assert response.status_code in (200, 302), path
    for group in Space.objects.filter(kind=Space.Kind.GROUP):
        assert not group.cover or group.cover.name.endswith((".jpg", ".webp"))


def test_unverified_members_and_visitors_cannot_found_groups(client, unverified):
    response = client.get("/groups/new/")
    assert (
        response.status_code == 302
        and "/accounts/login/?next=%2Fgroups%2Fnew%2F" in response["Location"]
    )
    response = _login(client, unverified).post("/groups/new/", _form())
    assert response.status_code == 403
    assert "Confirm your email address before you found a group." in response.text
    assert not Space.objects.exists()


def test_the_directory_lists_what_the_reader_may_know_of(
    client, group, private_group, secret_group, other_member, staff
):
    page = client.get("/groups/").text
    assert "Radtreff" in page and "Geheimrat" in page and "Hinterzimmer" not in page
    assert "Log in to join or found a group." in page
    assert "Hinterzimmer" in _other_client(staff).get("/groups/").text


def test_the_directory_shows_own_groups_and_pending_invitations(
    client, secret_group, owner, other_member
):
    actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    page = _login(client, other_member).get("/groups/").text
    assert "Your pending invitations" in page and "Hinterzimmer" in page
    assert "Your groups" in _other_client(owner).get("/groups/").text


def test_directory_queries_do_not_grow(client, owner, other_member, django_assert_num_queries):
    _login(client, other_member)
    for count in (2, 12):
        for number in range(count):
            group = make_group(owner, name=f"Gruppe {count} {number}")
            actions.invite_member(space=group, inviter=owner, invitee=other_member)
            actions.join_group(member=other_member, space=group)
        client.get("/groups/")
        # session, user, own groups, invitations, count, one page of groups
        with django_assert_num_queries(5 + session_queries()):
            assert client.get("/groups/").status_code == 200


def test_members_page_queries_do_not_grow(client, group, owner, django_assert_num_queries):
    _login(client, owner)
    total = 0
    for count in (3, 15):
        total += count
        for _ in range(count):
            actions.join_group(member=make_user(), space=group)
        client.get(f"/s/{group.slug}/members/")
        # session, user, space, viewer's role, count, one page, bans
        with django_assert_num_queries(6 + session_queries()):
            page = client.get(f"/s/{group.slug}/members/")
        assert page.status_code == 200 and page.text.count('value="ban"') == total


def test_a_private_group_page_tells_outsiders_it_is_private(client, private_group, owner):
    topic = make_topic(owner, private_group, title="Nur für uns hier")
    page = client.get(f"/s/{private_group.slug}/").text
    assert "This group is private: only its members read its topics." in page
    assert "Nur für uns hier" not in page
    assert client.get(topic.get_absolute_url()).status_code == 404
    bernd = _other_client(make_user("bernd"))
    page = bernd.get(f"/s/{private_group.slug}/").text
    assert "Ask to join" in page and "Nur für uns hier" not in page
    assert bernd.get(f"/s/{private_group.slug}/members/").status_code == 403
    assert "Nur für uns hier" in _other_client(owner).get(f"/s/{private_group.slug}/").text


def test_a_secret_group_is_404_for_outsiders(client, secret_group, owner, other_member):
    topic = make_topic(owner, secret_group)
    paths = [
        f"/s/{secret_group.slug}/",
        f"/s/{secret_group.slug}/members/",
        topic.get_absolute_url(),
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path
    _login(client, other_member)
    for path in paths:
        assert client.get(path).status_code == 404, path
    for path in ("join", "leave", "request", "invitations", "settings", "members/anna"):
        assert client.post(f"/s/{secret_group.slug}/{path}/").status_code == 404, path
    assert client.get(f"/s/{secret_group.slug}/requests/").status_code == 404
    assert not Membership.objects.filter(member=other_member).exists()


def test_joining_and_leaving_through_the_buttons(client, group, other_member):
    _login(client, other_member)
    page = client.get(f"/s/{group.slug}/").text
    assert f'action="/s/{group.slug}/join/"' in page
    assert client.get(f"/s/{group.slug}/join/").status_code == 405
    response = client.post(f"/s/{group.slug}/join/")
    assert response["Location"] == f"/s/{group.slug}/"
    assert "Leave group" in client.get(f"/s/{group.slug}/").text
    assert "Yes, leave the group" in client.get(f"/s/{group.slug}/leave/").text
    assert Membership.objects.filter(member=other_member).exists()  # asking changed nothing
    client.post(f"/s/{group.slug}/leave/")
    assert not Membership.objects.filter(member=other_member).exists()


def test_visitors_are_sent_to_log_in_by_the_buttons(client, group):
    response = client.post(f"/s/{group.slug}/join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Space.objects.get(pk=group.pk).member_count == 1


def test_the_owner_sees_a_clear_refusal_when_leaving(client, group, owner):
    response = _login(client, owner).post(f"/s/{group.slug}/leave/")
    assert response.status_code == 403
    assert "Hand the group to another member before you leave it." in response.text


def test_a_request_is_sent_and_approved_through_the_pages(
    client, private_group, owner, other_member, committed
):
    _login(client, other_member)
    assert "Message to the moderators" in client.get(f"/s/{private_group.slug}/request/").text
    with committed():
        client.post(f"/s/{private_group.slug}/request/", {"message": "Darf ich?"})
    assert "You asked to join" in client.get(f"/s/{private_group.slug}/").text
    request = JoinRequest.objects.get()
    assert Notification.objects.get(recipient=owner).what == "group_join_request"
    assert client.get(f"/s/{private_group.slug}/requests/").status_code == 403
    anna = _other_client(owner)
    assert "1 request" in anna.get(f"/s/{private_group.slug}/").text
    assert "Darf ich?" in anna.get(f"/s/{private_group.slug}/requests/").text
    with committed():
        anna.post(f"/s/{private_group.slug}/requests/{request.pk}/", {"action": "approve"})
    assert Membership.objects.filter(space=private_group, member=other_member).exists()
    assert Notification.objects.get(recipient=other_member).what == "group_request_approved"
    again = anna.post(f"/s/{private_group.slug}/requests/{request.pk}/", {"action": "decline"})
    assert again.status_code == 404


def test_moderation_buttons_on_the_members_page(client, group, owner, other_member, carla):
    actions.join_group(member=other_member, space=group)
    actions.join_group(member=carla, space=group)
    _login(client, owner)
    url = f"/s/{group.slug}/members/"
    client.post(f"{url}carla/", {"action": "moderator"})
    assert Membership.objects.get(member=carla).role == Membership.Role.MODERATOR
    bernd_page = _other_client(carla).get(url).text
    assert f'action="/s/{group.slug}/members/anna/"' not in bernd_page
    client.post(f"{url}bernd/", {"action": "ban", "reason": "  Werbung  "})
    assert Ban.objects.get().reason == "Werbung"
    assert "Werbung" in client.get(url).text
    response = _other_client(other_member).post(f"/s/{group.slug}/join/")
    assert response.status_code == 403
    assert "cannot join it again" in response.text
    client.post(f"{url}bernd/", {"action": "unban"})
    assert not Ban.objects.exists()
    assert client.post(f"{url}carla/", {"action": "explode"}).status_code == 302
    assert client.post(f"{url}nobody/", {"action": "remove"}).status_code == 404


def test_moderators_get_a_clear_403_for_the_owner(client, group, owner, carla):
    actions.join_group(member=carla, space=group)
    actions.set_role(space=group, manager=owner, member=carla, role="moderator")
    response = _login(client, carla).post(f"/s/{group.slug}/members/anna/", {"action": "ban"})
    assert response.status_code == 403 and "moderators" in response.text
    assert Membership.objects.filter(member=owner).exists()


def test_non_members_get_403_for_moderator_pages(client, group, other_member):
    _login(client, other_member)
    for path in ("requests", "settings", "delete"):
        response = client.get(f"/s/{group.slug}/{path}/")
        assert response.status_code == 403, path
        assert "owner" in response.text
    response = client.post(f"/s/{group.slug}/members/anna/", {"action": "remove"})
    assert response.status_code == 403


def test_inviting_by_name_and_accepting_on_the_invitation_page(
    client, secret_group, owner, other_member, committed
):
    _login(client, owner)
    assert "Invite a member" in client.get(f"/s/{secret_group.slug}/invitations/").text
    with committed():
        response = client.post(
            f"/s/{secret_group.slug}/invitations/",
            {"action": "invite", "invite-username": "@Bernd", "invite-days": "7"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    told = Notification.objects.get(recipient=other_member)
    bernd = _other_client(other_member)
    page = bernd.get(told.link).text
    assert "Hinterzimmer" in page and "Accept and join" in page
    response = bernd.post(told.link, {"action": "accept"})
    assert response["Location"] == f"/s/{secret_group.slug}/"
    assert bernd.get(f"/s/{secret_group.slug}/").status_code == 200
    assert "already accepted" in bernd.get(f"/invitations/{invitation.token}/").text


@pytest.mark.parametrize(
    ("username", "days", "says"),
    [
        ("nobody", "7", "There is no member called nobody."),
        ("anna", "7", "anna is already a member of this group."),
        ("bernd", "0", "Ensure this value is greater than or equal to 1."),
        ("bernd", "31", "Ensure this value is less than or equal to 30."),
        ("bernd", "sieben", "Enter a whole number."),
        ("", "7", "Whom do you want to invite?"),
    ],
)
def test_bad_invitations_are_refused_in_words(
    client, group, owner, other_member, username, days, says
):
    response = _login(client, owner).post(
        f"/s/{group.slug}/invitations/",
        {"action": "invite", "invite-username": username, "invite-days": days},
        follow=True,
    )
    assert says in response.text
    assert not Invitation.objects.exists()


def test_inviting_twice_says_so(client, group, owner, other_member):
    _login(client, owner)
    data = {"action": "invite", "invite-username": "bernd", "invite-days": "7"}
    client.post(f"/s/{group.slug}/invitations/", data)
    response = client.post(f"/s/{group.slug}/invitations/", data, follow=True)
    assert "bernd is already invited." in response.text
    assert Invitation.objects.count() == 1


def test_an_invitation_link_is_shown_in_full_used_and_revoked(client, group, owner, other_member):
    _login(client, owner)
    client.post(f"/s/{group.slug}/invitations/", {"action": "link", "link-days": "3"})
    link = Invitation.objects.get()
    page = client.get(f"/s/{group.slug}/invitations/").text
    assert f"http://testserver/invitations/{link.token}/" in page and "data-copy" in page
    bernd = _other_client(other_member)
    bernd.post(f"/invitations/{link.token}/", {"action": "accept"})
    link.refresh_from_db()
    assert link.use_count == 1
    client.post(f"/s/{group.slug}/invitations/{link.pk}/revoke/")
    carla = _other_client(make_user("carla"))
    page = carla.get(f"/invitations/{link.token}/").text
    assert "This invitation was withdrawn." in page and "Accept and join" not in page
    response = carla.post(f"/invitations/{link.token}/", {"action": "accept"})
    assert response.status_code == 403
    assert not Membership.objects.filter(member__username="carla").exists()


def test_an_expired_invitation_says_so_and_hides_a_secret_groups_description(
    client, secret_group, owner, other_member
):
    invitation = actions.invite_member(
        space=secret_group, inviter=owner, invitee=other_member, days=1
    )
    _login(client, other_member)
    assert "Wir fahren zusammen." in client.get(f"/invitations/{invitation.token}/").text
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        page = client.get(f"/invitations/{invitation.token}/").text
        assert "This invitation has expired." in page and "Hinterzimmer" in page
        assert "Wir fahren zusammen." not in page
        assert (
            client.post(f"/invitations/{invitation.token}/", {"action": "accept"}).status_code
            == 403
        )


def test_someone_elses_invitation_is_404_and_visitors_log_in_first(
    client, secret_group, owner, other_member, carla
):
    invitation = actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    url = f"/invitations/{invitation.token}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url, safe='')}"
    assert _login(client, carla).get(url).status_code == 404
    assert client.get("/invitations/not-a-token/").status_code == 404


def test_declining_an_invitation(client, secret_group, owner, other_member):
    invitation = actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    _login(client, other_member).post(f"/invitations/{invitation.token}/", {"action": "decline"})
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not Membership.objects.filter(member=other_member).exists()


def test_settings_edit_transfer_and_archive(client, group, owner, other_member):
    actions.join_group(member=other_member, space=group)
    _login(client, owner)
    url = f"/s/{group.slug}/settings/"
    page = client.get(url).text
    assert '<option value="bernd">bernd</option>' in page
    client.post(url, {**_form(name="Radtreff Süd"), "action": "edit"})
    group.refresh_from_db()
    assert group.name == "Radtreff Süd" and group.slug == "radtreff"
    assert group.visibility == Space.Visibility.PRIVATE
    client.post(url, {"action": "archive"})
    group.refresh_from_db()
    assert group.archived_at is not None
    assert "This group is archived" in client.get(f"/s/{group.slug}/").text
    client.post(url, {"action": "unarchive"})
    response = client.post(url, {"action": "transfer", "username": "nobody"})
    assert response.status_code == 200 and "Choose a member of the group." in response.text
    client.post(url, {"action": "transfer", "username": "bernd"})
    assert Membership.objects.get(member=owner).role == Membership.Role.MODERATOR
    assert client.get(url).status_code == 403


def test_deleting_asks_first_then_removes_group_and_topics(client, group, owner):
    topic = make_topic(owner, group)
    _login(client, owner)
    page = client.get(f"/s/{group.slug}/delete/").text
    assert "disappear for everyone" in page
    assert Space.objects.get(pk=group.pk).deleted_at is None
    response = client.post(f"/s/{group.slug}/delete/")
    assert response["Location"] == "/groups/"
    assert client.get(f"/s/{group.slug}/").status_code == 404
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert "Radtreff" not in client.get("/groups/").text


def test_members_write_topics_in_their_group_and_outsiders_cannot(
    client, group, owner, other_member
):
    new_topic = f"/s/{group.slug}/new/"
    response = _login(client, other_member).get(new_topic)
    assert response.status_code == 403
    actions.join_group(member=other_member, space=group)
    response = client.post(new_topic, {"title": "Sonntagstour", "body": "Wer kommt mit?"})
    assert response.status_code == 302
    assert "Sonntagstour" in client.get(f"/s/{group.slug}/").text


def test_categories_keep_their_page(client, space, topic):
    page = client.get(space.get_absolute_url()).text
    assert topic.title in page and "Members" not in page


@needs_corpora
def test_naughty_strings_never_break_the_group_pages(client, owner, group):
    _login(client, owner)
    strings = naughty_strings()
    for text in strings[:250]:
        response = client.post("/groups/new/", _form(name=text, description=text))
        assert response.status_code in (200, 302), text
        for path in ("/s/{}/", "/s/{}/members/", "/invitations/{}/"):
            response = client.get(path.format(quote(text, safe="")))
            assert response.status_code in (200, 302, 404), (path, text)
        data = {"action": "invite", "invite-username": text, "invite-days": text}
        response = client.post(f"/s/{group.slug}/invitations/", data)
        assert response.status_code in (200, 302), text
        response = client.post(f"/s/{group.slug}/members/{quote(text, safe='')}/", {"action": text})
        assert response.status_code in (302, 403, 404), text
    for created in Space.objects.filter(kind=Space.Kind.GROUP)[:60]:
        page = client.get(created.get_absolute_url())
        assert page.status_code == 200 and "<script>" not in page.text
    page = client.get("/groups/")
    assert page.status_code == 200 and "<script>alert" not in page.text
