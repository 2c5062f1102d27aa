import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import image_upload


def profile_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "Anna Amsel",
        "bio": "Ich flicke **Fahrräder**.",
        "website": "https://anna.example",
    }
    data.update(changes)
    return data


@pytest.fixture
def logged_in(client, member, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(member)
    return client


@pytest.mark.django_db
def test_edit_profile_asks_a_visitor_to_log_in(client):
    response = client.get("/settings/profile/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/settings/profile/")


def test_edit_profile_shows_the_current_values_and_the_account_links(logged_in, member):
    member.display_name = "Anna Amsel"
    member.save(update_fields=["display_name"])

    response = logged_in.get("/settings/profile/")

    assert response.status_code == 200
    assert 'value="Anna Amsel"' in response.text
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{url}"' in response.text
    assert " style=" not in response.text


def test_edit_profile_saves_and_renders_the_bio(logged_in, member):
    response = logged_in.post("/settings/profile/", profile_data())

    assert response.status_code == 302
    assert response.url == "/u/anna/"
    member.refresh_from_db()
    assert member.display_name == "Anna Amsel"
    assert member.bio == "Ich flicke **Fahrräder**."
    assert member.bio_html == "<p>Ich flicke <strong>Fahrräder</strong>.</p>\n"
    assert member.website == "https://anna.example"
    assert "Your profile is saved." in logged_in.get(response.url).text


def test_a_script_in_the_bio_is_shown_as_text_and_never_runs(logged_in, member):
    logged_in.post(
        "/settings/profile/",
        profile_data(
            bio='<script>alert("hi")</script> [klick](javascript:alert(1))'
            " <img src=x onerror=alert(1)>"
        ),
    )

    member.refresh_from_db()
    html = logged_in.get("/u/anna/").text
    assert "<script>" not in member.bio_html
    assert 'href="javascript' not in member.bio_html
    assert "<img" not in member.bio_html
    assert "&lt;script&gt;" in html
    assert '<script>alert("hi")' not in html


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,hallo",
        "ftp://example.org/",
    ],
)
def test_edit_profile_refuses_a_website_that_is_not_http(logged_in, member, website):
    response = logged_in.post(
        "/settings/profile/", profile_data(display_name="Neuer Name", website=website)
    )

    assert response.status_code == 200
    assert "Enter a web address that starts with http:// or https://." in response.text
    assert 'value="Neuer Name"' in response.text
    member.refresh_from_db()
    assert member.website == ""
    assert member.display_name == ""


def test_edit_profile_adds_https_to_a_bare_domain(logged_in, member):
    logged_in.post("/settings/profile/", profile_data(website="anna.example"))

    member.refresh_from_db()
    assert member.website == "https://anna.example"


def test_edit_profile_refuses_a_text_file_named_like_a_picture(logged_in, member):
    fake = SimpleUploadedFile("avatar.png", b"just some text, honest", content_type="image/png")

    response = logged_in.post("/settings/profile/", profile_data(avatar=fake))

    assert response.status_code == 200
    assert "avatar.png is not a picture we can read." in response.text
    assert 'aria-invalid="true"' in response.text
    member.refresh_from_db()
    assert not member.avatar
    assert member.display_name == ""


def test_edit_profile_refuses_a_bio_over_five_thousand_characters(logged_in, member):
    response = logged_in.post("/settings/profile/", profile_data(bio="x" * 5001))

    assert response.status_code == 200
    assert "at most 5000 characters" in response.text
    member.refresh_from_db()
    assert member.bio == ""


def test_edit_profile_refuses_direction_overrides_in_the_display_name(logged_in, member):
    response = logged_in.post("/settings/profile/", profile_data(display_name="nna\u202eA"))

    assert response.status_code == 200
    assert "invisible control characters" in response.text
    member.refresh_from_db()
    assert member.display_name == ""


def test_an_uploaded_avatar_is_stored_small_and_shown_on_the_profile(logged_in, member):
    logged_in.post(
        "/settings/profile/", profile_data(avatar=image_upload("ich.png", size=(2000, 1200)))
    )

    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/")
    with default_storage.open(member.avatar.name) as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
        assert max(picture.size) <= 640
    html = logged_in.get("/u/anna/").text
    assert f'<img src="{member.avatar.url}" alt="" class="avatar avatar-large"' in html


def test_removing_the_avatar_deletes_its_file(
    logged_in, member, django_capture_on_commit_callbacks
):
    logged_in.post("/settings/profile/", profile_data(avatar=image_upload()))
    member.refresh_from_db()
    old_name = member.avatar.name
    assert 'name="remove_avatar"' in logged_in.get("/settings/profile/").text

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post("/settings/profile/", profile_data(remove_avatar="on"))

    member.refresh_from_db()
    assert not member.avatar
    assert not default_storage.exists(old_name)
    assert "avatar-placeholder" in logged_in.get("/u/anna/").text


def test_an_unconfirmed_member_cannot_edit_a_profile(client, unverified):
    client.force_login(unverified)

    response = client.post("/settings/profile/", profile_data())

    assert response.status_code == 403
    assert User.objects.get(pk=unverified.pk).display_name == ""
