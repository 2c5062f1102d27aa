"""Site-wide promises: strict CSP, no inline code, no third-party requests, friendly errors."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from mundwerk.core.models import SiteSettings


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        for name in attributes:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if tag in {"script", "link", "img", "iframe", "source", "video", "audio"} and re.match(
                r"^(https?:)?//", value
            ):
                self.problems.append(f"third-party {name} on <{tag}>: {value}")


def page_problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.fixture
def pages(topic):
    return [
        "/",
        topic.space.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("posts:tags"),
        reverse("posts:history", args=[topic.first_post.pk]),
        reverse("core:imprint"),
        reverse("core:privacy"),
        reverse("account_login"),
        reverse("account_signup"),
        "/does-not-exist/",
    ]


def test_pages_carry_a_strict_content_security_policy(client, pages):
    for url in pages:
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "script-src 'self'" in policy


def test_pages_have_no_inline_code_and_no_third_party_requests(client, member, pages):
    for url in pages:
        assert page_problems(client.get(url).text) == [], url
    client.force_login(member)
    for url in pages:
        assert page_problems(client.get(url).text) == [], url


def test_the_browser_language_picks_german_or_english(topic):
    german = Client(headers={"Accept-Language": "de-DE,de;q=0.9"}).get("/")
    english = Client(headers={"Accept-Language": "en-GB,en;q=0.9"}).get("/")
    assert '<html lang="de">' in german.text
    assert '<html lang="en">' in english.text


def test_the_language_switcher_remembers_the_choice(topic):
    visitor = Client(headers={"Accept-Language": "en"})
    response = visitor.get(reverse("core:language"), {"language": "de", "next": "/s/x/"})
    assert response.status_code == 302
    assert response["Location"] == "/s/x/"
    assert '<html lang="de">' in visitor.get("/").text


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Page not found"), ("de", "Seite nicht gefunden")]
)
def test_not_found_page_is_friendly_in_both_languages(db, language, text):
    response = Client(headers={"Accept-Language": language}).get("/s/gibt-es-nicht/")
    assert response.status_code == 404
    assert text in response.text


def test_server_error_page_is_friendly(rf):
    from mundwerk.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_theme_css_carries_the_colours_staff_chose(client, space):
    settings_row = SiteSettings.load()
    settings_row.primary_colour = "#aa3300"
    settings_row.save()
    css = client.get(reverse("core:theme")).text
    assert "--mw-primary: #aa3300" in css
    assert f".space-{space.pk} {{ --space-colour: {space.colour}; }}" in css


def test_legal_pages_show_what_staff_wrote(client, db):
    settings_row = SiteSettings.load()
    settings_row.imprint = "**Radwerk GmbH**, Südstraße 1"
    settings_row.save()
    response = client.get(reverse("core:imprint"))
    assert "<strong>Radwerk GmbH</strong>" in response.text
    assert reverse("core:privacy") in response.text


def test_closed_registration_hides_sign_up(client, db):
    settings_row = SiteSettings.load()
    settings_row.registration_open = False
    settings_row.save()
    assert reverse("account_signup") not in client.get("/").text
    response = client.post(reverse("account_signup"), {"username": "neu", "email": "n@example.org"})
    assert response.status_code in (200, 302)
    from mundwerk.accounts.models import User

    assert not User.objects.filter(username="neu").exists()


def test_admin_pages_work_for_staff(client, staff, topic):
    client.force_login(staff)
    for url in [
        "/admin/",
        "/admin/spaces/space/",
        "/admin/posts/topic/",
        "/admin/posts/post/",
        f"/admin/posts/post/{topic.first_post.pk}/change/",
        "/admin/core/sitesettings/",
        "/admin/accounts/user/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_benchmark_reference_page_renders_twenty_posts_in_one_query(
    rf, topic, django_assert_num_queries
):
    from mundwerk.core.reference import reference_page
    from mundwerk.core.tests.factories import make_reply

    for number in range(25):
        make_reply(topic.author, topic, body=f"Antwort {number}")
    with django_assert_num_queries(1):
        response = reference_page(rf.get("/"), topic.pk)
    assert response.content.decode().count("<article") == 20


def test_page_window_links_first_last_and_neighbours():
    from mundwerk.core.pagination import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 5) == [1, 2, 3, 4, 5]
    assert page_window(1, 244) == [1, 2, 3, None, 244]
    assert page_window(120, 244) == [1, None, 118, 119, 120, 121, 122, None, 244]
    assert page_window(244, 244) == [1, None, 242, 243, 244]
    assert page_window(4, 10) == [1, 2, 3, 4, 5, 6, None, 10]
