"""Finding members by name: any letter case, through the index, never on strange input."""

import pytest
from django.db import connection

from mundwerk.accounts.models import User


def test_named_finds_members_in_any_letter_case(member, other_member):
    found = set(User.objects.named(["ANNA", "Bernd", "nobody"]).values_list("username", flat=True))
    assert found == {"anna", "bernd"}


@pytest.mark.parametrize(
    "name", ["", "an na", "anna\x00", "\uff21\uff2e\uff2e\uff21", "\u212anna", "a" * 31]
)
def test_named_ignores_names_no_member_can_have(member, name):
    assert not User.objects.named([name]).exists()


def test_login_names_are_matched_in_any_letter_case(member):
    assert User.objects.get_by_natural_key("AnNa") == member
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key(None)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan wording")
@pytest.mark.django_db
def test_named_uses_the_lower_case_index():
    """username__iexact read all 50,000 members of the benchmark on every mention."""
    plan = User.objects.named(["anna"]).explain()
    assert "user_username_ci_unique" in plan
