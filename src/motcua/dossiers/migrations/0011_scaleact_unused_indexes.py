"""Indexes on the dossier that queries use, measured with EXPLAIN ANALYZE over 300,000 dossiers (issue #14,
docs/decisions/0003):

* the back office's search by ID number or phone is an equality: one plain btree each, without the
  varchar_pattern_ops twin Django adds to an indexed CharField (9 MB each at 300,000 rows, unused);
* the name search matches anywhere in the folded name (LIKE '%…%'): neither the btree nor its twin was ever
  used (16 MB each) — both dropped;
* the code is unique through a constraint; its varchar_pattern_ops twin was never used because the search's
  code prefix is case-insensitive (UPPER(code) LIKE …): on PostgreSQL an index on UPPER(code) with
  text_pattern_ops takes its place (a full code typed into the search: 300 ms → 0.08 ms).
"""

from django.db import migrations, models

CODE_PREFIX = "CREATE INDEX IF NOT EXISTS dossier_code_upper_prefix ON dossiers_dossier (UPPER(code) text_pattern_ops)"


def code_prefix_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CODE_PREFIX)


def drop_code_prefix_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_code_upper_prefix")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0010_online_supplement_received")]

    operations = [
        migrations.AlterField(
            model_name="dossier",
            name="applicant_id_number",
            field=models.CharField(max_length=20, verbose_name="identity number"),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="applicant_name_folded",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="applicant_phone",
            field=models.CharField(blank=True, max_length=16, verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="code",
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name="code"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["applicant_id_number"], name="dossier_id_number"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["applicant_phone"], name="dossier_phone"),
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(fields=("code",), name="dossier_code_unique"),
        ),
        migrations.RunPython(code_prefix_index, drop_code_prefix_index, elidable=False),
    ]
