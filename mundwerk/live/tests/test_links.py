"""How pages name the stream: the meta tag, framed or not, and the CSP that lets them reach it."""

import re

import pytest

from mundwerk.settings import events_origins

META = re.compile(r'<meta name="mundwerk-events" content="([^"]*)">')


def stream_url(response) -> str | None:
    found = META.search(response.content.decode())
    return found.group(1) if found else None


@pytest.mark.django_db
def test_logged_out_pages_carry_no_stream(client, topic):
    assert stream_url(client.get(topic.get_absolute_url())) is None


def test_a_members_page_names_the_stream_on_its_own_host_at_the_next_port(client, member, topic):
    client.force_login(member)

    assert stream_url(client.get(topic.get_absolute_url())) == "http://testserver:81/"
    assert stream_url(client.get("/", HTTP_HOST="localhost:8000")) == "http://localhost:8001/"


def test_a_framed_page_fills_in_the_host_of_each_request(client, member, topic, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    client.force_login(member)
    url = topic.get_absolute_url()

    first = stream_url(client.get(url, HTTP_HOST="127.0.0.1:8000"))
    second = stream_url(client.get(url, HTTP_HOST="localhost:8000"))

    assert (first, second) == ("http://127.0.0.1:8001/", "http://localhost:8001/")


def test_the_events_port_serve_started_and_a_configured_url_win(client, member, settings):
    client.force_login(member)
    settings.EVENTS_PORT = 9100
    assert stream_url(client.get("/")) == "http://testserver:9100/"
    settings.EVENTS_URL = "/live/"
    assert stream_url(client.get("/")) == "/live/"
    settings.EVENTS_ENABLED = False
    # A frame cached while the stream was on keeps the tag, empty: the script skips it.
    assert not stream_url(client.get("/"))


def test_the_topic_page_tells_the_script_its_topic_and_last_post(client, member, topic):
    client.force_login(member)

    html = client.get(topic.get_absolute_url()).content.decode()

    assert f'data-live-topic="{topic.pk}" data-live-after="1"' in html
    assert 'data-many="{n} new replies – show"' in html  # noqa: RUF001 - the text's own dash


def test_the_csp_allows_the_stream_on_this_sites_hosts_only():
    assert events_origins(
        "", "https://forum.example", ["forum.example", ".example", "[::1]"], 444
    ) == ["forum.example:444"]
    assert events_origins("/live/", "https://forum.example", ["forum.example"], 444) == []
    assert events_origins("https://live.example/s/", "https://forum.example", [], 444) == [
        "https://live.example"
    ]
