"""Database triggers that log every change to a person's ladder steps into LadderChange.

Triggers rather than Django signals: bulk_create, queryset updates and deletes, raw SQL and
cascades all bypass signals, and a ladder that missed one of them would be silently wrong.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

LOG = "activities_ladderchange"
EVENTS = "activities_engagementevent"
INVITATIONS = "activities_activityinvitation"
ACTIVITIES = "activities_activity"

# What each logged row says, per table: (initiative expression, stakeholder expression) with
# {row} standing for NEW or OLD. An invitation's initiative is its activity's; COALESCE keeps
# the log writable if the activity is already gone.
SOURCES = {
    EVENTS: ("{row}.initiative_id", "{row}.stakeholder_id"),
    INVITATIONS: (
        f"COALESCE((SELECT a.initiative_id FROM {ACTIVITIES} a WHERE a.id = {{row}}.activity_id), 0)",
        "{row}.stakeholder_id",
    ),
}


def _insert(table: str, row: str, now: str) -> str:
    initiative, stakeholder = (part.format(row=row) for part in SOURCES[table])
    return (
        f"INSERT INTO {LOG} (initiative_pk, stakeholder_pk, changed_at) "
        f"VALUES ({initiative}, {stakeholder}, {now});"
    )


def sqlite_statements() -> list[str]:
    out = []
    for table in SOURCES:
        now = "CURRENT_TIMESTAMP"
        out += [
            f"CREATE TRIGGER {table}_ladder_ins AFTER INSERT ON {table} "
            f"BEGIN {_insert(table, 'NEW', now)} END;",
            f"CREATE TRIGGER {table}_ladder_upd AFTER UPDATE ON {table} "
            f"BEGIN {_insert(table, 'OLD', now)} {_insert(table, 'NEW', now)} END;",
            f"CREATE TRIGGER {table}_ladder_del AFTER DELETE ON {table} "
            f"BEGIN {_insert(table, 'OLD', now)} END;",
        ]
    return out


def postgresql_statements() -> list[str]:
    out = []
    for table in SOURCES:
        now = "now()"
        out += [
            f"CREATE OR REPLACE FUNCTION {table}_ladder_log() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_insert(table, 'OLD', now)} END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_insert(table, 'NEW', now)} END IF; "
            "RETURN NULL; END; $$ LANGUAGE plpgsql;",
            f"CREATE TRIGGER {table}_ladder_log AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_ladder_log();",
        ]
    return out


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {table}_ladder_log() CASCADE;" for table in SOURCES]
    return [
        f"DROP TRIGGER IF EXISTS {table}_ladder_{op};"
        for table in SOURCES
        for op in ("ins", "upd", "del")
    ]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgresql_statements()
    elif vendor == "sqlite":
        statements = sqlite_statements()
    else:
        raise RuntimeError(f"Convener supports SQLite and PostgreSQL, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_ladder_change_log")]

    operations = [migrations.RunPython(create, drop)]
