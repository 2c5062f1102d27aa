"""Tell the apps that follow content (search now, federation later) that something changed.

Domain apps must not import search or federation (dependencies point one
way), yet their actions must schedule the follow-up work in the same
transaction as the change. So an action calls `content_changed(kind, pk)`;
after commit that queues one task, and the task calls every function named
in `settings.CONTENT_CHANGE_LISTENERS`. A listener loads the thing again and
decides for itself what the change means (indexed, withdrawn, moved), so a
notice carries no content, and listeners are idempotent.
"""

from typing import Literal

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.module_loading import import_string

Kind = Literal["post", "topic", "member", "space", "tag", "event", "review"]
KINDS: tuple[str, ...] = ("post", "topic", "member", "space", "tag", "event", "review")


def content_changed(kind: Kind, pk: int) -> None:
    """Announce after commit that the `kind` row `pk` was created, changed or removed."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of content: {kind!r}")
    transaction.on_commit(lambda: apply_content_change.enqueue(kind=kind, pk=pk))


@task()
def apply_content_change(kind: str, pk: int) -> None:
    """Let every listener catch up with a change of the `kind` row `pk`."""
    for path in settings.CONTENT_CHANGE_LISTENERS:
        import_string(path)(kind, pk)
