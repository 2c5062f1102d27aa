"""The benchmark data generator: its data must pass what the actions guarantee.

The small preset is generated once for the module (a few seconds) and
checked as a whole with aggregate queries, plus a real rendering of sampled
posts. The determinism and refusal tests regenerate inside their test's
transaction, which is rolled back.
"""

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Count, F, Max, Min, Sum

from bench.data_db import wipe_content
from bench.data_follows import HEAVY_MEMBERS, HEAVY_SPACES, HEAVY_TAGS
from bench.data_load import DatabaseNotEmpty, generate
from bench.data_members import ADMIN_USERNAME, PASSWORD, is_valid_username
from bench.data_plan import PRESETS, make_plan, topic_lengths
from bench.data_text import TextPool, assemble, tag_spelling
from mundwerk.accounts.models import User
from mundwerk.core.markdown import render_markdown
from mundwerk.core.tests.html_safety import live_markup
from mundwerk.posts import actions
from mundwerk.posts.actions import render_post_body, topic_slug
from mundwerk.posts.models import Like, Post, Revision, Tag, Topic
from mundwerk.social.models import MemberFollow, SpaceFollow, TagFollow
from mundwerk.spaces.models import Space

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SEED = 7
PRESET = "small"


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """The first rows of the main tables, for comparing two runs."""
    return {
        "users": list(
            User.objects.order_by("pk").values_list("pk", "username", "date_joined", "password")[
                :50
            ]
        ),
        "topics": list(
            Topic.objects.order_by("pk").values_list("pk", "title", "space_id", "author_id")[:50]
        ),
        "posts": list(
            Post.objects.order_by("pk").values_list(
                "pk", "topic_id", "number", "author_id", "body", "html", "created_at"
            )[:200]
        ),
        "likes": list(Like.objects.order_by("pk").values_list("pk", "post_id", "user_id")[:200]),
        "tags": list(Tag.objects.order_by("pk").values_list("pk", "name", "topic_count")),
        "follows": list(
            MemberFollow.objects.order_by("pk").values_list(
                "pk", "follower_id", "followed_id", "created_at"
            )[:200]
        ),
        "tag follows": list(TagFollow.objects.order_by("pk").values_list("member_id", "tag_id")),
    }


@pytest.fixture(scope="module")
def community(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = generate(PRESET, seed=SEED, now=NOW)
        first_rows = snapshot()
        yield summary, first_rows
        wipe_content(connection)


@pytest.fixture
def summary(community, db):
    return community[0]


def test_the_preset_has_the_promised_size(summary):
    preset = PRESETS[PRESET]
    assert summary.counts["members"] == preset.members + 1  # and the staff account
    assert summary.counts["posts"] == Post.objects.count() == preset.posts
    assert Topic.objects.count() == preset.topics
    assert Space.objects.count() == preset.spaces
    assert summary.checked_posts > 0


def test_topics_number_their_posts_from_one_and_count_them(summary):
    wrong = Topic.objects.annotate(
        posts_n=Count("posts"), lowest=Min("posts__number"), highest=Max("posts__number")
    ).values_list("post_count", "posts_n", "lowest", "highest")
    for post_count, counted, lowest, highest in wrong:
        assert (post_count, lowest, highest) == (counted, 1, counted)


def test_topics_know_their_first_and_last_post(summary):
    posts = {
        (topic_id, number): (pk, author_id, created_at)
        for pk, topic_id, number, author_id, created_at in Post.objects.values_list(
            "pk", "topic_id", "number", "author_id", "created_at"
        )
    }
    for topic in Topic.objects.all():
        first_pk, first_author, first_at = posts[(topic.pk, 1)]
        _last_pk, last_author, last_at = posts[(topic.pk, topic.post_count)]
        assert topic.first_post_id == first_pk
        assert (topic.author_id, topic.created_at) == (first_author, first_at)
        assert (topic.last_poster_id, topic.last_post_at) == (last_author, last_at)
        assert topic.slug == topic_slug(topic.title)


def test_like_counters_match_the_likes(summary):
    per_post = dict(Like.objects.values("post").annotate(n=Count("pk")).values_list("post", "n"))
    for pk, like_count in Post.objects.values_list("pk", "like_count"):
        assert like_count == per_post.get(pk, 0)
    per_topic = dict(Topic.objects.annotate(n=Sum("posts__like_count")).values_list("pk", "n"))
    for pk, like_count in Topic.objects.values_list("pk", "like_count"):
        assert like_count == per_topic[pk]


def test_space_and_member_counters_match_the_rows(summary):
    for space in Space.objects.annotate(
        topics_n=Count("topics"),
        posts_n=Sum("topics__post_count"),
        last=Max("topics__last_post_at"),
    ):
        assert (space.topic_count, space.post_count) == (space.topics_n, space.posts_n or 0)
        assert space.last_post_at == space.last
    posts = Counter(Post.objects.values_list("author_id", flat=True))
    topics = Counter(Topic.objects.values_list("author_id", flat=True))
    for pk, topic_count, post_count in User.objects.values_list("pk", "topic_count", "post_count"):
        assert (topic_count, post_count) == (topics[pk], posts[pk])


def test_tags_count_the_topics_their_first_post_carries(summary):
    post_tags = defaultdict(set)
    for post_id, tag_id in Post.tags.through.objects.values_list("post_id", "tag_id"):
        post_tags[post_id].add(tag_id)
    topic_tags = defaultdict(set)
    for topic_id, tag_id in Topic.tags.through.objects.values_list("topic_id", "tag_id"):
        topic_tags[topic_id].add(tag_id)
    for topic_id, first_post_id in Topic.objects.values_list("pk", "first_post_id"):
        assert topic_tags[topic_id] == post_tags[first_post_id]
    counts = Counter(tag for tags in topic_tags.values() for tag in tags)
    for pk, topic_count in Tag.objects.values_list("pk", "topic_count"):
        assert topic_count == counts[pk]
    assert Tag.objects.filter(topic_count__gt=0).count() > 20


def test_follows_are_power_law_with_heavy_followers_and_counted(summary):
    following = Counter(MemberFollow.objects.values_list("follower_id", flat=True))
    followers = Counter(MemberFollow.objects.values_list("followed_id", flat=True))
    for pk, follower_count, following_count in User.objects.values_list(
        "pk", "follower_count", "following_count"
    ):
        assert (follower_count, following_count) == (followers[pk], following[pk])
    assert not MemberFollow.objects.filter(follower_id=F("followed_id")).exists()
    heavy = [pk for pk, count in following.items() if count == HEAVY_MEMBERS]
    assert len(heavy) >= 3
    spaces = Counter(SpaceFollow.objects.values_list("member_id", flat=True))
    tags = Counter(TagFollow.objects.values_list("member_id", flat=True))
    preset = PRESETS[PRESET]
    assert all(spaces[pk] == min(HEAVY_SPACES, preset.spaces) for pk in heavy)
    assert all(tags[pk] == HEAVY_TAGS for pk in heavy)
    ordered = sorted(followers.values(), reverse=True)
    assert ordered[0] > 20 * ordered[len(ordered) // 2]  # a few are followed by many
    assert sum(1 for count in following.values() if count <= 5) > len(following) // 2
    joined = dict(User.objects.values_list("pk", "date_joined"))
    for follower, followed, at in MemberFollow.objects.values_list(
        "follower_id", "followed_id", "created_at"
    )[:3000]:
        assert max(joined[follower], joined[followed]) <= at <= NOW


def test_sampled_posts_are_exactly_what_render_post_body_makes(summary):
    quoted = list(Post.objects.filter(quote_of__isnull=False).order_by("pk")[:50])
    sample = list(Post.objects.order_by("pk")[::13]) + quoted
    assert quoted and len(sample) > 1000
    for post in sample:
        rendered = render_post_body(post.body)
        assert post.html == rendered.html, post.body
        assert {user.username for user in post.mentions.all()} == set(rendered.mentions)
        assert {tag.name for tag in post.tags.all()} == set(rendered.tags)


def test_generated_html_has_no_live_markup(summary):
    for html in Post.objects.values_list("html", flat=True).iterator():
        assert live_markup(html) == []
    assert Post.objects.filter(html__contains='class="mention"').count() > 100
    assert Post.objects.filter(html__contains='class="hashtag"').count() > 100
    assert Post.objects.filter(html__contains="<ul>").exists()
    assert Post.objects.filter(html__contains="<blockquote>").exists()
    assert Post.objects.filter(html__contains='href="https://example.org/').exists()


def test_every_post_has_its_revisions(summary):
    revisions = defaultdict(list)
    for post_id, number, title, body, editor_id, created_at in Revision.objects.order_by(
        "post_id", "number"
    ).values_list("post_id", "number", "title", "body", "editor_id", "created_at"):
        revisions[post_id].append((number, title, body, editor_id, created_at))
    staff = User.objects.get(username=ADMIN_USERNAME)
    titles = dict(Topic.objects.values_list("pk", "title"))
    edited = 0
    for post in Post.objects.all().iterator():
        history = revisions[post.pk]
        assert [number for number, *_rest in history] == list(range(1, post.revision_count + 1))
        assert (history[0][3], history[0][4]) == (post.author_id, post.created_at)
        assert history[-1][2] == post.body
        assert all(editor in {post.author_id, staff.pk} for *_rest, editor, _at in history)
        if post.number == 1:
            assert history[-1][1] == titles[post.topic_id]
        else:
            assert all(title == "" for _n, title, *_rest in history)
        if post.revision_count > 1:
            edited += 1
            assert post.edited_at is not None and post.edited_at == history[-1][4]
            assert post.edited_at >= post.created_at
        else:
            assert post.edited_at is None
    assert 0.01 < edited / Post.objects.count() < 0.1


def test_likes_are_never_by_the_author_and_come_after_the_post(summary):
    assert not Like.objects.filter(user_id=F("post__author_id")).exists()
    for like_at, post_at in Like.objects.values_list("created_at", "post__created_at")[:5000]:
        assert post_at < like_at <= NOW
    most = Post.objects.order_by("-like_count").values_list("like_count", flat=True).first()
    assert most is not None
    zero = Post.objects.filter(like_count=0).count() / Post.objects.count()
    assert most >= 50 and zero > 0.5


def test_members_are_mentioned_only_after_they_joined(summary):
    mentions = list(
        Post.mentions.through.objects.values_list(
            "post_id", "post__created_at", "post__author_id", "user_id", "user__date_joined"
        )
    )
    quoted = set(Post.objects.filter(quote_of__isnull=False).values_list("pk", flat=True))
    assert len(mentions) > 1000
    for post_id, written, author_id, user_id, joined in mentions:
        assert joined < written
        # Only a quote can name its own author (who was named in the quoted post).
        assert author_id != user_id or post_id in quoted


def test_times_run_forward_in_every_topic_and_with_the_ids(summary):
    previous: dict[int, datetime] = {}
    last_at = None
    for topic_id, created_at in Post.objects.order_by("pk").values_list("topic_id", "created_at"):
        assert created_at < NOW
        assert last_at is None or created_at >= last_at
        assert topic_id not in previous or created_at > previous[topic_id]
        previous[topic_id] = last_at = created_at
    first_post = dict(
        Post.objects.values("author").annotate(at=Min("created_at")).values_list("author", "at")
    )
    for pk, joined, verified in User.objects.values_list("pk", "date_joined", "email_verified_at"):
        assert verified is not None and joined <= verified <= NOW
        assert pk not in first_post or joined < first_post[pk]


def test_topic_lengths_and_authors_are_skewed(summary):
    lengths = sorted(Topic.objects.values_list("post_count", flat=True))
    assert sum(1 for n in lengths if n <= 10) / len(lengths) > 0.5
    assert lengths[-1] > 20 * lengths[len(lengths) // 2]
    posts = sorted(User.objects.values_list("post_count", flat=True), reverse=True)
    assert posts[0] > 50 * (sum(posts) / len(posts)) / 10
    assert posts.count(0) > len(posts) // 5  # readers who never write


def test_members_can_log_in_with_the_shared_password(summary, client, settings):
    # The module's data was hashed with the project's hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    users = list(User.objects.order_by("pk"))
    assert users[0].username == ADMIN_USERNAME and users[0].is_staff
    assert len({user.password for user in users}) == 1
    assert all(is_valid_username(user.username) for user in users[1:])  # sign-up's rules
    addresses = EmailAddress.objects.filter(verified=True, primary=True)
    assert addresses.count() == len(users)
    assert not User.objects.filter(email_verified_at__isnull=True).exists()
    member = random.Random(1).choice(users[1:])
    assert client.login(username=member.username, password=PASSWORD)


def test_pages_render_on_generated_data(summary, client):
    topic = Topic.objects.filter(post_count__gt=25).order_by("pk").first()
    space = Space.objects.order_by("-topic_count").first()
    member = User.objects.order_by("-post_count").first()
    tag = Tag.objects.order_by("-topic_count").first()
    assert topic and topic.first_post and space and member and tag
    urls = [
        "/",
        topic.get_absolute_url(),
        topic.get_absolute_url() + "?page=2",
        space.get_absolute_url(),
        member.get_absolute_url(),
        tag.get_absolute_url(),
        topic.first_post.get_absolute_url(),
        topic.first_post.get_absolute_url() + "history/",
    ]
    for url in urls:
        assert client.get(url, follow=True).status_code == 200, url
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get(space.get_absolute_url()).status_code == 200


def test_the_actions_carry_on_where_the_generator_stopped(summary):
    """New rows get fresh ids (PostgreSQL's sequences were moved past ours)."""
    topic = Topic.objects.order_by("-last_post_at").first()
    assert topic and topic.first_post
    reader = User.objects.exclude(pk=topic.author_id).exclude(pk=topic.last_poster_id).last()
    assert reader
    reply = actions.create_reply(author=reader, topic=topic, body="Danke @benchadmin! #neu")
    assert reply.pk == PRESETS[PRESET].posts + 1 and reply.number == topic.post_count
    assert actions.like_post(user=reader, post=topic.first_post)
    started = actions.create_topic(author=reader, space=topic.space, title="Neu", body="Hallo")
    assert started.pk == PRESETS[PRESET].topics + 1
    assert Tag.objects.get(name="neu").pk == Tag.objects.count()


def test_the_same_seed_gives_the_same_rows(community, db, settings):
    _summary, first_rows = community
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    generate(PRESET, seed=SEED, now=NOW, force=True)
    assert snapshot() == first_rows


def test_a_database_with_content_is_refused_without_force(summary):
    with pytest.raises(DatabaseNotEmpty):
        generate("tiny", seed=SEED, now=NOW)
    assert Post.objects.count() == PRESETS[PRESET].posts


def test_another_seed_gives_other_data():
    preset = PRESETS["tiny"]
    now = int(NOW.timestamp()) * 1_000_000
    one, other = make_plan(preset, 1, now), make_plan(preset, 2, now)
    assert one.post_author != other.post_author
    assert make_plan(preset, 1, now).post_time == one.post_time


def test_topic_lengths_add_up_exactly_within_bounds():
    lengths = topic_lengths(random.Random(3), 1000, 20_000, 2_000)
    assert sum(lengths) == 20_000
    assert min(lengths) >= 1 and max(lengths) <= 2_000


def test_joined_blocks_render_like_the_whole_body():
    """The premise of the generator, on many random bodies, without a database."""
    text = TextPool(11, 300, 60)
    rng = random.Random(5)
    names = ["anna", "Bernd_K", "mia.schmidt", "rusty-chain", "Zoe2"]
    for _ in range(3000):
        pool = text.language(rng.random() < 0.4)
        blocks = pool.compose(rng, first=rng.random() < 0.3)
        if rng.random() < 0.2:
            blocks.append(rng.choice(pool.additions))
        mentions = rng.sample(names, 2)
        tags = [tag_spelling(rng.choice(text.tag_names), rng.random() < 0.3) for _ in range(3)]
        assembled = assemble(blocks, mentions, tags)
        rendered = render_markdown(
            assembled.body, known_users={name.lower(): name for name in names}
        )
        assert rendered.html == assembled.html, assembled.body
        assert set(rendered.mentions) == {mentions[slot] for slot in assembled.mentions}
        assert set(rendered.tags) == {tags[slot].name for slot in assembled.tags}
