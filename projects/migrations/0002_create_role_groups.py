"""Create the portal's role groups (SPEC.md, "Who uses it")."""

from django.db import migrations

ROLES = ("PM", "Member", "PMO", "Executive", "Stakeholder")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial_projects_schema"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
