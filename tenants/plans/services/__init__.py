"""Writes of the annual plan: the plan and its workflow, items, corrections, cyclogram, reports.

Every function is atomic, writes its audit row (and Wagtail's history entry) in its
transaction and the region's roll-ups in the same one (``tenants.plans.rollups``). Pass
``skip_permission_checks=True`` only from code that acts for the system (demo data, commands);
views pass the signed-in user. Who may move a plan along its workflow is a read:
``tenants.plans.selectors.user_may_transition``.

One module per part of the plan's life, each imported from here:

* ``workflow``: the plan, its statuses (000 §3.2, 001 §3.2) and the guards every write shares;
* ``items``: the plan's items, marking them held;
* ``corrections``: the corrections of an approved plan (001 §3.3);
* ``cyclogram``: the cyclogram's duties into a draft, next year's plan as a copy;
* ``reports``: the yearly analysis and the operational reports (000 §3.6, 001 §3.4);
* ``submission``: the yearly analysis submitted to the committee chair, accepted or returned.
"""

from tenants.plans.services.corrections import (
    CORRECTION_LOG_ACTION,
    plan_correction_apply,
    plan_correction_cancel,
    plan_correction_create,
    plan_correction_entry_delete,
    plan_correction_move,
)
from tenants.plans.services.cyclogram import (
    cyclogram_approve,
    cyclogram_generate,
    cyclogram_return,
    cyclogram_submit,
    plan_copy_to_next_year,
)
from tenants.plans.services.items import (
    EDIT_PERMISSION,
    ITEM_FIELDS,
    plan_item_create,
    plan_item_delete,
    plan_item_mark_done,
    plan_item_update,
)
from tenants.plans.services.reports import (
    plan_report_build,
    plan_report_progress,
    plan_report_request,
    plan_section_texts_save,
    report_period,
)
from tenants.plans.services.submission import plan_report_accept, plan_report_return, plan_report_submit
from tenants.plans.services.workflow import (
    APPROVED_PLAN_KIND,
    TRANSITION_LOG_ACTION,
    plan_approve,
    plan_close,
    plan_create,
    plan_delete,
    plan_return,
    plan_start_execution,
    plan_submit,
    plan_update,
)

__all__ = [
    "APPROVED_PLAN_KIND",
    "CORRECTION_LOG_ACTION",
    "EDIT_PERMISSION",
    "ITEM_FIELDS",
    "TRANSITION_LOG_ACTION",
    "cyclogram_approve",
    "cyclogram_generate",
    "cyclogram_return",
    "cyclogram_submit",
    "plan_approve",
    "plan_close",
    "plan_copy_to_next_year",
    "plan_correction_apply",
    "plan_correction_cancel",
    "plan_correction_create",
    "plan_correction_entry_delete",
    "plan_correction_move",
    "plan_create",
    "plan_delete",
    "plan_item_create",
    "plan_item_delete",
    "plan_item_mark_done",
    "plan_item_update",
    "plan_report_accept",
    "plan_report_build",
    "plan_report_progress",
    "plan_report_request",
    "plan_report_return",
    "plan_report_submit",
    "plan_return",
    "plan_section_texts_save",
    "plan_start_execution",
    "plan_submit",
    "plan_update",
    "report_period",
]
