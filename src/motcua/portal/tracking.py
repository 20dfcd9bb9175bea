"""Tracking a dossier (tra cứu): the code and a second factor (the phone number or the last 4 digits of
the identity number). A wrong combination looks the same whether or not the code exists, and failed
attempts are limited per client (an IPv6 client per /64) through the cache (core/ratelimit.py), never per
code, so that guessing cannot lock the applicant out of their own dossier."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.audit import audit_read
from motcua.core.ratelimit import lookup_begin, release, upload_quota_left, upload_quota_use
from motcua.core.replicas import primary_reads, replica_reads
from motcua.documents.http import slip_response
from motcua.documents.models import SlipKind
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, DossierDocument, Transition
from motcua.dossiers.permissions import dossier_for_applicant
from motcua.dossiers.services import SupplementFile, dossier_resubmit_online
from motcua.engagement.services import survey_open_for
from motcua.payments.models import LedgerEntry
from motcua.payments.selectors import fees_due, may_pay, order_of, payment_receipts
from motcua.payments.services import payment_order_create
from motcua.portal.forms import (
    OTHER_DOCUMENT,
    OTHER_DOCUMENT_NAME,
    SupplementForm,
    SurveyForm,
    TrackForm,
    document_key,
    upload_limit_mb,
)
from motcua.portal.limits import quota_message

S = Dossier.Status

VERIFIED_SESSION_KEY = "portal.verified"
VERIFIED_KEEP = 20


def _verified_seconds() -> int:
    return int(getattr(settings, "PORTAL_VERIFIED_SECONDS", 15 * 60))


def _verified_codes(request: HttpRequest) -> dict[str, float]:
    """The codes this browser proved it may see, with when: {code: unix time}. Entries older than
    ``PORTAL_VERIFIED_SECONDS`` do not count (a shared kiosk must not show the last person's dossier to
    the next one); anything not in this shape (an older session) counts as nothing."""
    stored = request.session.get(VERIFIED_SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    oldest = time.time() - _verified_seconds()
    return {str(code): float(when) for code, when in stored.items() if isinstance(when, int | float) and when > oldest}


def verified_add(request: HttpRequest, code: str) -> None:
    """Remember in the session, for ``PORTAL_VERIFIED_SECONDS``, that this browser proved it may see
    ``code``."""
    codes = {c: when for c, when in _verified_codes(request).items() if c != code}
    codes[code] = time.time()
    request.session[VERIFIED_SESSION_KEY] = dict(list(codes.items())[-VERIFIED_KEEP:])


def verified(request: HttpRequest, code: str) -> bool:
    return code in _verified_codes(request)


def verified_clear(request: HttpRequest) -> None:
    """Forget every dossier this browser looked up or submitted (the "Finish" button)."""
    request.session.pop(VERIFIED_SESSION_KEY, None)
    for key in [k for k in request.session.keys() if k.startswith("portal.submitted.")]:
        del request.session[key]


# --- plain-language status --------------------------------------------------------------------------

# Notes written by staff that are meant for the applicant; other notes (assignments, internal
# consultations, forwarding remarks) stay in the back office.
PUBLIC_NOTES = {"supplement_requested", "supplement_received", "refused", "rejected", "apologised", "stopped"}


def _last_note(transitions: list[Transition], action: str) -> str:
    return next((t.note for t in reversed(transitions) if t.action == action), "")


def status_text(dossier: Dossier, transitions: list[Transition]) -> tuple[str, str]:
    """A headline and an explanation of where the dossier is, in plain words."""
    status = dossier.status
    if status == S.SUBMITTED:
        return _("Your dossier has been sent"), _(
            "The receiving agency will check it and tell you whether it is received. The due date is set then."
        )
    if status in {S.RECEIVED, S.IN_PROCESS} and dossier.paused_at is None and dossier.is_overdue():
        assert dossier.due_at is not None
        due = timezone.localtime(dossier.due_at).strftime("%H:%M, %d/%m/%Y")
        return _("Your dossier is overdue"), _(
            "It was due at %(due)s and is still being processed. The agency must apologise to you in writing "
            "and set a new date."
        ) % {"due": due}
    if status in {S.RECEIVED, S.IN_PROCESS}:
        return _("Your dossier is being processed"), ""
    if status == S.SUPPLEMENT:
        return _("Your dossier needs more documents or information"), _last_note(transitions, "supplement_requested")
    if status == S.FEES_DUE:
        return _("Fees must be paid before processing continues"), _last_note(transitions, "fees_requested")
    if status == S.REFUSED:
        return _("Your dossier was not received"), _last_note(transitions, "refused")
    if status == S.WITHDRAWN:
        return _("Your dossier was withdrawn at your request"), ""
    if status == S.STOPPED:
        return _("Processing of your dossier has stopped"), _last_note(transitions, "stopped")
    if status == S.FINISHED and dossier.outcome == "refused":
        return _("Your request was not granted"), _last_note(transitions, "rejected")
    if status == S.FINISHED:
        return _("Your result is ready"), ""
    return _("Your result has been handed over"), ""


def collection_text(dossier: Dossier) -> str:
    """Where the result of a finished dossier is collected."""
    if dossier.result_delivery == Dossier.Delivery.POST:
        return _("The result is sent by post to the address in your dossier.")
    if dossier.result_delivery == Dossier.Delivery.ONLINE:
        return _("The electronic result can be downloaded from this page when the agency has attached it.")
    place = dossier.service_point or dossier.agency
    address = getattr(place, "address", "")
    text = _("Collect your result at %(place)s.") % {"place": place.name + (f", {address}" if address else "")}
    return text + " " + _("Bring your identity document and the dossier code.")


def result_document(dossier: Dossier) -> DossierDocument | None:
    """The electronic result of a finished or returned dossier that was not refused: the newest result
    document with a file (``dossier_result_attach`` adds one per attachment, replacing nothing)."""
    if not dossier.result_issuable:
        return None
    return dossier.documents.filter(kind=DossierDocument.Kind.RESULT).exclude(file="").order_by("-id").first()


# --- views ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@replica_reads()
def track(request: HttpRequest) -> HttpResponse:
    """``/tra-cuu/``; ``?ma=<code>`` (the receipt's QR code) fills in the code."""
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
            attempt = lookup_begin(request)  # counted before the check: parallel guesses cannot overtake it
            if attempt is None:
                form.add_error(None, _("Too many unsuccessful attempts. Wait 10 minutes and try again."))
                status = 429
            elif (dossier := dossier_for_applicant(code, secret)) is not None:
                release(attempt)
                verified_add(request, str(dossier.code))
                return redirect("portal:track_detail", code=dossier.code)
            else:
                form.add_error(
                    None,
                    _(
                        "We could not find a dossier with this code and this phone number or identity digits. "
                        "Check them against your receipt and try again."
                    ),
                )
    else:
        form = TrackForm(initial={"code": request.GET.get("ma", "").strip()[:40]})
    context = {"form": form, "errors": form.error_links(), "finished": request.GET.get("xong") == "1"}
    return render(request, "portal/track.html", context, status=status)


@require_http_methods(["POST"])
def track_finish(request: HttpRequest) -> HttpResponse:
    """The "Finish" (Kết thúc) button of a dossier page: this browser forgets the dossiers it looked up, so the next
    person at a shared computer cannot open them."""
    verified_clear(request)
    return redirect(f"{reverse('portal:track')}?{urlencode({'xong': '1'})}")


def missing_items(note: str) -> list[str]:
    """The list of what is missing, from the supplement request's note: one item per line (or per
    "; "-separated part of a line)."""
    return [item.strip(" -•\t") for line in note.splitlines() for item in line.split(";") if item.strip(" -•\t")]


def can_supplement_online(dossier: Dossier) -> bool:
    """An online dossier sent back for supplements is completed on the tracking page; a counter one at
    the counter."""
    return dossier.status == S.SUPPLEMENT and dossier.channel == Dossier.Channel.ONLINE


def supplement_form(dossier: Dossier, data: Any = None, files: Any = None) -> SupplementForm:
    return SupplementForm(data, files, documents=list(dossier.version.documents.all()))


def _dossier(code: str) -> Dossier | None:
    return Dossier.objects.select_related("version__procedure", "agency", "service_point").filter(code=code).first()


@require_http_methods(["GET"])
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    # The page the payment gateway sends the browser back to (?order=) reads the primary: the gateway's
    # notification has just written the payment there. Otherwise the lookup may lag by a moment.
    with primary_reads() if request.GET.get("order") else replica_reads():
        return _track_detail(request, code)


def _track_detail(request: HttpRequest, code: str) -> HttpResponse:
    if not verified(request, code):
        return redirect(f"{reverse('portal:track')}?{urlencode({'ma': code})}")
    dossier = _dossier(code)
    if dossier is None:
        raise Http404
    return detail_response(request, dossier)


def detail_response(
    request: HttpRequest,
    dossier: Dossier,
    form: SupplementForm | None = None,
    *,
    survey_form: SurveyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dossier page of a browser that looked it up: the supplement upload while supplements are due,
    the survey while it may be answered."""
    transitions = list(dossier.transitions.select_related("agency").order_by("at", "id"))
    headline, explanation = status_text(dossier, transitions)
    supplement = dossier.status == S.SUPPLEMENT
    if supplement:
        explanation = ""  # the note is shown as the list of what is missing
    if form is None and can_supplement_online(dossier):
        form = supplement_form(dossier)
    context: dict[str, Any] = {
        "dossier": dossier,
        "headline": headline,
        "explanation": explanation,
        "supplement": supplement,
        "missing": missing_items(_last_note(transitions, "supplement_requested")) if supplement else [],
        "supplement_form": form,
        "errors": form.error_links() if form is not None else [],
        "limit_mb": upload_limit_mb(),
        "place": dossier.service_point or dossier.agency,
        "supplement_sent": request.GET.get("bo-sung") == "1" and dossier.supplement_received_at is not None,
        "timeline": [
            {
                "at": t.at,
                "label": t.action_label,
                "agency": t.agency,
                "note": t.note if t.action in PUBLIC_NOTES else "",
            }
            for t in transitions
        ],
        "collection": collection_text(dossier) if dossier.status == S.FINISHED and dossier.outcome != "refused" else "",
        "result": result_document(dossier),
        "fees_due": fees_due(dossier),
        "may_pay": may_pay(dossier),
        "receipts": payment_receipts(dossier),
        "order": order_of(dossier, request.GET.get("order", "")[:32]),
        "survey_form": (survey_form or SurveyForm()) if survey_open_for(dossier) else None,
        "survey_thanks": request.GET.get("khao-sat") == "1",
    }
    return render(request, "portal/track_detail.html", context, status=status)


@require_http_methods(["POST"])
def track_supplement(request: HttpRequest, code: str) -> HttpResponse:
    """``/tra-cuu/<code>/bo-sung/``: the applicant of an online dossier sent back for supplements uploads
    the missing documents and resubmits it (``dossier_resubmit_online``: the clock restarts)."""
    if not verified(request, code):
        return redirect(f"{reverse('portal:track')}?{urlencode({'ma': code})}")
    dossier = _dossier(code)
    if dossier is None:
        raise Http404
    if not can_supplement_online(dossier):
        return redirect("portal:track_detail", code=code)
    form = supplement_form(dossier, request.POST, request.FILES)
    if not form.is_valid():
        return detail_response(request, dossier, form, status=400)
    names: dict[str, tuple[str, int | None]] = {
        document_key(d.pk): (d.name, d.pk) for d in dossier.version.documents.all()
    }
    names[OTHER_DOCUMENT] = (OTHER_DOCUMENT_NAME, None)
    files: list[SupplementFile] = []
    for key, (name, required_id) in names.items():
        upload = form.cleaned_data.get(key)
        if upload:
            size = upload.size or 0
            if size > upload_quota_left(request):
                form.add_error(key, quota_message())
                return detail_response(request, dossier, form, status=429)
            upload_quota_use(request, size)
            files.append(SupplementFile(upload=upload, name=name, required_id=required_id))
    try:
        dossier_resubmit_online(dossier=dossier, files=files, note=form.cleaned_data["note"])
    except ValidationError as error:
        form.add_error(None, error.messages[0])
        return detail_response(request, dossier, form, status=400)
    except DossierError as error:
        form.add_error(None, error.message)
        return detail_response(request, dossier, form, status=400)
    return redirect(f"{reverse('portal:track_detail', args=[code])}?{urlencode({'bo-sung': '1'})}")


@require_http_methods(["GET"])
def track_slip(request: HttpRequest, code: str) -> HttpResponse:
    """``/tra-cuu/<code>/phieu-bo-sung/``: the supplement request slip (form 02), only for a browser that
    looked the dossier up; a 404 otherwise, as for an unknown code or a dossier never sent back."""
    if not verified(request, code):
        raise Http404
    dossier = _dossier(code)
    response = slip_response(dossier, SlipKind.SUPPLEMENT, actor=None, via="portal") if dossier else None
    if response is None:
        raise Http404
    return response


@require_http_methods(["POST"])
def track_pay(request: HttpRequest, code: str) -> HttpResponse:
    """Pay everything due online: an order, then the browser goes to the payment gateway, which sends it
    back to the dossier page. Only for a browser that looked the dossier up."""
    if not verified(request, code):
        return redirect(f"{reverse('portal:track')}?{urlencode({'ma': code})}")
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None:
        raise Http404
    try:
        _order, url = payment_order_create(dossier=dossier, return_url=reverse("portal:track_detail", args=[code]))
    except DossierError:  # nothing (more) to pay: the page says so
        return redirect("portal:track_detail", code=code)
    return redirect(url)


@require_http_methods(["GET"])
def track_receipt(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The e-receipt of one of the dossier's payments, only for a browser that looked the dossier up."""
    from motcua.payments.documents import receipt_pdf

    if not verified(request, code):
        raise Http404
    entry = (
        LedgerEntry.objects.select_related("dossier__agency", "dossier__version", "actor")
        .filter(pk=pk, dossier__code=code, kind=LedgerEntry.Kind.PAYMENT)
        .first()
    )
    if entry is None:
        raise Http404
    audit_read(action="receipt.downloaded", actor=None, obj=entry, code=code, via="portal")
    response = HttpResponse(receipt_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{entry.pk}.pdf"'
    return response


@require_http_methods(["GET"])
def track_result(request: HttpRequest, code: str) -> FileResponse:
    """The electronic result (``result_document``), only for a browser that has looked the dossier up;
    anything else is a 404, the same as an unknown code."""
    if not verified(request, code):
        raise Http404
    dossier = Dossier.objects.filter(code=code).first()
    document = result_document(dossier) if dossier is not None else None
    if document is None:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "pdf"
    audit_read(action="document.downloaded", actor=None, obj=document, code=code, kind=document.kind, via="portal")
    return FileResponse(
        document.served_file.open("rb"),  # the signed copy once the result is signed
        as_attachment=True,
        filename=f"ket-qua-{code}.{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
