"""Spam rules applied to every new post before it is written.

`screen_post` is called by `posts.actions.create_topic` and `create_reply`
inside their checks: it refuses a post (raises ValidationError with a
message for the writer), holds it for review (returns a reason), or lets it
through (returns "").
"""

from mundwerk.accounts.models import User
from mundwerk.spaces.models import Space


def screen_post(*, author: User, body: str, space: Space, title: str = "") -> str:
    """Return why the post must wait for review ("" to publish it), or raise ValidationError."""
    return ""
