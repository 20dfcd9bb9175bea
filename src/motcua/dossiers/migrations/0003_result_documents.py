"""Results attached before DossierDocument.kind existed were recognised by their name ("Kết quả…", no
required document, with a file): mark them as kind=result and fill in their SHA-256 when the file is
still readable (the citizen's page shows it)."""

import hashlib
import unicodedata

from django.db import migrations

RESULT_PREFIX = "Kết quả"


def _sha256(field):
    digest = hashlib.sha256()
    try:
        with field.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except (OSError, ValueError):
        return ""
    return digest.hexdigest()


def mark_results(apps, schema_editor):
    DossierDocument = apps.get_model("dossiers", "DossierDocument")
    prefixes = {RESULT_PREFIX, unicodedata.normalize("NFC", RESULT_PREFIX), unicodedata.normalize("NFD", RESULT_PREFIX)}
    for prefix in prefixes:
        rows = DossierDocument.objects.filter(name__startswith=prefix, required__isnull=True, kind="received")
        for document in rows.exclude(file="").iterator():
            document.kind = "result"
            if not document.sha256:
                document.sha256 = _sha256(document.file)
            document.save(update_fields=["kind", "sha256"])


def unmark_results(apps, schema_editor):
    DossierDocument = apps.get_model("dossiers", "DossierDocument")
    DossierDocument.objects.filter(kind="result").update(kind="received")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_document_kind_sha256")]

    operations = [migrations.RunPython(mark_results, unmark_results)]
