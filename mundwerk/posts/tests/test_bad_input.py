"""Hostile and broken input: a clear message, nothing changed, never a 500."""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mundwerk.core.markdown import render_markdown
from mundwerk.core.tests.html_safety import live_markup
from mundwerk.posts.images import process_image
from mundwerk.posts.models import Post, Topic

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
BLNS = CORPORA / "blns" / "blns.txt"
needs_corpora = pytest.mark.skipif(not CORPORA.exists(), reason="../shared/corpora is not there")


def naughty_strings() -> list[str]:
    if not BLNS.exists():
        return []
    lines = BLNS.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def corpus_files(*parts: str) -> list[Path]:
    folder = CORPORA.joinpath(*parts)
    return (
        sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix != ".md")
        if folder.exists()
        else []
    )


@needs_corpora
def test_naughty_strings_as_titles_bodies_and_tag_searches_never_break_a_page(
    client, member, space
):
    client.force_login(member)
    new_topic = reverse("posts:new_topic", args=[space.slug])
    strings = naughty_strings()
    assert len(strings) > 500
    for number, text in enumerate(strings):
        response = client.post(new_topic, {"title": text, "body": text})
        assert response.status_code in (200, 302), (number, text)
        assert client.get(reverse("posts:tags"), {"q": text}).status_code == 200, text
    for topic in Topic.objects.select_related("first_post"):
        assert live_markup(topic.first_post.html) == [], topic.first_post.body
    pages = [space.get_absolute_url(), "/", reverse("posts:tags")]
    pages += [topic.get_absolute_url() for topic in Topic.objects.all()[:200]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.text
        assert "<script>" not in response.text


@needs_corpora
def test_naughty_strings_in_urls_are_404_not_500(client, db):
    for text in naughty_strings()[:300]:
        safe = (
            text.replace("/", "")
            .replace("\\", "")
            .replace("?", "")
            .replace("#", "")
            .replace("%", "")
        )
        if not safe.strip():
            continue
        assert client.get(f"/tags/{safe}/").status_code in (200, 301, 404), text
        assert client.get(f"/u/{safe}/").status_code in (200, 301, 404), text


def test_markdown_xss_and_pathological_input_renders_safely_and_quickly():
    source = CORPORA / "generated" / "markdown" / "markdown-xss-and-pathological.md"
    if not source.exists():
        pytest.skip("corpus missing")
    started = time.monotonic()
    html = render_markdown(source.read_text(encoding="utf-8")).html
    assert time.monotonic() - started < 10
    assert live_markup(html) == []


@pytest.mark.parametrize(
    "path",
    corpus_files("generated", "polyglots")
    + corpus_files("generated", "bombs")
    + corpus_files("pillow-images", "bombs")
    + corpus_files("pillow-images", "broken")
    + corpus_files("pillow-images", "fuzz-crashers")
    + corpus_files("pillow-images", "bad-exif"),
    ids=lambda path: path.name,
)
def test_hostile_uploads_are_refused_or_cleanly_reencoded(path):
    data = path.read_bytes()
    upload = SimpleUploadedFile(path.name, data, content_type="image/png")
    try:
        processed = process_image(upload)
    except Exception as error:
        from django.core.exceptions import ValidationError

        assert isinstance(error, ValidationError), repr(error)
        return
    full = processed.full.read()
    assert b"<script" not in full.lower() and b"<html" not in full.lower()
    assert b"PK\x03\x04" not in full


def test_a_picture_with_gps_exif_loses_its_metadata():
    from PIL import Image

    from mundwerk.core.tests.factories import image_upload

    exif = Image.Exif()
    exif[0x010F] = "Kamera AG"  # Make
    exif.get_ifd(0x8825)[2] = (52.0, 31.0, 0.0)  # GPSInfo: GPSLatitude
    exif.get_ifd(0x8825)[1] = "N"
    upload = image_upload("urlaub.jpg", fmt="JPEG", exif=exif.tobytes())
    original = Image.open(upload)
    assert original.getexif().get_ifd(0x8825)
    upload.seek(0)
    processed = process_image(upload)
    import io

    reencoded = Image.open(io.BytesIO(processed.full.read()))
    assert not reencoded.getexif()


def test_invalid_utf8_in_a_form_post_is_a_message_not_a_500(client, member, space):
    client.force_login(member)
    body = b"title=%FF%FE%FDabc&body=%C3%28%A0%A1"
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)


def test_nul_characters_are_refused_with_a_message(client, member, space):
    client.force_login(member)
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]), {"title": "Null\x00Byte", "body": "a\x00b"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert client.get(reverse("posts:tags"), {"q": "a\x00b"}).status_code == 200
    assert not Topic.objects.exists()


def test_a_form_post_over_the_memory_limit_gets_a_400_page(client, member, topic):
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": "x" * 3_000_000})
    assert response.status_code == 400
    assert "Nothing was changed" in response.text
    assert Post.objects.count() == 1


def test_a_request_body_over_the_limit_is_refused_before_reading(client, member, topic, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    client.force_login(member)
    response = client.post(topic.get_absolute_url(), {"body": "y" * 20_000})
    assert response.status_code == 413
    assert Post.objects.count() == 1


def test_too_many_pictures_are_refused(client, member, space):
    from mundwerk.core.tests.factories import image_upload

    client.force_login(member)
    uploads = [image_upload(f"b{number}.png", size=(20, 20)) for number in range(7)]
    response = client.post(
        reverse("posts:new_topic", args=[space.slug]),
        {"title": "Viele", "body": "x", "images": uploads},
    )
    assert "Attach at most 6 pictures." in response.text
    assert not Topic.objects.exists()


def test_unknown_methods_and_missing_csrf_are_refused_cleanly(member, topic):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    strict.force_login(member)
    refused = strict.post(topic.get_absolute_url(), {"body": "ohne Token"})
    assert refused.status_code == 403
    assert "Nothing was changed." in refused.text
    relaxed = Client(headers={"Accept-Language": "en"})
    relaxed.force_login(member)
    assert relaxed.put(topic.get_absolute_url()).status_code == 405
    assert Post.objects.count() == 1
