"""Signing throughput: results signed per second through ``result_sign_task`` (open the agency's key,
PAdES with the Noto stamp and QR code, store the signed copy, Transition and audit rows) and through the
queue (``enqueue`` + ``motcua worker --burst``), against pyHanko signing the same file with the same
stamp directly (key loaded once, nothing stored), in the same run.

    .venv/bin/python bench/bench_signing.py [--count 40]

A run-time CA (motcua.signing.ca) makes the key; the database is MOTCUA_BENCH_DATABASE_URL (PostgreSQL,
dropped and recreated). Goal: ratio ≥ 0.5 (the overhead of the bookkeeping stays below the signing).
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="motcua-bench-signing-"))
    os.environ["MOTCUA_HOME"] = str(home)
    os.environ["MOTCUA_SIGNING_TRUST_ROOTS"] = ""
    _setup.create_database()
    _setup.django_setup()

    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from pyhanko.sign import signers

    from motcua.dossiers.models import Dossier, DossierDocument
    from motcua.signing.ca import ca_create
    from motcua.signing.models import SigningKey
    from motcua.signing.pdf import sign_pdf
    from motcua.signing.services import result_render, trust_roots
    from motcua.signing.tasks import result_sign_task

    cast = _setup.make_cast()
    _setup.insert_dossiers(cast, 2 * args.count, status=9, received_sql="now()", due_sql="now() + interval '14 days'")
    files = ca_create(home / "ca", signer_name="Sở Tư pháp", passphrase=b"bench")
    settings.SIGNING_TRUST_ROOTS = [str(files.ca_pem)]
    os.environ["MOTCUA_BENCH_SIGNING_PASS"] = "bench"  # noqa: S105 - a throwaway key made above
    SigningKey.objects.create(
        agency=cast["agency"],
        label="bench",
        path=str(files.p12),
        secret_env="MOTCUA_BENCH_SIGNING_PASS",  # noqa: S106 - the variable's name, not a secret
        signer_name="Phạm Thị Hoa",
    )
    dossiers = list(Dossier.objects.order_by("id"))
    pdf = result_render(dossier=dossiers[0])
    documents = []
    for dossier in dossiers:
        document = DossierDocument(
            dossier=dossier, kind=DossierDocument.Kind.RESULT, name="Kết quả", content_type="application/pdf"
        )
        document.file.save(f"{dossier.pk}-ket-qua.pdf", ContentFile(pdf), save=True)
        documents.append(document)
    direct_docs, queued_docs = documents[: args.count], documents[args.count :]

    # Baseline: pyHanko alone, key loaded once, same file, same stamp.
    signer = signers.SimpleSigner.load_pkcs12_data(files.p12.read_bytes(), [], passphrase=b"bench")
    roots = trust_roots()
    start = time.perf_counter()
    for n in range(args.count):
        sign_pdf(
            pdf,
            signer=signer,
            trust_roots=roots,
            url=f"https://dichvucong.example.vn/xac-thuc/{n:016d}/",
            code=f"{n:016d}",
            who="Phạm Thị Hoa",
            agency="Sở Tư pháp",
            time_text=f"{timezone.localtime():%H:%M %d/%m/%Y}",
            reason="bench",
            location="Quảng Ninh",
            font_path=settings.SIGNING_STAMP_FONT,
            fetch_revocation=False,
        )
    bare = args.count / (time.perf_counter() - start)

    start = time.perf_counter()
    for document in direct_docs:
        result_sign_task.call(document.pk)
    through_task = args.count / (time.perf_counter() - start)

    start = time.perf_counter()
    with transaction.atomic():
        for document in queued_docs:
            result_sign_task.enqueue(document.pk)
    call_command("worker", "--burst", verbosity=0, stdout=io.StringIO())
    through_queue = args.count / (time.perf_counter() - start)

    signed = DossierDocument.objects.exclude(signed_file="").count()
    assert signed == 2 * args.count, f"only {signed} of {2 * args.count} signed"
    print(f"pyHanko direct:            {bare:7.1f} signatures/s")
    print(f"result_sign_task (call):   {through_task:7.1f} signatures/s   ratio {through_task / bare:.2f}")
    print(f"queue + worker --burst:    {through_queue:7.1f} signatures/s   ratio {through_queue / bare:.2f}")


if __name__ == "__main__":
    main()
