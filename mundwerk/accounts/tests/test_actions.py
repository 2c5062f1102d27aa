import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from mundwerk.accounts import actions
from mundwerk.core.tests.factories import image_upload
from mundwerk.posts.images import process_image


def test_update_profile_renders_the_bio_to_html(member):
    actions.update_profile(member, display_name="Anna", bio="# Hallo\n\n*du*", website="")

    member.refresh_from_db()
    assert member.bio_html == "<h1>Hallo</h1>\n<p><em>du</em></p>\n"


def test_update_profile_clears_the_html_with_the_bio(member):
    actions.update_profile(member, display_name="", bio="**fett**", website="")
    actions.update_profile(member, display_name="", bio="", website="")

    member.refresh_from_db()
    assert member.bio_html == ""


def test_update_profile_refuses_a_javascript_website_and_changes_nothing(member):
    with pytest.raises(ValidationError):
        actions.update_profile(member, display_name="X", bio="", website="javascript:alert(1)")

    member.refresh_from_db()
    assert member.display_name == ""
    assert member.website == ""


def test_update_profile_refuses_an_unconfirmed_member(unverified):
    with pytest.raises(PermissionDenied):
        actions.update_profile(unverified, display_name="X", bio="", website="")


def test_a_new_avatar_replaces_the_old_file(member, django_capture_on_commit_callbacks):
    actions.update_profile(
        member, display_name="", bio="", website="", avatar=process_image(image_upload())
    )
    first = member.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        actions.update_profile(
            member, display_name="", bio="", website="", avatar=process_image(image_upload())
        )

    assert member.avatar.name != first
    assert default_storage.exists(member.avatar.name)
    assert not default_storage.exists(first)


def test_remove_avatar_clears_the_field_and_deletes_the_file(
    member, django_capture_on_commit_callbacks
):
    actions.update_profile(
        member, display_name="", bio="", website="", avatar=process_image(image_upload())
    )
    name = member.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_avatar(member)

    member.refresh_from_db()
    assert not member.avatar
    assert not default_storage.exists(name)


def test_mark_email_verified_keeps_the_first_time(unverified):
    actions.mark_email_verified(unverified)
    first = unverified.email_verified_at

    actions.mark_email_verified(unverified)

    unverified.refresh_from_db()
    assert first is not None
    assert unverified.email_verified_at == first
