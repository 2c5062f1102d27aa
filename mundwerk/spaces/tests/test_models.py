from django.utils import timezone

from mundwerk.core.tests.factories import make_space, make_topic
from mundwerk.posts.models import Topic
from mundwerk.spaces import actions
from mundwerk.spaces.models import Space, open_to_all_q
from mundwerk.spaces.tests.conftest import make_group


def test_only_live_public_spaces_staff_did_not_hide_are_open_to_all(
    space, group, private_group, secret_group, owner
):
    hidden = make_group(owner, name="Versteckt")
    actions.set_group_hidden(hidden, "Hetze")
    deleted = make_space("Vergangen")
    Space.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())

    assert set(Space.objects.open_to_all()) == {space, group}
    for each in Space.objects.all():
        assert each.is_closed == (each not in {space, group}), each.name


def test_open_to_all_reaches_the_space_through_a_relation(space, private_group, member):
    shown = make_topic(member, space, title="Für alle")
    make_topic(member, private_group, title="Nur für uns")
    assert list(Topic.objects.filter(open_to_all_q("space__"))) == [shown]
