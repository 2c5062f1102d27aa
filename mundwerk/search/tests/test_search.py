"""Search from end to end on the database in use: relevance, language, filters, rights, upkeep."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mundwerk.core.changes import content_changed
from mundwerk.core.tests.factories import image_upload, make_space, make_user
from mundwerk.posts import actions as posts
from mundwerk.posts.images import process_image
from mundwerk.posts.models import Post, Topic
from mundwerk.posts.tests.test_bad_input import naughty_strings, needs_corpora
from mundwerk.search.queries import search, suggest
from mundwerk.social import actions as social
from mundwerk.spaces.models import Membership, Space

SET = {
    "kinderhelm": ("Fahrradhelm für Kinder", "Welcher Helm passt meinem Sohn? Er ist sechs."),
    "fundsache": ("Fundsache im Laden", "Im Laden lag gestern ein Fahrrad-Helm, blau."),
    "sattel": (
        "Bewertungen der neuen Sättel",
        "Ich habe drei Bewertungen gelesen und bin unsicher.",
    ),
    "chain": ("Chain maintenance", "How often should I clean my chain? The reviews say weekly."),
    "tubeless": ("Tubeless tyres", "My tubeless setup keeps losing air after two days."),
    "strasse": ("Rennrad oder Gravel?", "Ich fahre fast nur auf der Strasse, selten im Wald."),
    "winter": ("Winterpause", "Wo lagert ihr eure Fahrräder im Winter?"),
    "sattelbody": ("Neue Lenker", "Der Lenker passt gut, nur der Sattel drückt."),
}


@pytest.fixture
def forum(db, member, indexed):
    space = make_space("Werkstatt")
    topics = {
        key: indexed(
            lambda title=title, body=body: posts.create_topic(
                author=member, space=space, title=title, body=body
            )
        )
        for key, (title, body) in SET.items()
    }
    return space, topics


def _found(viewer, text: str, **options) -> list[str]:
    return [str(hit.url) for hit in search(viewer, text, **options).hits]


def _keys(viewer, text: str, topics: dict[str, Topic], **options) -> list[str]:
    urls = {topic.get_absolute_url(): key for key, topic in topics.items()}
    return [urls.get(url, url) for url in _found(viewer, text, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Helm", {"kinderhelm", "fundsache"}),
        ("Fahrradhelme", {"kinderhelm", "fundsache"}),
        ("Bewertung", {"sattel"}),
        ("review", {"chain"}),
        ("Fahrraeder", {"winter", "kinderhelm", "fundsache"}),
        ("Fahrräder", {"winter", "kinderhelm", "fundsache"}),
        ("Straße", {"strasse"}),
        ('"clean my chain"', {"chain"}),
        ("tubel*", {"tubeless"}),
        ("tyres*", {"tubeless"}),
        ("FAHRRADHELM", {"kinderhelm", "fundsache"}),
    ],
)
def test_words_are_found_in_their_other_forms(forum, outsider_reader, text, expected):
    _space, topics = forum
    assert set(_keys(outsider_reader, text, topics)) == expected


@pytest.fixture
def outsider_reader(db):
    return make_user("leserin")


def test_a_match_in_the_title_ranks_above_one_in_the_text(forum, outsider_reader):
    _space, topics = forum
    assert _keys(outsider_reader, "Sattel", topics)[:2] == ["sattel", "sattelbody"]


def test_a_phrase_needs_its_words_in_order(forum, outsider_reader):
    _space, topics = forum
    assert _keys(outsider_reader, '"chain my clean"', topics) == []


def test_an_excluded_word_removes_its_topics(forum, outsider_reader):
    _space, topics = forum
    assert set(_keys(outsider_reader, "Laden -Helm", topics)) == set()
    assert set(_keys(outsider_reader, "Helm -blau", topics)) == {"kinderhelm"}


def test_only_exclusions_give_a_message_and_nothing_else(forum, outsider_reader):
    page = search(outsider_reader, "-helm")
    assert page.hits == []
    assert page.problems


def test_newest_first_sorts_by_time(forum, outsider_reader, indexed, member):
    space, _topics = forum
    later = indexed(
        lambda: posts.create_topic(author=member, space=space, title="Helm", body="Noch ein Helm")
    )
    found = _found(outsider_reader, "Helm", sort="newest")
    assert found[0] == later.get_absolute_url()


def test_replies_are_found_and_link_to_themselves(forum, outsider_reader, indexed, member):
    _space, topics = forum
    reply = indexed(
        lambda: posts.create_reply(author=member, topic=topics["chain"], body="Kettenöl hilft")
    )
    assert _found(outsider_reader, "Kettenöl") == [reply.get_absolute_url()]
    assert _found(outsider_reader, "Kettenöl", kind="topic") == []


def test_filters_narrow_by_space_author_tag_date_and_picture(db, indexed, member, other_member):
    garage = make_space("Garage")
    shop = make_space("Laden")
    old = indexed(
        lambda: posts.create_topic(
            author=member, space=garage, title="Pumpe", body="Pumpe #werkzeug"
        )
    )
    Post.objects.filter(topic=old).update(created_at=timezone.now() - timedelta(days=400))
    indexed(lambda: content_changed("post", old.first_post_id))
    indexed(lambda: posts.create_topic(author=other_member, space=shop, title="Pumpe", body="neu"))
    photo = process_image(image_upload())
    picture = indexed(
        lambda: posts.create_topic(
            author=member, space=shop, title="Pumpe mit Bild", body="Siehe Foto", images=[photo]
        )
    )
    reader = make_user("leser")
    assert len(_found(reader, "Pumpe")) == 3
    assert len(_found(reader, f"Pumpe in:{garage.slug}")) == 1
    assert len(_found(reader, f"Pumpe by:{other_member.username.upper()}")) == 1
    assert _found(reader, "Pumpe tag:werkzeug") == [old.get_absolute_url()]
    recent = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert len(_found(reader, f"Pumpe after:{recent}")) == 2
    assert _found(reader, f"Pumpe before:{recent}") == [old.get_absolute_url()]
    assert _found(reader, "Pumpe has:image") == [picture.get_absolute_url()]


def test_a_filter_alone_lists_newest_first(db, indexed, member, other_member):
    space = make_space("Garage")
    first = indexed(lambda: posts.create_topic(author=member, space=space, title="A", body="eins"))
    second = indexed(lambda: posts.create_topic(author=member, space=space, title="B", body="zwei"))
    indexed(lambda: posts.create_topic(author=other_member, space=space, title="C", body="drei"))
    found = _found(make_user("leser"), f"by:{member.username}")
    assert found == [second.get_absolute_url(), first.get_absolute_url()]


def test_unknown_names_in_filters_say_so(forum, outsider_reader):
    page = search(outsider_reader, "Helm in:nirgends by:niemand tag:nix")
    assert page.hits == []
    assert len(page.problems) == 3


def test_members_spaces_and_tags_are_found(db, indexed, member):
    space = make_space("Schrauberecke", description="Für alle, die gern schrauben.")
    indexed(lambda: posts.create_topic(author=member, space=space, title="Hallo", body="#werkzeug"))
    indexed(lambda: content_changed("member", member.pk))
    indexed(lambda: content_changed("space", space.pk))
    reader = make_user("leser")
    assert _found(reader, "schrauben", kind="space") == [space.get_absolute_url()]
    assert _found(reader, member.username, kind="member") == [member.get_absolute_url()]
    assert _found(reader, "werkzeug", kind="tag") == ["/tags/werkzeug/"]


def test_a_closed_group_s_topics_are_found_by_members_only(db, indexed, member):
    for visibility in (Space.Visibility.PRIVATE, Space.Visibility.SECRET):
        group = make_space(f"Runde {visibility}", kind=Space.Kind.GROUP, visibility=visibility)
        Membership.objects.create(space=group, member=member, role=Membership.Role.OWNER)
        indexed(
            lambda group=group: posts.create_topic(
                author=member, space=group, title="Geheimtreffen", body="Nur für uns"
            )
        )
    assert _found(make_user("fremd"), "Geheimtreffen") == []
    assert _found(make_user("staff", is_staff=True), "Geheimtreffen") != []
    assert len(_found(member, "Geheimtreffen")) == 2


def test_a_secret_group_is_not_found_by_name_but_a_private_one_is(db, indexed, member):
    private = make_space("Radlerinnen privat", kind=Space.Kind.GROUP, visibility="private")
    secret = make_space("Radlerinnen geheim", kind=Space.Kind.GROUP, visibility="secret")
    for group in (private, secret):
        indexed(lambda group=group: content_changed("space", group.pk))
    assert _found(make_user("fremd"), "Radlerinnen", kind="space") == [private.get_absolute_url()]


def test_a_topic_moved_into_a_closed_group_leaves_outsiders_results(forum, indexed, member):
    from mundwerk.posts.actions import move_topic

    _space, topics = forum
    group = make_space("Intern", kind=Space.Kind.GROUP, visibility="private")
    reader = make_user("fremd")
    indexed(lambda: move_topic(topics["chain"], group))
    assert _keys(reader, "chain", topics) == []


def test_hidden_held_and_deleted_posts_are_not_found(forum, indexed, member, outsider_reader):
    _space, topics = forum
    indexed(lambda: posts.set_post_hidden(topics["chain"].first_post, "Spam"))
    indexed(lambda: posts.delete_post(actor=member, post=topics["tubeless"].first_post))
    indexed(lambda: posts.set_topic_hidden(topics["winter"], "Doppelt"))
    assert _keys(outsider_reader, "chain", topics) == []
    assert _keys(outsider_reader, "tubeless", topics) == []
    assert _keys(outsider_reader, "Winter", topics) == []
    indexed(lambda: posts.set_post_hidden(topics["chain"].first_post, None))
    assert _keys(outsider_reader, "chain", topics) == ["chain"]


def test_an_edit_replaces_the_old_words(forum, indexed, member, outsider_reader):
    _space, topics = forum
    post = topics["tubeless"].first_post
    indexed(lambda: posts.edit_post(editor=member, post=post, body="Schlauchreifen", title="Neu"))
    assert _keys(outsider_reader, "tubeless", topics) == []
    assert _keys(outsider_reader, "Schlauchreifen", topics) == ["tubeless"]
    assert _keys(outsider_reader, "Reifen", topics) == ["tubeless"]


def test_a_blocked_member_s_posts_are_left_out(forum, indexed, member, outsider_reader):
    social.block_member(blocker=outsider_reader, member=member)
    assert _found(outsider_reader, "Helm") == []


def test_a_document_behind_its_post_never_shows(forum, outsider_reader):
    _space, topics = forum
    # Hidden without the index hearing of it: the page still leaves it out.
    Post.objects.filter(pk=topics["chain"].first_post_id).update(hidden_at=timezone.now())
    assert _keys(outsider_reader, "chain", topics) == []


def test_pages_follow_each_other_without_repeats(db, indexed, member):
    space = make_space("Viel")
    for number in range(25):
        indexed(
            lambda number=number: posts.create_topic(
                author=member, space=space, title=f"Ventil {number}", body="Ventil"
            )
        )
    reader = make_user("leser")
    first = search(reader, "Ventil", per_page=20)
    second = search(reader, "Ventil", page=2, per_page=20)
    assert first.has_next and not second.has_next
    urls = [hit.url for hit in first.hits + second.hits]
    assert len(urls) == len(set(urls)) == 25


def test_suggestions_complete_the_last_word(forum, outsider_reader, member):
    _space, topics = forum
    found = suggest(outsider_reader, "Tubel")
    assert found.topics == [topics["tubeless"]]
    assert suggest(outsider_reader, member.username[:3]).members == [member]
    assert suggest(outsider_reader, "T") == suggest(outsider_reader, "")


@needs_corpora
def test_no_naughty_string_breaks_search(forum, outsider_reader):
    for line in [*naughty_strings(), "a" * 10_000, '"unbalanced', "-", "*", "by:", "in:"]:
        page = search(outsider_reader, line)
        suggest(outsider_reader, line)
        assert isinstance(page.hits, list)


def test_hidden_profiles_and_groups_keep_their_words_out_of_search(db, indexed, member, staff):
    from mundwerk.accounts.actions import update_profile
    from mundwerk.moderation.actions import hide_item, unhide_item

    group = make_space("Radlerstammtisch", kind=Space.Kind.GROUP, visibility="public")
    Membership.objects.create(space=group, member=member, role=Membership.Role.OWNER)
    indexed(
        lambda: update_profile(member, bio="Ich sammle Oldtimerräder.", display_name="", website="")
    )
    indexed(lambda: content_changed("space", group.pk))
    reader = make_user("leserin")
    assert _found(reader, "Oldtimerräder", kind="member") == [member.get_absolute_url()]
    assert _found(reader, "Radlerstammtisch", kind="space") == [group.get_absolute_url()]
    indexed(lambda: hide_item(moderator=staff, item=member, reason="Werbung"))
    indexed(lambda: hide_item(moderator=staff, item=group, reason="Werbung"))
    assert _found(reader, "Oldtimerräder", kind="member") == []
    assert _found(reader, member.username, kind="member") == [member.get_absolute_url()]
    assert _found(reader, "Radlerstammtisch", kind="space") == []
    indexed(lambda: unhide_item(moderator=staff, item=group, reason="Geprüft"))
    assert _found(reader, "Radlerstammtisch", kind="space") == [group.get_absolute_url()]


def test_suggestions_offer_topics_by_their_title_only(forum, outsider_reader):
    _space, topics = forum
    assert suggest(outsider_reader, "Laden").topics == [topics["fundsache"]]
    # "Sohn" is only in the text of the children's helmet topic.
    assert search(outsider_reader, "Sohn").hits
    assert suggest(outsider_reader, "Sohn").topics == []


def test_a_banned_member_is_not_found_until_the_ban_is_lifted(db, indexed, member, staff):
    from mundwerk.moderation.actions import ban_member, lift_restrictions

    reader = make_user("leserin")
    indexed(lambda: content_changed("member", member.pk))
    assert _found(reader, member.username, kind="member")
    indexed(lambda: ban_member(moderator=staff, member=member, reason="Spam"))
    assert _found(reader, member.username, kind="member") == []
    indexed(lambda: lift_restrictions(moderator=staff, member=member))
    assert _found(reader, member.username, kind="member") == [member.get_absolute_url()]


def test_a_filter_finds_matches_older_than_the_ranking_window(db, indexed, member, monkeypatch):
    from mundwerk.search import backends

    monkeypatch.setattr(backends, "RANKING_WINDOW", 2)
    space = make_space("Werkstatt")
    old = indexed(lambda: posts.create_topic(author=member, space=space, title="Speiche", body="a"))
    writer = make_user("vielschreiber")
    for number in range(4):
        indexed(
            lambda number=number: posts.create_topic(
                author=writer, space=space, title=f"Speiche {number}", body="b"
            )
        )
    reader = make_user("leser")
    # Ranked are the newest matches that pass the filters, not the newest of all.
    filtered = search(reader, f"Speiche by:{member.username}", per_page=1)
    assert [hit.url for hit in filtered.hits] == [old.get_absolute_url()]


def test_very_common_words_are_left_out_when_there_are_others(forum, outsider_reader):
    _space, topics = forum
    assert _keys(outsider_reader, "der Sattel", topics)[:2] == ["sattel", "sattelbody"]
    page = search(outsider_reader, "der die das")  # nothing but common words
    assert page.problems and all(hit.kind == "post" for hit in page.hits)
    assert _keys(outsider_reader, '"im Laden"', topics) == ["fundsache"]  # phrases keep them


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL reads in id ranges")
def test_reading_in_id_ranges_ranks_the_same_window(db, indexed, member, monkeypatch):
    from mundwerk.search import backends

    monkeypatch.setattr(backends, "RANKING_WINDOW", 4)
    space = make_space("Werkstatt")
    for number in range(14):
        # Matches thin out towards the older topics, as a word going out of use does.
        title, body = (f"Speiche {number}", "a") if number % 3 else ("Nabe", f"Speiche {number}")
        if number < 8 and number not in (0, 4):
            title, body = "Nabe", "Felge"
        indexed(
            lambda title=title, body=body: posts.create_topic(
                author=member, space=space, title=title, body=body
            )
        )
    reader = make_user("leser")
    searches = [
        {"text": "Speiche", "page": page, "per_page": 2, "sort": sort}
        for page in (1, 2, 3, 4)
        for sort in ("relevance", "newest")
    ]
    monkeypatch.setattr(backends, "PROBE_ROWS", 10**9)
    whole = [_found(reader, **options) for options in searches]
    # Probes of several sizes, ranges walked row by row and read from the index.
    for probe_rows, walk_density in [(1, 0.01), (3, 0.01), (5, 0.01), (3, 2), (5, 2)]:
        monkeypatch.setattr(backends, "PROBE_ROWS", probe_rows)
        monkeypatch.setattr(backends, "WALK_DENSITY", walk_density)
        found = [_found(reader, **options) for options in searches]
        assert found == whole, (probe_rows, walk_density)
    assert sum(map(len, whole)) > 8  # pages past the window were asked for too
