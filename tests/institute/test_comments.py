"""The institute's comments on a plan and the municipality's answers (000 §3.3, 004 §4.4)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from institute.models import CommentSide, PlanComment
from institute.services import plan_comment_create, plan_comment_reply
from tests.tenants.plans.conftest import draft_plan


@pytest.fixture
def comment(muni_a, institute_user):
    return plan_comment_create(
        municipality=muni_a,
        academic_year=2025,
        text="Добавьте мероприятия по наставничеству.",
        acting_user=institute_user,
    )


@pytest.mark.parametrize("name", ["committee", "operator", "head_a", "methodologist_a", "chair_a", "teacher_a"])
def test_only_the_institute_comments(muni_a, person, name):
    with pytest.raises(PermissionDenied):
        plan_comment_create(municipality=muni_a, academic_year=2025, text="…", acting_user=person(name))


def test_an_empty_comment_is_refused(muni_a, institute_user):
    with pytest.raises(ValidationError):
        plan_comment_create(municipality=muni_a, academic_year=2025, text="   ", acting_user=institute_user)


def test_the_municipality_head_and_methodologists_are_emailed_on_commit(
    muni_a, person, institute_user, django_capture_on_commit_callbacks, eager_tasks
):
    head, methodologist = person("head_a"), person("methodologist_a")
    person("head_b")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        created = plan_comment_create(
            municipality=muni_a, academic_year=2025, text="Уточните сроки.", acting_user=institute_user
        )
    assert AuditEntry.objects.filter(action="plan_comment.create", municipality=muni_a).exists()
    (message,) = mail.outbox
    assert sorted(message.to) == sorted([head.email, methodologist.email])
    assert "Уточните сроки." in message.body and "/admin/plan-comments/" in message.body
    assert created.side == CommentSide.INSTITUTE


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("head_a", True),
        ("methodologist_a", True),
        ("chair_a", False),
        ("teacher_a", False),
        ("head_b", False),
        ("committee", False),
    ],
)
def test_who_answers(comment, person, name, allowed):
    if allowed:
        reply = plan_comment_reply(comment=comment, text="Добавим в декабре.", acting_user=person(name))
        assert reply.parent == comment and reply.side == CommentSide.MUNICIPALITY
    else:
        with pytest.raises(PermissionDenied):
            plan_comment_reply(comment=comment, text="…", acting_user=person(name))


def test_the_answer_reaches_the_institute_author(
    comment, person, institute_user, django_capture_on_commit_callbacks, eager_tasks
):
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        plan_comment_reply(comment=comment, text="Добавим в декабре.", acting_user=person("head_a"))
    (message,) = mail.outbox
    assert message.to == [institute_user.email] and "Добавим в декабре." in message.body


def test_the_municipality_reads_and_answers_in_its_admin(comment, person, host_client, muni_a):
    client = host_client(muni_a, person("methodologist_a"))
    page = client.get("/admin/plan-comments/").content.decode()
    assert "Добавьте мероприятия по наставничеству." in page
    response = client.post(f"/admin/plan-comments/{comment.pk}/reply/", {"text": "Учтём."})
    assert response.status_code == 302
    assert comment.replies.get().text == "Учтём."


def test_the_chair_reads_but_cannot_answer(comment, person, host_client, muni_a):
    client = host_client(muni_a, person("chair_a"))
    page = client.get("/admin/plan-comments/").content.decode()
    assert "Добавьте мероприятия" in page and f"/admin/plan-comments/{comment.pk}/reply/" not in page
    client.post(f"/admin/plan-comments/{comment.pk}/reply/", {"text": "Учтём."})
    assert not comment.replies.exists()


def test_another_municipality_neither_sees_nor_answers_the_comment(comment, person, host_client, muni_b):
    client = host_client(muni_b, person("head_b"))
    assert "Добавьте мероприятия" not in client.get("/admin/plan-comments/").content.decode()
    assert client.post(f"/admin/plan-comments/{comment.pk}/reply/", {"text": "Чужое"}).status_code == 404
    assert not PlanComment.objects.filter(parent=comment).exists()


def test_the_institute_comments_an_item_from_the_drill_down(muni_a, muni_b, institute_user, host_client):
    with tenant_context(muni_a):
        plan = draft_plan(items=1)
        item = plan.items.get()
    client = host_client(None, institute_user)
    response = client.post(
        f"/institute/m/{muni_a.slug}/comments/?year={plan.academic_year}",
        {"text": "Уточните аудиторию.", "plan_item_id": item.pk, "return_to": "plan"},
    )
    assert response.status_code == 302 and "/plan/" in response["Location"]
    created = PlanComment.objects.get(municipality=muni_a)
    assert created.plan_item_id == item.pk and created.plan_item_title == item.topic
    # An item id of A's plan is not taken for B's.
    wrong = client.post(
        f"/institute/m/{muni_b.slug}/comments/?year={plan.academic_year}", {"text": "x", "plan_item_id": item.pk}
    )
    assert wrong.status_code == 404
    plan_page = client.get(f"/institute/m/{muni_a.slug}/plan/?year={plan.academic_year}").content.decode()
    assert item.topic in plan_page and "Уточните аудиторию." in plan_page


def test_the_committee_reads_comments_but_cannot_post(comment, committee_user, host_client, muni_a):
    client = host_client(None, committee_user)
    assert "Добавьте мероприятия" in client.get(f"/institute/m/{muni_a.slug}/?year=2025").content.decode()
    assert client.post(f"/institute/m/{muni_a.slug}/comments/", {"text": "x"}).status_code == 403
    assert client.post(f"/institute/m/{muni_a.slug}/comments/{comment.pk}/reply/", {"text": "x"}).status_code == 403
