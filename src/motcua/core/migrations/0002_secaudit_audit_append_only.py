"""The audit log keeps a snapshot of the actor's username and, on PostgreSQL, becomes append-only in the
database: a trigger refuses every UPDATE and DELETE except the one change deleting a user makes
(``actor`` set to NULL, nothing else touched). SQLite skips the trigger (the ORM guards remain)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FUNCTION = """
CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND ROW(NEW.id, NEW.at, NEW.action, NEW.object_type, NEW.object_id, NEW.data, NEW.actor_username)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.at, OLD.action, OLD.object_type, OLD.object_id, OLD.data, OLD.actor_username)
    THEN
        RETURN NEW;  -- the user was deleted: only the link goes, the username snapshot stays
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % of entry % refused', TG_OP, OLD.id;
END
$$;
CREATE TRIGGER core_auditlog_append_only
    BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
DROP FUNCTION IF EXISTS core_auditlog_append_only();
"""


def snapshot_usernames(apps, schema_editor):
    AuditLog = apps.get_model("core", "AuditLog")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    AuditLog.objects.filter(actor__isnull=False).update(
        actor_username=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("username")[:1])
    )


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)  # no placeholders: % is literal


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="actor_username",
            field=models.CharField(blank=True, max_length=150, verbose_name="actor username"),
        ),
        migrations.RunPython(snapshot_usernames, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
