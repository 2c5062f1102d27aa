from django.db import migrations


def add_defaults(apps, schema_editor):
    from mundwerk.trust.levels import DEFAULT_REQUIREMENTS

    requirement = apps.get_model("trust", "LevelRequirement")
    for values in DEFAULT_REQUIREMENTS:
        requirement.objects.get_or_create(level=values["level"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
