"""Make the audit log append-only with database triggers (see access.audit_triggers)."""

from django.db import migrations


def install(apps, schema_editor):
    from everychild.access import audit_triggers

    audit_triggers.install(schema_editor.connection)


def drop(apps, schema_editor):
    from everychild.access import audit_triggers

    audit_triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(install, drop)]
