"""Full dossier lifecycles per second on PostgreSQL: motcua's service layer against django-viewflow 2.x
running an equivalent flow, in one process and on the same database.

The lifecycle: receive (clerk) → appraise (officer) → inter-agency task (officer of a second agency) →
approve (agency head) → return the result (clerk).

* motcua: ``dossier_receive`` (new dossier) → ``dossier_forward`` ×2 → ``dossier_approve`` →
  ``dossier_return_result`` on a procedure version with that explicit internal process.
* viewflow: ``viewflow_bench.flows.LifecycleFlow`` (Start → View ×4 → End), each node guarded by a
  permission the same users hold. Every step is driven through viewflow's activation API exactly as its
  own task views do (``flow/utils.py`` wrap_start_view / wrap_view, the Assign and Update views), minus
  the HTTP: start → can_execute → start(request) → execute; then per human task, under the flow lock and
  in one transaction, can_assign → assign → can_execute → start → save the process → execute.
  (The UI claims a task and completes it in two requests; doing both in one transaction is the cheaper
  reading, i.e. favours viewflow.)

Each action starts from a "fresh request" user on both sides: motcua's per-user role cache and Django's
per-user permission cache are dropped first, so each side pays its own permission look-ups.

Needs django-viewflow, which is not a motcua dependency: run it from the benchmark's own venv
(see bench/README.md):

    bench/.venv-viewflow/bin/python bench/bench_lifecycle.py [--count 300] [--rounds 3] [--warmup 20]
Goal: ratio motcua/viewflow ≥ 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
os.environ.setdefault("MOTCUA_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_lifecycle")
os.environ["DJANGO_SETTINGS_MODULE"] = "viewflow_bench.settings"

import _setup  # noqa: E402  (reads MOTCUA_BENCH_DATABASE_URL at import)

PERM_CACHES = ("_motcua_roles", "_perm_cache", "_user_perm_cache", "_group_perm_cache")


def fresh(user: Any) -> Any:
    """The user as a new request would see it: no role or permission cached on the object."""
    for name in PERM_CACHES:
        user.__dict__.pop(name, None)
    return user


def make_cast() -> dict[str, Any]:
    """motcua's agency, clerk, officer and head (``_setup.make_cast``), a second agency with its officer,
    the five-step internal process, and the matching viewflow permissions for the same users."""
    from django.contrib.auth.models import Permission

    from motcua.catalogue.models import ProcedureVersion, ProcessStep
    from motcua.organisation.models import Agency, StaffRole

    cast = _setup.make_cast()
    Role, K = StaffRole.Role, ProcessStep.Kind
    tax = Agency.objects.create(identifier="000.00.50.H49", name="Thuế tỉnh")
    from django.contrib.auth import get_user_model

    tax_officer = get_user_model().objects.create(username="tax_officer")
    StaffRole.objects.create(user=tax_officer, agency=tax, role=Role.OFFICER)
    steps = [
        (1, "Tiếp nhận", K.RECEIVE, None, Role.RECEIVING_CLERK, 4),
        (2, "Thẩm định", K.APPRAISE, cast["agency"], Role.OFFICER, 16),
        (3, "Xác định nghĩa vụ thuế", K.INTER_AGENCY, tax, Role.OFFICER, 16),
        (4, "Phê duyệt", K.APPROVE, cast["agency"], Role.APPROVER, 8),
        (5, "Trả kết quả", K.RETURN, None, Role.RECEIVING_CLERK, 4),
    ]
    for position, name, kind, agency, role, hours in steps:
        ProcessStep.objects.create(
            version=cast["version"],
            position=position,
            name=name,
            kind=kind,
            agency=agency,
            role=role,
            budget_hours=Decimal(hours),
        )
    cast["version"] = ProcedureVersion.objects.get(pk=cast["version"].pk)  # no cached process
    cast["tax_officer"] = tax_officer

    for username, codename in [
        ("clerk", "can_receive"),
        ("clerk", "can_return"),
        ("officer", "can_appraise"),
        ("tax_officer", "can_inter_agency"),
        ("head", "can_approve"),
    ]:
        user = cast["tax_officer"] if username == "tax_officer" else cast[username]
        user.user_permissions.add(Permission.objects.get(content_type__app_label="viewflow_bench", codename=codename))
    return cast


APPLICANT = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"}


# --- motcua ---------------------------------------------------------------------------------------


def motcua_lifecycle(cast: dict[str, Any]) -> None:
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import (
        Applicant,
        dossier_approve,
        dossier_forward,
        dossier_receive,
        dossier_return_result,
    )

    dossier = dossier_receive(
        actor=fresh(cast["clerk"]), version=cast["version"], agency=cast["agency"], applicant=Applicant(**APPLICANT)
    )
    dossier = dossier_forward(actor=fresh(cast["officer"]), dossier=dossier, note="Đủ điều kiện")
    dossier = dossier_forward(actor=fresh(cast["tax_officer"]), dossier=dossier, note="Đã xác định")
    dossier = dossier_approve(actor=fresh(cast["head"]), dossier=dossier)
    dossier = dossier_return_result(actor=fresh(cast["clerk"]), dossier=dossier)
    assert dossier.status == Dossier.Status.RETURNED, dossier.status


# --- viewflow -------------------------------------------------------------------------------------


def viewflow_start(user: Any) -> Any:
    """What ``wrap_start_view`` + ``CreateProcessView.form_valid`` do on the POST, without HTTP."""
    from django.db import transaction
    from django.utils import timezone
    from viewflow_bench.flows import LifecycleFlow
    from viewflow_bench.models import code_issue

    flow_task = LifecycleFlow.start
    activation = flow_task.activation_class.create(flow_task, None, None)
    if not flow_task.can_execute(user, activation.task):
        raise PermissionError("start")
    with transaction.atomic():
        activation.start(SimpleNamespace(user=user))
        process = activation.process
        process.applicant_name = APPLICANT["name"]
        process.applicant_id_number = APPLICANT["id_number"]
        process.applicant_phone = APPLICANT["phone"]
        process.code = code_issue(timezone.localdate())
        activation.execute()  # saves the process, completes the start task, creates "appraise"
    return process


def viewflow_step(flow_task: Any, process_pk: int, user: Any, **fields: Any) -> None:
    """What the Assign view and then ``wrap_view`` + ``UpdateProcessView.form_valid`` do, in one
    transaction under the flow's lock."""
    from django.db import transaction
    from viewflow.workflow.status import STATUS
    from viewflow_bench.flows import LifecycleFlow

    with LifecycleFlow.lock(process_pk), transaction.atomic():
        task = LifecycleFlow.task_class.objects.get(process_id=process_pk, flow_task=flow_task, status=STATUS.NEW)
        activation = flow_task.activation_class(task)
        if not flow_task.can_assign(user, task):
            raise PermissionError(f"assign {flow_task.name}")
        activation.assign(user)
        if not flow_task.can_execute(user, task):
            raise PermissionError(f"execute {flow_task.name}")
        activation.start(SimpleNamespace(user=user))
        process = activation.process
        for name, value in fields.items():
            setattr(process, name, value)
        process.save()
        activation.execute()  # completes the task and creates the next one (End closes the process)


def viewflow_lifecycle(cast: dict[str, Any]) -> None:
    from viewflow.workflow.status import PROCESS
    from viewflow_bench.flows import LifecycleFlow as F

    process = viewflow_start(fresh(cast["clerk"]))
    viewflow_step(F.appraise, process.pk, fresh(cast["officer"]), appraisal_note="Đủ điều kiện")
    viewflow_step(F.inter_agency, process.pk, fresh(cast["tax_officer"]), inter_agency_note="Đã xác định")
    viewflow_step(F.approve, process.pk, fresh(cast["head"]), approved=True)
    viewflow_step(F.return_result, process.pk, fresh(cast["clerk"]), collected_by=APPLICANT["name"])
    assert F.process_class.objects.get(pk=process.pk).status == PROCESS.DONE


# --- measuring ------------------------------------------------------------------------------------


CPU: dict[str, float] = {}


def rate(lifecycle: Any, cast: dict[str, Any], count: int) -> float:
    """Lifecycles per second; this process's CPU time per lifecycle is kept in CPU (the rest of the
    wall time is waiting for PostgreSQL)."""
    start, started_cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        lifecycle(cast)
    CPU.setdefault(lifecycle.__name__, 0.0)
    CPU[lifecycle.__name__] += (time.process_time() - started_cpu) / count * 1000
    return count / (time.perf_counter() - start)


def queries(lifecycle: Any, cast: dict[str, Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        lifecycle(cast)
    return len(captured.captured_queries)


def check_rows(cast: dict[str, Any], expected: int) -> None:
    """Both sides really ran ``expected`` lifecycles to the end, with comparable rows."""
    from viewflow.workflow.status import PROCESS
    from viewflow_bench.models import LifecycleProcess

    from motcua.dossiers.models import Dossier

    dossiers = Dossier.objects.filter(status=Dossier.Status.RETURNED).count()
    processes = LifecycleProcess.objects.filter(status=PROCESS.DONE).count()
    sample = LifecycleProcess.objects.order_by("-pk").first()
    assert dossiers == processes == expected, (dossiers, processes, expected)
    assert sample is not None and sample.code.startswith("VF-") and sample.applicant_name == APPLICANT["name"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300, help="lifecycles per side per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    _setup.create_database()
    _setup.django_setup()
    import viewflow

    cast = make_cast()
    for _ in range(args.warmup):  # caches, prepared plans, lazy imports
        motcua_lifecycle(cast)
        viewflow_lifecycle(cast)
    motcua_queries, viewflow_queries = queries(motcua_lifecycle, cast), queries(viewflow_lifecycle, cast)
    # Alternate the two in rounds so that machine noise hits both alike; report the best of each.
    motcuas, viewflows = [], []
    for _ in range(args.rounds):
        motcuas.append(rate(motcua_lifecycle, cast, args.count))
        viewflows.append(rate(viewflow_lifecycle, cast, args.count))
    check_rows(cast, args.warmup + 1 + args.rounds * args.count)
    best_m, best_v = max(motcuas), max(viewflows)
    version = getattr(viewflow, "__version__", None) or _dist_version("django-viewflow")
    print(f"lifecycle: receive → appraise → inter-agency → approve → return; {args.count} per round")
    print(
        f"motcua services:          {best_m:7.1f} lifecycles/s  rounds: {[round(x, 1) for x in motcuas]}"
        f"  SQL/lifecycle: {motcua_queries}"
    )
    print(
        f"django-viewflow {version}:   {best_v:7.1f} lifecycles/s  rounds: {[round(x, 1) for x in viewflows]}"
        f"  SQL/lifecycle: {viewflow_queries}"
    )
    cpu_m, cpu_v = (CPU[f.__name__] / args.rounds for f in (motcua_lifecycle, viewflow_lifecycle))
    print(f"client CPU per lifecycle: motcua {cpu_m:.1f} ms, viewflow {cpu_v:.1f} ms")
    print(f"ratio motcua/viewflow: {best_m / best_v:.2f} (goal >= 3)")


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
