"""Hostile input to the social buttons: a clear answer, nothing changed, never a 500."""

from urllib.parse import quote

from django.test import Client

from mundwerk.posts.tests.test_bad_input import naughty_strings, needs_corpora
from mundwerk.social.models import Share


@needs_corpora
def test_naughty_strings_in_paths_and_fields_never_break_a_button(member, other_member, topic):
    client = Client(raise_request_exception=False)
    client.force_login(other_member)
    post_id = topic.first_post_id
    for text in naughty_strings()[:300]:
        for path in ("/u/{}/follow/", "/u/{}/mute/", "/tags/{}/follow/", "/s/{}/mute/"):
            response = client.post(path.format(quote(text, safe="")), {"next": text})
            assert response.status_code in (302, 400, 403, 404), (path, text)
        response = client.post(f"/t/{topic.pk}/notifications/", {"level": text, "next": text})
        assert response.status_code == 302, text
        response = client.post(f"/p/{post_id}/share/", {"comment": text, "via": text})
        assert response.status_code in (200, 302), text
        Share.objects.all().delete()
    client.post(f"/p/{post_id}/share/", {"comment": '<img src=x onerror="alert(1)">'})
    assert Share.objects.get().comment == '<img src=x onerror="alert(1)">'  # kept as text
    page = client.get(f"/p/{post_id}/share/").text
    assert "<img src=x" not in page


def test_a_share_with_a_bad_via_is_refused_without_change(member, other_member, topic):
    client = Client()
    client.force_login(other_member)
    response = client.post(f"/p/{topic.first_post_id}/share/", {"comment": "", "via": "-5"})
    assert response.status_code == 200
    assert not Share.objects.exists()
