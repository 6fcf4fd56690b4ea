"""Triggers that raise RegistryVersion for every write to what the registry list shows.

Triggers rather than Django signals: bulk_create, bulk_update, queryset updates and deletes,
many-to-many changes and cascades all bypass signals, and a page served from the cache after
one of them would be silently stale.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VERSIONS = "stakeholders_registryversion"
STAKEHOLDERS = "stakeholders_stakeholder"

# Table → the initiative of a row ({row} is NEW or OLD).
SOURCES = {
    STAKEHOLDERS: "{row}.initiative_id",
    "stakeholders_tag": "{row}.initiative_id",
    "initiatives_perspective": "{row}.initiative_id",
    "stakeholders_stakeholder_tags": (
        f"COALESCE((SELECT s.initiative_id FROM {STAKEHOLDERS} s "
        "WHERE s.id = {row}.stakeholder_id), 0)"
    ),
}


def _bump(table: str, row: str) -> str:
    initiative = SOURCES[table].format(row=row)
    return (
        f"INSERT INTO {VERSIONS} (initiative_pk, version) VALUES ({initiative}, 1) "
        f"ON CONFLICT (initiative_pk) DO UPDATE SET version = {VERSIONS}.version + 1;"
    )


def sqlite_statements() -> list[str]:
    out = []
    for table in SOURCES:
        out += [
            f"CREATE TRIGGER {table}_version_ins AFTER INSERT ON {table} "
            f"BEGIN {_bump(table, 'NEW')} END;",
            # OLD and NEW: a row moved to another initiative changes both (never in practice,
            # but the counter must not depend on it).
            f"CREATE TRIGGER {table}_version_upd AFTER UPDATE ON {table} "
            f"BEGIN {_bump(table, 'OLD')} {_bump(table, 'NEW')} END;",
            f"CREATE TRIGGER {table}_version_del AFTER DELETE ON {table} "
            f"BEGIN {_bump(table, 'OLD')} END;",
        ]
    return out


def postgresql_statements() -> list[str]:
    out = []
    for table in SOURCES:
        out += [
            f"CREATE OR REPLACE FUNCTION {table}_version_bump() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_bump(table, 'OLD')} END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_bump(table, 'NEW')} END IF; "
            "RETURN NULL; END; $$ LANGUAGE plpgsql;",
            f"CREATE TRIGGER {table}_version_bump AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_version_bump();",
        ]
    return out


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
    if schema_editor.connection.vendor == "postgresql":
        statements = [f"DROP FUNCTION IF EXISTS {t}_version_bump() CASCADE;" for t in SOURCES]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {t}_version_{op};"
            for t in SOURCES
            for op in ("ins", "upd", "del")
        ]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0003_registry_version"),
        ("initiatives", "0002_audit_and_targets"),
    ]

    operations = [migrations.RunPython(create, drop)]
