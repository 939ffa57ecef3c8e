"""Consultation flow: assignment by direction, the due day, overdue at the edges, the answer e-mail, audit."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.consultations.models import Consultation, ConsultationStatus, overdue_q
from tenants.consultations.services import consultation_answer, consultation_assign, consultation_close
from tenants.people.models import ResponsibilityArea
from tenants.working_days import working_days_after
from tests.tenants.consultations.factories import consultation, staff

S = ConsultationStatus


def test_working_days_skip_weekends():
    friday = datetime.date(2025, 10, 3)
    assert working_days_after(friday, 1) == datetime.date(2025, 10, 6)  # Monday
    assert working_days_after(friday, 10) == datetime.date(2025, 10, 17)
    assert working_days_after(datetime.date(2025, 10, 4), 1) == datetime.date(2025, 10, 6)  # from a Saturday


def test_due_day_is_ten_working_days_and_a_setting_changes_it(muni_a, settings):
    with tenant_context(muni_a):
        first = consultation()
        today = timezone.localdate(first.submitted_at)
        assert first.due_on == working_days_after(today, 10)
        settings.CONSULTATION_ANSWER_WORKING_DAYS = 3
        assert consultation().due_on == working_days_after(today, 3)


def test_a_request_before_the_new_year_holidays_is_due_after_them(muni_a):
    """29.12.2025 + 10 working days: 30.12, then 31.12–11.01 off (decree of 24.09.2025 No. 1466
    moved Saturday 3 January to Friday 9 January), then 12–22 January. Monday to Friday alone
    would have said 12.01.2026."""
    evening = datetime.datetime(2025, 12, 29, 18, 30, tzinfo=timezone.get_default_timezone())
    with tenant_context(muni_a), time_machine.travel(evening, tick=False):
        assert consultation().due_on == datetime.date(2026, 1, 22)


def test_request_goes_to_the_methodologist_of_its_direction_with_fewest_open(muni_a):
    with tenant_context(muni_a):
        _, busy = staff(muni_a, areas=("Начальная школа",))
        _, free = staff(muni_a, areas=("Начальная школа",))
        _, other = staff(muni_a, areas=("Дошкольное образование",))
        area = ResponsibilityArea.objects.get(name="Начальная школа")
        first = consultation(area=area)
        second = consultation(area=area)
        assert {first.assignee, second.assignee} == {busy, free}
        assert first.status == second.status == S.ASSIGNED and first.assigned_at is not None
        assert other not in {first.assignee, second.assignee}


def test_without_a_methodologist_of_the_direction_the_head_gets_it_else_it_waits(muni_a):
    with tenant_context(muni_a):
        area = ResponsibilityArea.objects.get(name="Профориентационная работа")
        waiting = consultation(area=area)
        assert waiting.status == S.NEW and waiting.assignee is None
        _, head = staff(muni_a, role=Role.HEAD, is_head=True)
        assert consultation(area=area).assignee == head
        assert consultation(area=None).assignee == head


def test_overdue_at_the_edges(muni_a):
    with tenant_context(muni_a):
        item = consultation()
        due = item.due_on
        assert not item.is_overdue(today=due)  # the due day itself is in time
        assert item.is_overdue(today=due + datetime.timedelta(days=1))
        assert not Consultation.objects.filter(overdue_q(due)).exists()
        assert Consultation.objects.filter(overdue_q(due + datetime.timedelta(days=1))).count() == 1


def test_answer_is_emailed_in_russian_after_commit_only(muni_a, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        user, _ = staff(muni_a, areas=("Начальная школа",))
        item = consultation(area=ResponsibilityArea.objects.get(name="Начальная школа"))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            answered = consultation_answer(
                consultation=item, answer="Используйте конструктор рабочих программ.", acting_user=user
            )
        assert mail.outbox == [] and callbacks
        for callback in callbacks:
            callback()
    (message,) = mail.outbox
    assert message.to == ["smirnova@school.example"]
    assert "Методическая служба: Округ А" in message.from_email and message.reply_to == [muni_a.contact_email]
    assert message.subject == f"Ответ на обращение № {item.pk}: Рабочая программа по ФГОС"
    assert "Используйте конструктор рабочих программ." in message.body and "Здравствуйте" in message.body
    assert answered.status == S.ANSWERED and answered.answered_in_time is True
    assert AuditEntry.objects.filter(action="consultation.answer", actor=user, municipality=muni_a).exists()


def test_only_the_assignee_or_the_head_may_answer(muni_a, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        _, _assignee = staff(muni_a, areas=("Начальная школа",))
        stranger, _ = staff(muni_a, areas=("Дошкольное образование",))
        head_user, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        item = consultation(area=ResponsibilityArea.objects.get(name="Начальная школа"))
        with pytest.raises(PermissionDenied):
            consultation_answer(consultation=item, answer="Ответ", acting_user=stranger)
        with django_capture_on_commit_callbacks(execute=True):
            consultation_answer(consultation=item, answer="Ответ руководителя", acting_user=head_user)
    assert len(mail.outbox) == 1


def test_transitions_and_closing(muni_a):
    with tenant_context(muni_a):
        user, methodologist = staff(muni_a, role=Role.HEAD, is_head=True)
        item = consultation()
        with pytest.raises(ValidationError) as error:
            consultation_close(consultation=item, acting_user=user)
        assert "укажите причину" in str(error.value)
        closed = consultation_close(consultation=item, acting_user=user, comment="Повторное обращение")
        assert closed.status == S.CLOSED
        with pytest.raises(ValidationError, match="Нельзя перевести"):
            consultation_assign(consultation=closed, assignee=methodologist, acting_user=user)
        with pytest.raises(ValidationError, match="Нельзя перевести"):
            consultation_answer(consultation=closed, answer="Поздно", acting_user=user)
        other = consultation()
        consultation_answer(consultation=other, answer="Готово", acting_user=user)
        assert consultation_close(consultation=other, acting_user=user).status == S.CLOSED  # no comment needed


def test_an_answer_after_the_due_day_is_late(muni_a):
    with tenant_context(muni_a):
        user, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        item = consultation()
        Consultation.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
        item.refresh_from_db()
        assert item.is_overdue()
        assert consultation_answer(consultation=item, answer="Ответ", acting_user=user).answered_in_time is False


def test_submit_validates_in_russian(muni_a):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        consultation(email="не почта")
    assert "email" in error.value.message_dict


def test_a_methodologist_assigns_or_closes_only_their_own_or_unassigned(muni_a):
    with tenant_context(muni_a):
        owner, _ = staff(muni_a, areas=("Начальная школа",))
        other, other_record = staff(muni_a, areas=("Дошкольное образование",))
        theirs = consultation(area=ResponsibilityArea.objects.get(name="Начальная школа"))
        with pytest.raises(PermissionDenied):
            consultation_close(consultation=theirs, acting_user=other, comment="Не моё")
        with pytest.raises(PermissionDenied):
            consultation_assign(consultation=theirs, assignee=other_record, acting_user=other)
        handed = consultation_assign(consultation=theirs, assignee=other_record, acting_user=owner)
        assert handed.assignee == other_record
        waiting = consultation(assign=False)
        assert consultation_assign(consultation=waiting, assignee=other_record, acting_user=other).status == S.ASSIGNED
        assert AuditEntry.objects.filter(action="consultation.assign", actor=owner).exists()
