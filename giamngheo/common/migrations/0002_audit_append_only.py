"""Make the audit log append-only in the database itself, on SQLite and PostgreSQL alike."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER common_auditevent_no_update BEFORE UPDATE ON common_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    "CREATE TRIGGER common_auditevent_no_delete BEFORE DELETE ON common_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS common_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS common_auditevent_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION common_auditevent_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER common_auditevent_no_change BEFORE UPDATE OR DELETE ON common_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION common_auditevent_append_only();",
    "CREATE TRIGGER common_auditevent_no_truncate BEFORE TRUNCATE ON common_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION common_auditevent_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS common_auditevent_no_change ON common_auditevent;",
    "DROP TRIGGER IF EXISTS common_auditevent_no_truncate ON common_auditevent;",
    "DROP FUNCTION IF EXISTS common_auditevent_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
