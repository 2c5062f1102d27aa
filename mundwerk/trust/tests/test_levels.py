from datetime import timedelta

import pytest
from django.core.management import call_command

from mundwerk.core.tests.factories import make_reply, make_space, make_topic, make_user
from mundwerk.posts import actions
from mundwerk.trust import records
from mundwerk.trust.activity import record_read, record_visit
from mundwerk.trust.levels import counts_for_auto_hide, next_level, update_trust_levels
from mundwerk.trust.models import DailyVisit, LevelRequirement, MemberTrust, TopicRead


def _level(member):
    member.refresh_from_db()
    return member.trust_level


def _read(member, topics):
    for topic in topics:
        record_read(member.pk, topic.pk, 2)


@pytest.fixture
def topics(db, clock):
    author = make_user("autorin", trust_level=2)
    space = make_space()
    found = [make_topic(author, space, title=f"Thema {n}", body=f"Text {n}") for n in range(20)]
    for topic in found:
        for number in range(5):
            make_reply(author, topic, body=f"Antwort {topic.pk} {number}")
    return found


def test_the_default_thresholds_are_in_the_database(db):
    assert list(LevelRequirement.objects.values_list("level", flat=True)) == [1, 2, 3]


def test_a_new_member_who_has_read_around_reaches_level_one(topics, clock):
    newcomer = make_user("neu", trust_level=0)
    _read(newcomer, topics[:4])
    update_trust_levels()
    assert _level(newcomer) == 0
    _read(newcomer, topics[4:5])  # 5 topics, 5 x 6 = 30 posts
    update_trust_levels()
    assert _level(newcomer) == 1


def test_a_member_who_comes_back_and_takes_part_reaches_level_two(topics, clock, rf):
    member = make_user("rege", trust_level=0)
    author = topics[0].author
    request = rf.get("/")
    request.user = member
    for _day in range(15):
        record_visit(request)
        clock.shift(timedelta(days=1))
    _read(member, topics[:20])
    for number in range(3):
        make_reply(member, topics[number], body=f"Meine Antwort {number}")
    actions.like_post(user=member, post=topics[0].first_post)
    update_trust_levels()
    assert _level(member) == 1  # nobody liked anything of theirs yet
    actions.like_post(user=author, post=member_post(member))
    update_trust_levels()
    assert _level(member) == 2
    assert MemberTrust.objects.get(member=member).days_visited == 15


def member_post(member):
    from mundwerk.posts.models import Post

    return Post.objects.filter(author=member).first()


def test_a_visit_is_written_once_a_day(member, rf, clock, django_assert_num_queries):
    request = rf.get("/")
    request.user = member
    with django_assert_num_queries(1):
        assert record_visit(request)
    with django_assert_num_queries(0):
        assert not record_visit(request)
    clock.shift(timedelta(days=1))
    assert record_visit(request)
    assert DailyVisit.objects.filter(member=member).count() == 2


def test_reading_a_topic_page_is_recorded_once_a_day_through_the_real_page(
    client, member, topic, django_assert_num_queries
):
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 200
    read = TopicRead.objects.get(member=member, topic=topic)
    assert read.highest_post_number == 20
    client.get(topic.get_absolute_url())
    assert TopicRead.objects.filter(member=member).count() == 1


def test_flags_upheld_against_a_member_keep_them_from_level_two(topics, clock, monkeypatch):
    member = make_user("laut", trust_level=1)
    member_trust_figures(member, topics, clock)
    monkeypatch.setattr(
        records, "_counter", lambda ids, since: {member.pk: records.FlagRecord(upheld=3)}
    )
    update_trust_levels()
    assert _level(member) == 1
    monkeypatch.setattr(records, "_counter", None)
    update_trust_levels()
    assert _level(member) == 2


def member_trust_figures(member, topics, clock):
    for day in range(15):
        DailyVisit.objects.create(member=member, day=f"2026-01-{day + 1:02d}")
    _read(member, topics)
    for number in range(3):
        make_reply(member, topics[number], body=f"Meine Antwort {number}")
    actions.like_post(user=member, post=topics[0].first_post)
    actions.like_post(user=topics[0].author, post=member_post(member))


def test_levels_one_and_two_are_never_taken_away_by_the_task(db):
    member = make_user("treu", trust_level=2)
    update_trust_levels()
    assert _level(member) == 2


def test_level_three_lapses_after_its_grace_period_but_not_below_two(db, clock):
    member = make_user("still", trust_level=3)
    MemberTrust.objects.create(member=member, promoted_at=None)
    update_trust_levels()
    assert _level(member) == 2


def test_level_three_is_kept_during_the_grace_period():
    from datetime import UTC, datetime

    now = datetime(2026, 3, 1, tzinfo=UTC)
    level = next_level(
        earned=1, current=3, granted=None, promoted_at=now - timedelta(days=3), now=now
    )
    assert level == 3


def test_level_four_is_only_granted_and_never_lost_while_granted(db, staff):
    from mundwerk.trust.actions import grant_trust_level

    member = make_user("leiterin", trust_level=3)
    update_trust_levels()
    assert _level(member) < 4
    grant_trust_level(member=member, level=4, staff=staff)
    assert _level(member) == 4
    update_trust_levels()
    assert _level(member) == 4


def test_flags_of_level_two_and_staff_count_toward_automatic_hiding(db, staff):
    assert not counts_for_auto_hide(make_user("a", trust_level=1))
    assert counts_for_auto_hide(make_user("b", trust_level=2))
    assert counts_for_auto_hide(staff)


def test_the_scheduled_command_recomputes_levels_and_influence(topics, capsys):
    newcomer = make_user("neu", trust_level=0)
    _read(newcomer, topics[:5])
    call_command("update_trust_levels")
    assert _level(newcomer) == 1
    assert "1 raised" in capsys.readouterr().out


def test_the_scheduled_command_refuses_a_too_short_interval(db):
    with pytest.raises(SystemExit):
        call_command("update_trust_levels", every=5)


def test_serve_runs_the_trust_task_daily():
    from mundwerk.core.management.commands.serve import trust_scheduler_argv

    argv = trust_scheduler_argv()
    assert argv[3:6] == ["update_trust_levels", "--every", "86400"]
