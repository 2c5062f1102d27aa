import pytest
from django.urls import reverse

from mundwerk.core.urlpaths import url_for


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("posts:permalink", [42]),
        ("posts:like", [7]),
        ("posts:quote", [7]),
        ("posts:edit", [7]),
        ("posts:delete", [7]),
        ("posts:history", [7]),
        ("posts:topic", ["ein-neues-rad", 12]),
        ("posts:topic", ["topic", 1]),
        ("posts:tag", ["übung"]),
        ("posts:tag", ["e-bike"]),
        ("accounts:profile", ["anna.b_c-d"]),
        ("spaces:detail", ["werkstatt"]),
    ],
)
def test_url_for_agrees_with_reverse(name, args):
    assert url_for(name, *args) == reverse(name, args=args)
