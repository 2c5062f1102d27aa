"""Background work of notifications: enqueued after commit by the domain actions.

Each task takes primary keys and is idempotent: running it twice creates
nothing twice and sends no email twice (see `notifications.actions`).
"""

from django.tasks import task

from mundwerk.notifications import actions
from mundwerk.posts.models import Topic


@task()
def notify_reply(post_id: int) -> None:
    """Tell the topic's author, watchers, mentioned and quoted members of a new reply."""
    actions.notify_about_post(post_id, new_topic=False)


@task()
def notify_new_topic(topic_id: int) -> None:
    """Tell the space's followers and the mentioned members of a new topic."""
    first_post_id = (
        Topic.objects.filter(pk=topic_id).values_list("first_post_id", flat=True).first()
    )
    if first_post_id is not None:
        actions.notify_about_post(first_post_id, new_topic=True)


@task()
def notify_like(post_id: int, user_id: int) -> None:
    """Tell a post's author that `user_id` liked it (grouped with other likes)."""
    actions.notify_about_like(post_id, user_id)


@task()
def notify_follow(follower_id: int, followed_id: int) -> None:
    """Tell a member of a new follower."""
    actions.notify_about_follow(follower_id, followed_id)


@task()
def notify_share(share_id: int) -> None:
    """Tell a post's author that someone shared it."""
    actions.notify_about_share(share_id)


@task()
def withdraw_post(post_id: int) -> None:
    """Remove the notifications about a deleted post."""
    actions.withdraw_post_notifications(post_id)


@task()
def withdraw_like(post_id: int, user_id: int) -> None:
    """Take a withdrawn like out of the author's notification."""
    actions.withdraw_like(post_id, user_id)


@task()
def withdraw_share(post_id: int, user_id: int) -> None:
    """Drop the author's notification of a share that was taken back."""
    actions.withdraw_share(post_id, user_id)


@task()
def withdraw_between(member_id: int, other_id: int) -> None:
    """Remove what `member_id` was told of `other_id` after a block or mute."""
    actions.withdraw_between(member_id, other_id)


@task()
def notify_members(
    member_ids: list[int],
    *,
    kind: str,
    what: str,
    event: str,
    actor_id: int,
    subject: str,
    link: str,
) -> None:
    """Tell members of an event, group or review matter (see actions.notify_members)."""
    actions.notify_members(
        member_ids,
        kind=kind,
        what=what,
        event=event,
        actor_id=actor_id,
        subject=subject,
        link=link,
    )


@task()
def send_digest(user_id: int) -> None:
    """Email the member's digest if one is due and there is news."""
    actions.send_digest(user_id)
