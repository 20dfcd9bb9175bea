"""Staff back office: inboxes, reception desk, dossier page with its actions, approval and return
queues, search, supervisor view. Every write goes through the dossier services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.auth import ThrottledLoginForm
from motcua.backoffice.forms import ApplicantForm, ChecklistForm, InboxFilterForm, ResultForm
from motcua.catalogue.models import ProcedureVersion, ProcessStep
from motcua.catalogue.selectors import procedure_search, published_versions
from motcua.core.audit import audit_read
from motcua.core.inputs import bounded_int, datetime_in_range, free_text
from motcua.core.replicas import replica_reads
from motcua.core.text import fold
from motcua.dossiers.actions import ACTIONS, action_arguments, allowed_actions, lock_version_argument
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, DossierDocument, Task
from motcua.dossiers.permissions import can_attach_result, dossier_for_staff, is_supervisor, user_roles
from motcua.dossiers.selectors import (
    INBOX_SCOPES,
    assignable_users,
    due_band,
    forward_step,
    inbox_parts,
    late_chains,
    overdue_by_agency,
)
from motcua.dossiers.services import (
    Applicant,
    ReceivedDocument,
    apology_last_moment,
    documents_check,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_result_attach,
    dossier_submit,
    dossier_verdict,
)
from motcua.floor.models import Ticket
from motcua.floor.selectors import counters_for
from motcua.floor.services import ticket_dossier_link
from motcua.organisation.models import Agency, StaffRole
from motcua.staffing.selectors import counter_of
from motcua.workdays.services import calendar_load

PAGE = 50


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


def staff_required(view: Any) -> Any:
    """Logged in and holding at least one staff role."""

    @login_required(login_url="backoffice:login")
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_roles(request.user):
            raise PermissionDenied(_("Your account has no role in any agency."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _search(qs: QuerySet[Dossier], q: str) -> QuerySet[Dossier]:
    q = q.strip()
    if not q:
        return qs
    digits = "".join(ch for ch in q if ch.isdigit())
    if q.upper().count(".") >= 3 and "-" in q:
        return qs.filter(code__istartswith=q.upper())
    if digits and len(digits) == len(q.replace(" ", "").replace("+", "")):
        phone = "+84" + digits[1:] if digits.startswith("0") else "+" + digits
        return qs.filter(Q(applicant_id_number=digits) | Q(applicant_phone=phone) | Q(applicant_phone="+" + digits))
    return qs.filter(applicant_name_folded__contains=fold(q))


def _audit_search(request: HttpRequest, q: str, codes: list[str | None], *, via: str) -> None:
    """A staff search (by name, ID number or phone) reads personal data: record the query and what it found."""
    audit_read(action="dossier.searched", actor=request.user, query=q[:100], found=codes, via=via)


SORTS = {"due": ("due_at", False), "-received": ("received_at", True), "code": ("code", False)}


def _cursor(after: str, field: str) -> tuple[Any, int] | None:
    """The keyset cursor ``<value>|<id>`` of the next page; ValidationError (field ``after``) when it is
    not one this page wrote. Stored dates may lie outside the calendar's years: any real date goes."""
    if not after:
        return None
    value_text, sep, last_id = after.rpartition("|")
    if not sep:
        raise ValidationError({"after": [_("This page link is not valid. Start from the first page.")]})
    pk = bounded_int(last_id, field="after", minimum=1)
    if field == "code":
        return free_text(value_text, field="after", max_length=40), pk
    return datetime_in_range(value_text, field="after", first=dt.date(1, 1, 2), last=dt.date(9999, 12, 30)), pk


def _page(parts: list[QuerySet[Dossier]], sort: str, after: str) -> tuple[list[Dossier], str]:
    """Keyset paging (no OFFSET, no COUNT) over one or more querysets, each read in index order up to
    one page, then merged: stays fast with millions of rows. Raises ValidationError for a bad cursor."""
    field, descending = SORTS.get(sort, SORTS["due"])
    prefix, op = ("-", "lt") if descending else ("", "gt")
    cursor = _cursor(after, field)
    rows: dict[int, Dossier] = {}
    for qs in parts:
        qs = qs.exclude(**{f"{field}__isnull": True})
        if cursor is not None:
            qs = qs.filter(Q(**{f"{field}__{op}": cursor[0]}) | Q(**{field: cursor[0], f"pk__{op}": cursor[1]}))
        for dossier in qs.select_related("version", "agency").order_by(f"{prefix}{field}", f"{prefix}pk")[: PAGE + 1]:
            rows[dossier.pk] = dossier
    merged = sorted(rows.values(), key=lambda d: (getattr(d, field), d.pk), reverse=descending)[: PAGE + 1]
    next_after = ""
    if len(merged) > PAGE:
        merged = merged[:PAGE]
        last = merged[-1]
        raw = getattr(last, field)
        next_after = f"{raw.isoformat() if isinstance(raw, dt.datetime) else raw}|{last.pk}"
    return merged, next_after


def landing(user: Any) -> str:
    """The inbox that holds the user's work: officers their own steps, leaders the approvals, receiving
    clerks the submissions and supplements to receive, a supervisor the supervision page."""
    roles = {role for _agency, role in user_roles(user)}
    Role = StaffRole.Role
    if Role.OFFICER in roles:
        return "mine"
    if roles & {Role.APPROVER, Role.AGENCY_HEAD}:
        return "approval"
    if Role.RECEIVING_CLERK in roles:
        return "new"
    if Role.SUPERVISOR in roles:
        return "supervision"
    return "agency"


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """``/backoffice/``: where each role's work is (see ``landing``)."""
    scope = landing(request.user)
    if scope == "supervision":
        return supervisor(request)
    return inbox(request, scope)


@staff_required
def inbox(request: HttpRequest, scope: str = "mine") -> HttpResponse:
    if scope not in INBOX_SCOPES:
        raise Http404
    form = InboxFilterForm(request.GET or None)
    parts = inbox_parts(request.user, scope)
    sort = "due" if scope not in ("new", "supplements") else "code"
    if form.is_valid():
        parts = [_filtered(qs, form.cleaned_data) for qs in parts]
        sort = form.cleaned_data["sort"] or sort
    status = 200
    try:
        rows, next_after = _page(parts, sort, request.GET.get("after", ""))
    except ValidationError as exc:
        _input_errors(request, exc)
        rows, next_after, status = *_page(parts, sort, ""), 400
    if form.is_valid() and form.cleaned_data["q"].strip():
        _audit_search(request, form.cleaned_data["q"].strip(), [d.code for d in rows], via=f"backoffice.inbox.{scope}")
    cal, now = calendar_load(), timezone.now()
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "backoffice/inbox.html",
        {
            "scope": scope,
            "scopes": _scopes(request.user),
            "form": form,
            "rows": [(d, due_band(d, now, cal)) for d in rows],
            "next_after": next_after,
            "querystring": query.urlencode(),
        },
        status=status,
    )


def _filtered(qs: QuerySet[Dossier], data: dict[str, Any]) -> QuerySet[Dossier]:
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["step"]:
        at_step = Task.objects.filter(kind=data["step"], finished_at__isnull=True, is_consultation=False)
        qs = qs.filter(pk__in=at_step.values("dossier_id"))
    return _search(qs, data["q"])


def _scopes(user: Any) -> list[tuple[str, str]]:
    labels = {
        "mine": _("My work"),
        "agency": _("My agency"),
        "new": _("Submissions and supplements to receive"),
        "supplements": _("Supplements received"),
        "approval": _("Awaiting approval"),
        "return": _("Results to return"),
        "all": _("All agencies"),
    }
    roles = {role for _agency, role in user_roles(user)}
    shown = ["mine", "agency"]
    if StaffRole.Role.RECEIVING_CLERK in roles:
        shown += ["new", "supplements", "return"]
    if roles & {StaffRole.Role.APPROVER, StaffRole.Role.AGENCY_HEAD}:
        shown.append("approval")
    if is_supervisor(user):
        shown.append("all")
    return [(s, labels[s]) for s in shown]


def _within_a_working_day(cal: Any, now: dt.datetime, moment: dt.datetime) -> bool:
    try:
        return cal.working_minutes_between(now, moment) <= cal.minutes_per_day
    except ValueError:  # a date outside the calendar's years: no callout
        return False


@staff_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        raise Http404
    from motcua.backoffice.postfees import dossier_panels
    from motcua.dossiers.selectors import dossier_time_by_agency

    audit_read(action="dossier.viewed", actor=request.user, obj=dossier, code=dossier.code, via="backoffice")
    cal = calendar_load()
    tasks = list(dossier.tasks.select_related("agency", "assignee").order_by("position", "id"))
    names = allowed_actions(request.user, dossier)
    band = due_band(dossier, timezone.now(), cal)
    # Within a working day of the last moment for an apology (form 04): offered first, apart from the rest.
    apology_deadline = apology_last_moment(dossier, cal) if "apologise" in names else None
    apology = (
        ("apologise", ACTIONS["apologise"])
        if apology_deadline is not None and _within_a_working_day(cal, timezone.now(), apology_deadline)
        else None
    )
    groups = _action_groups([name for name in names if apology is None or name != "apologise"])
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "tasks": tasks,
            "transitions": dossier.transitions.select_related("actor", "agency", "task").order_by("id"),
            "documents": dossier.documents.filter(kind=DossierDocument.Kind.RECEIVED),
            "results": dossier.documents.filter(kind=DossierDocument.Kind.RESULT)
            .select_related("uploaded_by")
            .order_by("-id"),
            "result_form": ResultForm(initial={"lock_version": dossier.lock_version}, auto_id="result-%s")
            if can_attach_result(request.user, dossier)
            else None,
            "time_by_agency": dossier_time_by_agency(dossier),
            "verdict": Dossier.Verdict(dossier_verdict(dossier)).label,
            "band": band,
            "apology": apology,
            "apology_deadline": apology_deadline,
            "action_groups": groups,
            "appraisal_opinion": _forwards_appraisal(request.user, dossier) if "forward" in names else False,
            "assignees": assignable_users(request.user, dossier) if "assign" in names else [],
            "agencies": Agency.objects.exclude(pk=dossier.agency_id).order_by("name"),
            "slips": _slips(dossier),
            **dossier_panels(request.user, dossier),
        },
    )


# The dossier page's actions in four groups, each in the order of the usual next action first.
ACTION_GROUPS = (
    (
        "forward",
        ("receive", "resubmit", "pay_fees", "forward", "finish", "approve", "reply", "return_result", "assign"),
    ),
    ("back", ("request_supplement", "request_fees", "reject", "refuse")),
    ("consult", ("consult",)),
    ("exceptional", ("apologise", "withdraw", "stop")),
)


def _action_groups(names: list[str]) -> list[dict[str, Any]]:
    labels = {
        "forward": _("Move forward"),
        "back": _("Send back or ask the applicant"),
        "consult": _("Consultation"),
        "exceptional": _("Exceptional"),
    }
    groups = []
    for key, order in ACTION_GROUPS:
        actions = [(name, ACTIONS[name]) for name in order if name in names]
        if actions:
            groups.append({"key": key, "label": labels[key], "actions": actions})
    return groups


def _forwards_appraisal(user: Any, dossier: Dossier) -> bool:
    """Forwarding would complete an appraisal step: the appraisal opinion is then required."""
    step = forward_step(user, dossier)
    return step is not None and step.kind == ProcessStep.Kind.APPRAISE


def _slips(dossier: Dossier) -> list[tuple[str, str]]:
    done = set(dossier.transitions.values_list("action", flat=True))
    slips = [("control", _("Process control slip"))]
    if dossier.received_at:
        slips.insert(0, ("receipt", _("Receipt and appointment")))
    for action, kind, label in [
        ("supplement_requested", "supplement", _("Supplement request")),
        ("refused", "refusal", _("Refusal")),
        ("rejected", "refusal", _("Refusal")),
        ("apologised", "apology", _("Apology and new date")),
        ("stopped", "stop", _("Stop notice")),
    ]:
        if action in done and (kind, label) not in slips:
            slips.append((kind, label))
    return slips


@staff_required
@require_POST
def dossier_act(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        raise Http404
    name = request.POST.get("action", "")
    if name not in ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("backoffice:dossier", code=code)
    data: dict[str, Any] = {
        key: str(value) for key, value in request.POST.items() if key not in {"csrfmiddlewaretoken", "action"}
    }

    try:
        kwargs = {**action_arguments(name, data), **lock_version_argument(data)}
    except ValidationError as exc:
        # Invalid input: the dossier page again, with what is wrong, as a 400.
        _input_errors(request, exc)
        response = dossier_detail(request, code)
        response.status_code = 400
        return response
    if name == "forward" and not data.get("note", "").strip() and _forwards_appraisal(request.user, dossier):
        messages.error(request, _("Give the appraisal opinion before forwarding."))
        return redirect("backoffice:dossier", code=code)

    def act() -> None:
        ACTIONS[name].function(actor=request.user, dossier=dossier, **kwargs)

    return _act_and_return(request, code, act, _("Done: %(action)s.") % {"action": ACTIONS[name].label})


def _input_errors(request: HttpRequest, exc: ValidationError) -> None:
    """One error message per invalid field, named by the field."""
    for field, problems in exc.message_dict.items():
        for problem in problems:
            messages.error(request, f"{field}: {problem}")


def _act_and_return(request: HttpRequest, code: str, act: Callable[[], object], success: str) -> HttpResponse:
    """Run one service call for the dossier page: its refusal or invalid input becomes an error message,
    success a confirmation; back to the dossier page either way, or to the inbox when the action ended the
    user's access (a consulted officer's answer closes the consultation)."""
    try:
        act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
        if dossier_for_staff(request.user, code) is None:
            return redirect("backoffice:inbox")
    return redirect("backoffice:dossier", code=code)


@staff_required
@require_POST
def dossier_result(request: HttpRequest, code: str) -> HttpResponse:
    """Attach the electronic result (``dossier_result_attach``), then back to the dossier page."""
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        raise Http404
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [f"{form[field].label}: {error}" for field, errors in form.errors.items() for error in errors]
        messages.error(request, " ".join(problems))
        return redirect("backoffice:dossier", code=code)
    return _act_and_return(
        request,
        code,
        lambda: dossier_result_attach(
            actor=request.user,
            dossier=dossier,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"] or "",
            expected_lock_version=form.cleaned_data["lock_version"],
        ),
        _("The electronic result is attached; the applicant can download it now."),
    )


@staff_required
def slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    from motcua.documents.http import slip_response

    dossier = dossier_for_staff(request.user, code)
    response = slip_response(dossier, kind, actor=request.user, via="backoffice") if dossier is not None else None
    if response is None:
        raise Http404
    return response


@staff_required
def document_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        raise Http404
    document = get_object_or_404(dossier.documents.exclude(file=""), pk=pk)
    audit_read(
        action="document.downloaded",
        actor=request.user,
        obj=document,
        code=dossier.code,
        kind=document.kind,
        name=document.name,
        via="backoffice",
    )
    served = document.served_file  # a result's signed copy once it is signed
    return FileResponse(served.open("rb"), content_type=document.content_type or "application/octet-stream")


@staff_required
def reception(request: HttpRequest) -> HttpResponse:
    """Step 1 of the reception desk: find the procedure by name or code."""
    query = request.GET.get("q", "")
    clerk_agencies = [a for a, r in user_roles(request.user) if r == StaffRole.Role.RECEIVING_CLERK]
    versions = procedure_search(query=query, queryset=published_versions()) if query else published_versions()
    versions = versions.filter(competent_agencies__id__in=clerk_agencies).distinct()[:30]
    ticket = _called_ticket(request)
    return render(request, "backoffice/reception.html", {"query": query, "versions": versions, "ticket": ticket})


def _called_ticket(request: HttpRequest) -> Ticket | None:
    """The queue ticket the clerk called and now receives a dossier from (``?ve=<id>``), if any: one
    called or served at a counter the clerk serves."""
    raw = request.GET.get("ve", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    return (
        Ticket.objects.filter(
            pk=int(raw), status__in=(Ticket.Status.CALLED, Ticket.Status.DONE), counter__in=counters_for(request.user)
        )
        .select_related("area")
        .first()
    )


@staff_required
def reception_form(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: the applicant, the document checklist, fees and delivery; receive or send back."""
    version = get_object_or_404(
        ProcedureVersion.objects.select_related("procedure"),
        procedure__code=code,
        status=ProcedureVersion.Status.PUBLISHED,
    )
    clerk_agencies = Agency.objects.filter(
        pk__in=[a for a, r in user_roles(request.user) if r == StaffRole.Role.RECEIVING_CLERK],
        procedure_versions=version,
    )
    if not clerk_agencies:
        raise PermissionDenied(_("You are not a receiving clerk of an agency that receives this procedure."))
    agency = clerk_agencies[0]
    ticket = _called_ticket(request)
    form = ApplicantForm(request.POST or None)
    checklist = ChecklistForm(request.POST or None, version=version)
    missing: list[str] = []
    decision = request.POST.get("decision", "receive")
    if request.method == "POST" and checklist.is_valid() and decision == "receive" and checklist.rows:
        if not checklist.documents():
            missing.append(_("Tick the documents the applicant handed in: no document is ticked."))
    if request.method == "POST" and form.is_valid() and checklist.is_valid() and not missing:
        data = form.cleaned_data
        documents = [
            ReceivedDocument(name=name, originals=originals, copies=copies, required_id=required_id)
            for required_id, name, originals, copies in checklist.documents()
        ]
        try:
            if decision in ("supplement", "refuse"):
                dossier, slip_kind = _send_back(request, version, agency, data, documents, decision)
                return redirect(reverse("backoffice:dossier", kwargs={"code": dossier.code}) + f"?slip={slip_kind}")
            dossier = dossier_receive(
                actor=request.user,
                version=version,
                agency=agency,
                channel=data["channel"],
                applicant=Applicant.from_data(data),
                result_delivery=data["result_delivery"],
                documents=documents,
                fee_exempt=data["fee_exempt"],
                fee_exemption_reason=data["fee_exemption_reason"] or "",
                fee_paid=data["fee_paid"],
                counter=ticket.counter if ticket is not None else counter_of(request.user, timezone.localdate()),
            )
        except ValidationError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.messages)
        except DossierError as exc:
            missing = [exc.message]
        else:
            if ticket is not None:
                ticket_dossier_link(actor=request.user, ticket=ticket, dossier=dossier)
            messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
            return redirect(reverse("backoffice:dossier", kwargs={"code": dossier.code}) + "?slip=receipt")
    return render(
        request,
        "backoffice/reception_form.html",
        {
            "version": version,
            "agency": agency,
            "form": form,
            "checklist": checklist,
            "missing": missing,
            "ticket": ticket,
        },
    )


@transaction.atomic
def _send_back(
    request: HttpRequest,
    version: ProcedureVersion,
    agency: Agency,
    data: dict[str, Any],
    documents: list[ReceivedDocument],
    decision: str,
) -> tuple[Dossier, str]:
    """A counter applicant sent back with a supplement request (everything missing, in one go) or a
    refusal: the dossier still gets a record and the slip is printed."""
    note = str(request.POST.get("decision_note", "")).strip()
    dossier = dossier_submit(
        version=version,
        agency=agency,
        applicant=Applicant.from_data(data),
        channel=data["channel"],
        result_delivery=data["result_delivery"],
        actor=request.user,
    )
    if decision == "refuse":
        dossier_refuse(actor=request.user, dossier=dossier, reason=note)
        return dossier, "refusal"
    missing = [*documents_check(version, documents), *([note] if note else [])]
    dossier_request_supplement(actor=request.user, dossier=dossier, missing="\n".join(f"- {m}" for m in missing))
    return dossier, "supplement"


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    from motcua.dossiers.permissions import dossiers_visible_to

    q = request.GET.get("q", "").strip()
    rows = list(_search(dossiers_visible_to(request.user), q).select_related("version", "agency")[:PAGE]) if q else []
    if q:
        _audit_search(request, q, [d.code for d in rows], via="backoffice.search")
    cal, now = calendar_load(), timezone.now()
    return render(request, "backoffice/search.html", {"q": q, "rows": [(d, due_band(d, now, cal)) for d in rows]})


@staff_required
def supervisor(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a centre supervisor sees every agency."))
    with replica_reads():  # the dashboard's figures may lag a moment; the menu (roles) is read from the primary
        overdue, late = list(overdue_by_agency()), list(late_chains())
    return render(request, "backoffice/supervisor.html", {"overdue": overdue, "late": late})
