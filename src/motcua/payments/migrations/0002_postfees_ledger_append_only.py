"""On PostgreSQL the fee ledger is append-only in the database: a trigger refuses every UPDATE and DELETE
except the one change deleting a user makes (``actor`` set to NULL, nothing else touched). SQLite skips
the trigger (the model's guards remain)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION payments_ledgerentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND ROW(NEW.id, NEW.dossier_id, NEW.kind, NEW.amount, NEW.currency, NEW.method, NEW.reference, NEW.note,
               NEW.at, NEW.actor_username, NEW.created_at)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.dossier_id, OLD.kind, OLD.amount, OLD.currency, OLD.method, OLD.reference, OLD.note,
               OLD.at, OLD.actor_username, OLD.created_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the fee ledger is append-only: % of entry % refused', TG_OP, OLD.id;
END
$$;
CREATE TRIGGER payments_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON payments_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION payments_ledgerentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS payments_ledgerentry_append_only ON payments_ledgerentry;
DROP FUNCTION IF EXISTS payments_ledgerentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_postfees_ledger")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
