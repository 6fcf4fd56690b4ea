"""Remove the registry page cache: the version triggers of 0004, then RegistryVersion itself."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLES = (
    "stakeholders_stakeholder",
    "stakeholders_tag",
    "initiatives_perspective",
    "stakeholders_stakeholder_tags",
)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        statements = [f"DROP FUNCTION IF EXISTS {t}_version_bump() CASCADE;" for t in TABLES]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {t}_version_{op};"
            for t in TABLES
            for op in ("ins", "upd", "del")
        ]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0005_import_jobs"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="RegistryVersion"),
    ]
