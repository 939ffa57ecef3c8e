"""The cyclogram is approved by the committee chair as the plan is (001 §3.2): the head submits it,
the chair approves it or returns it with a comment; a change after approval shows; the screens by
role, and another municipality's chair changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.plans.models import CyclogramDuty, CyclogramReview, CyclogramStatus, ItemForm
from tenants.plans.selectors import cyclogram_reviews, cyclogram_snapshot, cyclogram_status
from tenants.plans.services import cyclogram_approve, cyclogram_return, cyclogram_submit
from tests.tenants.plans.conftest import direction


def _status() -> str:
    return cyclogram_status(current_duties=cyclogram_snapshot(), reviews=cyclogram_reviews())


@pytest.fixture
def duty(muni_a):
    with tenant_context(muni_a):
        return CyclogramDuty.objects.create(
            title="Совещание руководителей ГМО", direction=direction(), form=ItemForm.MEETING, months=[9, 1]
        )


def test_submitted_returned_resubmitted_approved_and_changed(muni_a, head_a, chair_a, duty):
    with tenant_context(muni_a):
        assert _status() == CyclogramStatus.NOT_SUBMITTED
        cyclogram_submit(acting_user=head_a)
        assert _status() == CyclogramStatus.SUBMITTED
        with pytest.raises(ValidationError, match="уже направлена"):
            cyclogram_submit(acting_user=head_a)
        with pytest.raises(ValidationError, match="что доработать"):
            cyclogram_return(acting_user=chair_a, comment="")
        cyclogram_return(acting_user=chair_a, comment="Добавьте заседания методического совета.")
        assert _status() == CyclogramStatus.RETURNED
        CyclogramDuty.objects.create(title="Методический совет", direction=direction(), months=[10, 3])
        cyclogram_submit(acting_user=head_a)
        approved = cyclogram_approve(acting_user=chair_a)
        assert _status() == CyclogramStatus.APPROVED
        assert [d["title"] for d in approved.duties] == ["Совещание руководителей ГМО", "Методический совет"]
        with pytest.raises(ValidationError, match="не менялась"):
            cyclogram_submit(acting_user=head_a)
        CyclogramDuty.objects.filter(pk=duty.pk).update(months=[9])
        assert _status() == CyclogramStatus.CHANGED
        # What was approved stays on record.
        assert CyclogramReview.objects.get(pk=approved.pk).duties[0]["months"] == [9, 1]
    assert AuditEntry.objects.filter(action__startswith="cyclogram.").count() == 4  # submit, return, submit, approve


def test_who_may_do_what(muni_a, head_a, chair_a, make_user, duty):
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        with pytest.raises(PermissionDenied):
            cyclogram_submit(acting_user=methodologist)
        with pytest.raises(PermissionDenied):
            cyclogram_submit(acting_user=chair_a)
        with pytest.raises(ValidationError, match="не направлена"):
            cyclogram_approve(acting_user=chair_a)
        cyclogram_submit(acting_user=head_a)
        with pytest.raises(PermissionDenied):
            cyclogram_approve(acting_user=head_a)
        CyclogramDuty.objects.all().delete()
        cyclogram_return(acting_user=chair_a, comment="Пусто.")
        with pytest.raises(ValidationError, match="нет действующих"):
            cyclogram_submit(acting_user=head_a)


def test_the_screen_by_role(muni_a, head_a, chair_a, chair_b, make_user, host_client, duty):
    url = "/admin/plan/cyclogram/approval/"
    head = host_client(muni_a, head_a)
    assert "Утверждение циклограммы" in head.get("/admin/cyclogram/").content.decode()
    page = head.get(url).content.decode()
    assert "Совещание руководителей ГМО" in page and "Направить на утверждение" in page
    assert head.post(url, {"action": "submit"}).status_code == 302
    assert host_client(muni_a, make_user(Role.TEACHER, muni_a)).get(url).status_code in (302, 403)
    # Another municipality's chair: no admin here at all.
    other = host_client(muni_a, chair_b).post(url, {"action": "approve"})
    assert other.status_code == 302 and "login" in other["Location"]
    with tenant_context(muni_a):
        assert _status() == CyclogramStatus.SUBMITTED
    chair = host_client(muni_a, chair_a)
    assert "Вернуть на доработку" in chair.get(url).content.decode()
    assert chair.post(url, {"action": "approve"}).status_code == 302
    with tenant_context(muni_a):
        assert _status() == CyclogramStatus.APPROVED
