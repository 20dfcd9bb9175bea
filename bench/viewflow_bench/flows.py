"""receive → appraise → inter-agency task → approve → return, in django-viewflow 2.x. Each human node is
guarded by a permission held by the same users who hold the matching motcua StaffRole, and the flow
locks the process row (``select ... for update``, viewflow's recommended lock on PostgreSQL) as motcua
locks the dossier row."""

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import CreateProcessView, UpdateProcessView

from viewflow_bench.models import LifecycleProcess


class LifecycleFlow(flow.Flow):
    """Dossier lifecycle"""

    process_class = LifecycleProcess
    lock_impl = lock.select_for_update_lock

    start = (
        flow.Start(CreateProcessView.as_view(fields=["applicant_name", "applicant_id_number", "applicant_phone"]))
        .Permission("viewflow_bench.can_receive")
        .Next(this.appraise)
    )
    appraise = (
        flow.View(UpdateProcessView.as_view(fields=["appraisal_note"]))
        .Permission("viewflow_bench.can_appraise")
        .Next(this.inter_agency)
    )
    inter_agency = (
        flow.View(UpdateProcessView.as_view(fields=["inter_agency_note"]))
        .Permission("viewflow_bench.can_inter_agency")
        .Next(this.approve)
    )
    approve = (
        flow.View(UpdateProcessView.as_view(fields=["approved"]))
        .Permission("viewflow_bench.can_approve")
        .Next(this.return_result)
    )
    return_result = (
        flow.View(UpdateProcessView.as_view(fields=["collected_by"]))
        .Permission("viewflow_bench.can_return")
        .Next(this.end)
    )
    end = flow.End()
