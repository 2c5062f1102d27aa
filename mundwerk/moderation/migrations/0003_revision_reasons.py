"""Copy the reasons of moderators' earlier edits onto the revisions they made.

Since posts 0005 a revision keeps the reason a moderator gave, for the
public edit history; edits made before it kept theirs only in the log.
"""

from django.db import migrations


def copy_reasons(apps, schema_editor):
    entries = apps.get_model("moderation", "ModerationEntry")
    revisions = apps.get_model("posts", "Revision")
    edits = entries.objects.filter(
        action="edit", post__isnull=False, revision_number__isnull=False
    ).exclude(reason="")
    for post_id, number, reason in edits.values_list("post_id", "revision_number", "reason"):
        revisions.objects.filter(post_id=post_id, number=number, reason="").update(
            reason=reason[:300]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_groups_answer_to_staff"),
        ("posts", "0005_revision_reason"),
    ]

    operations = [migrations.RunPython(copy_reasons, migrations.RunPython.noop)]
