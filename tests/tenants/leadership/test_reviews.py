"""The plan and the analysis of an association: submitted by its leader, approved or returned with
a comment by the methodologist, every step recorded (issue 15 §1; 003 §5.1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.leadership.models import BodyYearReview, ReviewPart, ReviewStatus
from tenants.leadership.services import leader_year_save, review_decide, review_submit
from tests.tenants.leadership.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_submit_return_resubmit_approve(muni_a, world, host_client):
    leader, methodologist = world["leader"], world["methodologist"]
    with tenant_context(muni_a):
        body_year = leader_year_save(body=world["own"], academic_year=YEAR, acting_user=leader, plan_text="")
        with pytest.raises(ValidationError):  # nothing to send yet
            review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=leader)
        body_year = leader_year_save(body=world["own"], academic_year=YEAR, acting_user=leader, plan_text="План")
        review = review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=leader)
        assert review.status == ReviewStatus.SUBMITTED
        with pytest.raises(ValidationError):  # locked while on the methodologist's table
            leader_year_save(body=world["own"], academic_year=YEAR, acting_user=leader, plan_text="Другой")
        # The analysis is still the leader's to write.
        leader_year_save(body=world["own"], academic_year=YEAR, acting_user=leader, analysis_text="Анализ")
        with pytest.raises(PermissionDenied):  # a leader does not approve
            review_decide(review=review, approve=True, acting_user=leader)
    client = host_client(muni_a, methodologist)
    listing = client.get("/admin/leadership/reviews/")
    assert listing.status_code == 200 and world["own"].name in listing.content.decode()
    no_comment = client.post(f"/admin/leadership/reviews/{review.pk}/", {"decision": "return", "comment": ""})
    assert no_comment.status_code == 200 and "Напишите, что доработать" in no_comment.content.decode()
    returned = client.post(
        f"/admin/leadership/reviews/{review.pk}/", {"decision": "return", "comment": "Добавьте даты"}
    )
    assert returned.status_code == 302
    with tenant_context(muni_a):
        review.refresh_from_db()
        assert review.status == ReviewStatus.RETURNED and review.comment == "Добавьте даты"
        leader_year_save(body=world["own"], academic_year=YEAR, acting_user=leader, plan_text="План с датами")
        review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=leader)
    leader_page = host_client(muni_a, leader).get(f"/admin/leadership/associations/{world['own'].pk}/{YEAR.start}/")
    assert "На утверждении у методиста" in leader_page.content.decode()
    approved = client.post(f"/admin/leadership/reviews/{review.pk}/", {"decision": "approve", "comment": ""})
    assert approved.status_code == 302
    with tenant_context(muni_a):
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED
        steps = list(review.steps.values_list("action", "user_id", "comment"))
    assert steps == [
        ("submit", leader.pk, ""),
        ("return", methodologist.pk, "Добавьте даты"),
        ("submit", leader.pk, ""),
        ("approve", methodologist.pk, ""),
    ]
    actions = list(AuditEntry.objects.filter(action__startswith="body_year_review.").values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["body_year_review.submit"] * 2 + ["body_year_review.return", "body_year_review.approve"]
    )
    again = client.post(f"/admin/leadership/reviews/{review.pk}/", {"decision": "return", "comment": "ещё"})
    assert again.status_code == 200  # decided already: refused with a message, nothing changes
    with tenant_context(muni_a):
        assert BodyYearReview.objects.get(pk=review.pk).status == ReviewStatus.APPROVED


def test_reviews_of_a_are_not_bs(muni_a, muni_b, world, make_user, host_client):
    with tenant_context(muni_a):
        body_year = leader_year_save(body=world["own"], academic_year=YEAR, acting_user=world["leader"], plan_text="П")
        review = review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=world["leader"])
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_b = host_client(muni_b, methodologist_b)
    assert world["own"].name not in on_b.get("/admin/leadership/reviews/?status=all").content.decode()
    assert on_b.get(f"/admin/leadership/reviews/{review.pk}/").status_code == 404
    on_a = host_client(muni_a, methodologist_b)
    assert on_a.post(f"/admin/leadership/reviews/{review.pk}/", {"decision": "approve"}).status_code in (302, 403)
    with tenant_context(muni_a):
        assert BodyYearReview.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED
