"""Process data for the benchmark flow: viewflow's own Process table, the applicant and the result kept
in its JSON column (viewflow's documented ``jsonstore`` pattern), and a per-day code counter so that each
process gets a dossier-like code as motcua's do."""

from django.db import connection, models
from viewflow import jsonstore
from viewflow.workflow.models import Process


class LifecycleProcess(Process):
    code = jsonstore.CharField(max_length=40)
    applicant_name = jsonstore.CharField(max_length=255)
    applicant_id_number = jsonstore.CharField(max_length=20)
    applicant_phone = jsonstore.CharField(max_length=20)
    appraisal_note = jsonstore.TextField(blank=True)
    inter_agency_note = jsonstore.TextField(blank=True)
    approved = jsonstore.BooleanField(default=False)
    collected_by = jsonstore.CharField(max_length=255, blank=True)

    class Meta:
        proxy = True
        permissions = [
            ("can_receive", "Receive a dossier"),
            ("can_appraise", "Appraise a dossier"),
            ("can_inter_agency", "Do the inter-agency task"),
            ("can_approve", "Approve the result"),
            ("can_return", "Return the result"),
        ]


class CodeSequence(models.Model):
    day = models.DateField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last_number}"


def code_issue(day) -> str:  # type: ignore[no-untyped-def]
    """Next code of ``day``: one upsert that holds the row lock until commit (as motcua's does)."""
    table = CodeSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last_number) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (day) DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [day],
        )
        number = cursor.fetchone()[0]
    return f"VF-{day:%y%m%d}-{number:04d}"
