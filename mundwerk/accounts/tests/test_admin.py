import pytest

from mundwerk.accounts import actions
from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import image_upload, make_user
from mundwerk.posts.images import process_image


@pytest.fixture
def admin_client(client, staff, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(staff)
    return client


def change_data(member: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": member.username,
        "email": member.email,
        "display_name": member.display_name,
        "bio": member.bio,
        "website": member.website,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
    }
    data.update(changes)
    return data


def test_staff_see_members_in_the_admin(admin_client, member):
    response = admin_client.get("/admin/accounts/user/")

    assert response.status_code == 200
    assert "anna" in response.text


def test_member_change_page_shows_counts_read_only(admin_client, member, topic):
    response = admin_client.get(f"/admin/accounts/user/{member.pk}/change/")

    assert response.status_code == 200
    assert 'name="display_name"' in response.text
    assert 'name="post_count"' not in response.text
    assert 'name="topic_count"' not in response.text
    assert 'name="avatar"' not in response.text


def test_editing_the_bio_in_the_admin_renders_it_again(admin_client, member):
    response = admin_client.post(
        f"/admin/accounts/user/{member.pk}/change/", change_data(member, bio="Jetzt **neu**")
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio_html == "<p>Jetzt <strong>neu</strong></p>\n"


def test_the_admin_refuses_a_javascript_website(admin_client, member):
    response = admin_client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        change_data(member, website="javascript:alert(1)"),
    )

    assert response.status_code == 200
    assert "Enter a web address that starts with http:// or https://." in response.text
    member.refresh_from_db()
    assert member.website == ""


def test_staff_can_add_a_member_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"username": "neu_im_team", "usable_password": "false"},
    )

    assert response.status_code == 302
    assert User.objects.filter(username="neu_im_team").exists()


def test_the_admin_refuses_a_name_taken_in_another_case(admin_client, member):
    response = admin_client.post(
        "/admin/accounts/user/add/", {"username": "ANNA", "usable_password": "false"}
    )

    assert response.status_code == 200
    assert User.objects.filter(username__iexact="anna").count() == 1


def test_staff_remove_avatars_with_the_admin_action(
    admin_client, member, django_capture_on_commit_callbacks
):
    actions.update_profile(
        member, display_name="", bio="", website="", avatar=process_image(image_upload())
    )
    without = make_user("ohne_bild")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/accounts/user/",
            {"action": "remove_avatars", "_selected_action": [member.pk, without.pk]},
        )

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.avatar
