"""Background signing of results (django.tasks API; `motcua worker` runs it)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

logger = logging.getLogger("motcua.signing")


@task()
def result_sign_task(document_id: int) -> None:
    """Sign result document ``document_id`` with its agency's key. Idempotent: a signed result, a
    deleted one or an agency without a key is left as it is."""
    from motcua.dossiers.models import DossierDocument
    from motcua.signing.services import result_sign

    document = DossierDocument.objects.select_related("dossier__agency").filter(pk=document_id).first()
    if document is None or document.is_signed or document.kind != DossierDocument.Kind.RESULT:
        return
    result_sign(document=document)


def enqueue_result_sign(document_id: int) -> None:
    """Queue the signing of a result with the caller's transaction: the database backend writes the task
    row in it (a rolled-back attachment signs nothing); other backends queue once it commits."""
    if settings.TASKS_BACKEND == "database":
        result_sign_task.enqueue(document_id)
    else:
        transaction.on_commit(lambda: result_sign_task.enqueue(document_id))
