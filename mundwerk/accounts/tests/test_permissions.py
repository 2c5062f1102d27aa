from django.contrib.auth.models import AnonymousUser

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import is_active_staff
from mundwerk.core.tests.factories import make_user


def test_only_staff_with_an_active_account_act_as_staff(member, staff):
    retired = make_user("ehemalig", is_staff=True)
    User.objects.filter(pk=retired.pk).update(is_active=False)
    retired.refresh_from_db()

    assert is_active_staff(staff)
    assert not is_active_staff(retired)
    assert not is_active_staff(member)
    assert not is_active_staff(AnonymousUser())
