"""Flags on groups and decisions about them are for staff, not the group's own moderators.

Until now a group's flags carried the group as the space that answers for
them, which put them in its own moderators' queue. Forget that space.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def groups_answer_to_staff(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in ("Flag", "ModerationEntry"):
        model = apps.get_model("moderation", name)
        model.objects.filter(group__isnull=False).update(space=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(groups_answer_to_staff, migrations.RunPython.noop)]
