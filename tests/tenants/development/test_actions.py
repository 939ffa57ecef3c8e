"""One write path: the app's Wagtail actions carry the rules, whoever writes (the admin's forms,
the services, code calling the audited actions), as mentoring's do."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context
from wagtail.actions.registry import action_registry

from audit.models import AuditEntry
from tenants.audited_actions import audited_delete, audited_update
from tenants.development.actions import DevelopmentCreateAction, DevelopmentDeleteAction, DevelopmentEditAction
from tenants.development.models import (
    CompetenceArea,
    CourseOffer,
    CourseRecord,
    Deficit,
    DeficitStatus,
    Diagnostic,
    LearningRoute,
    RouteStatus,
    StepStatus,
)
from tests.tenants.development.factories import DeficitFactory, LearningRouteFactory, RouteStepFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


@pytest.mark.parametrize("model", [CourseRecord, CourseOffer, CompetenceArea, Diagnostic, Deficit, LearningRoute])
def test_every_model_of_the_app_writes_through_its_own_actions(model):
    assert issubclass(action_registry.get_action_class(model, "create"), DevelopmentCreateAction)
    assert issubclass(action_registry.get_action_class(model, "edit"), DevelopmentEditAction)
    assert issubclass(action_registry.get_action_class(model, "delete"), DevelopmentDeleteAction)


def test_a_deficit_closed_through_the_actions_gets_the_day_and_reopened_loses_it(muni_a, methodologist_a):
    with tenant_context(muni_a):
        deficit = DeficitFactory()
        deficit.status = DeficitStatus.CLOSED
        audited_update(deficit, acting_user=methodologist_a)
        deficit.refresh_from_db()
        assert deficit.closed_on == TODAY()
        deficit.status = DeficitStatus.OPEN
        audited_update(deficit, acting_user=methodologist_a)
        deficit.refresh_from_db()
        assert deficit.closed_on is None
    assert AuditEntry.objects.filter(action="deficit.update", data__id=deficit.pk).count() == 2


def test_a_step_done_when_its_route_is_saved_gets_the_day_and_who_and_the_route_completes(muni_a, methodologist_a):
    with tenant_context(muni_a):
        route = LearningRouteFactory()
        step = RouteStepFactory(route=route, status=StepStatus.DONE)
        audited_update(route, acting_user=methodologist_a)
        step.refresh_from_db()
        route.refresh_from_db()
    assert (step.done_on, step.done_by) == (TODAY(), methodologist_a)
    assert route.status == RouteStatus.COMPLETED


def test_a_course_record_deleted_through_the_actions_takes_its_scan_and_recounts(
    muni_a, media_root, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.tenants.development.factories import CourseRecordFactory

    with tenant_context(muni_a):
        record = CourseRecordFactory(file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"))
        stored = media_root / muni_a.schema_name / record.file.name
        assert stored.is_file()
        with django_capture_on_commit_callbacks(execute=True):
            audited_delete(record, acting_user=None)
    assert not stored.exists()
