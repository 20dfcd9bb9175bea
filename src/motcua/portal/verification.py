"""``/xac-thuc/<code>/``: the public page a signed result's QR code opens. Who signed, when, for which
dossier and procedure, whether the stored file still matches its recorded SHA-256 and the signature
holds (certificate valid at signing time); and a form to check a file one holds against it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.core.ratelimit import client_key, hit
from motcua.dossiers.uploads import upload_check_pdf
from motcua.signing.pdf import sha256
from motcua.signing.verify import document_for_verification, result_verify

CHECKS_PER_CLIENT = 30  # uploaded files checked per client address in CHECK_WINDOW_SECONDS
CHECK_WINDOW_SECONDS = 10 * 60


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The PDF file you received"))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, verification_id: str) -> HttpResponse:
    document = document_for_verification(verification_id)
    if document is None:
        raise Http404
    with document.signed_file.open("rb") as handle:
        stored = handle.read()
    stored_verdict = result_verify(stored)
    status = 200
    checked: dict[str, Any] | None = None
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if hit(f"verify:{client_key(request)}", CHECK_WINDOW_SECONDS) > CHECKS_PER_CLIENT:
            form.add_error(None, _("Too many files checked. Wait 10 minutes and try again."))
            status = 429
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                upload_check_pdf(upload)
            except forms.ValidationError as exc:
                form.add_error("file", exc)
                status = 400
            else:
                upload.seek(0)
                verdict = result_verify(upload.read())
                same = verdict.ok and verdict.document is not None and verdict.document.pk == document.pk
                reason = verdict.reason
                if verdict.ok and not same:
                    reason = _("The file is a valid result of this system, but of another dossier.")
                checked = {"ok": same, "reason": reason}
        else:
            status = 400
    context = {
        "document": document,
        "dossier": document.dossier,
        "stored_matches": sha256(stored) == document.signed_sha256,
        "verdict": stored_verdict,
        "report": stored_verdict.report,
        "form": form,
        "checked": checked,
    }
    return render(request, "portal/verify.html", context, status=status)
