"""Wagtail action classes of teachers' professional growth: the audited actions plus each model's
after-write rules and the roll-up, in the write's transaction.

Registered for the app's models in ``wagtail_hooks`` (as mentoring's are), so the admin's forms and
``tenants.development.services`` share one write path: permissions (when asked), Wagtail's log
entry, our audit row, then the model's rules (``services.*_saved``: steps a course completes,
deficits a diagnostic opens, the route's completion) and the region's roll-up.

A service passes the many-to-many values it sets as ``related`` (the admin's form saves its own),
so the rules see the row as it will be committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.development.models import (
    CourseRecord,
    DeficitStatus,
)
from tenants.development.rollups import development_rollup_refresh
from tenants.development.services import (
    course_record_saved,
    diagnostic_saved,
    learning_route_saved,
    stored_file_delete_on_commit,
)


def _related_set(instance: models.Model, related: Mapping[str, Iterable[Any]]) -> None:
    for name, values in related.items():
        getattr(instance, name).set(list(values))


class _DevelopmentWrite:
    """What the app's create and edit actions share: the rules' hooks and a service's many-to-many."""

    instance: Any

    def __init__(
        self, instance: Any, user: Any = None, *, related: Mapping[str, Iterable[Any]] | None = None, **options: Any
    ) -> None:
        super().__init__(instance, user=user, **options)  # type: ignore[call-arg]
        self.related = dict(related or {})

    def _save_instance(self) -> None:
        self.before_save()
        super()._save_instance()  # type: ignore[misc]

    def _written(self, *, created: bool) -> None:
        _related_set(self.instance, self.related)
        self.after_write(created=created)

    def before_save(self) -> None:
        """Fields the rules derive from others, set on the row (and the form's instance) as it is saved."""

    def after_write(self, *, created: bool) -> None:
        development_rollup_refresh()


class DevelopmentCreateAction(_DevelopmentWrite, AuditedCreateAction):
    """Create, then the model's rules (``after_write``); the roll-up by default."""

    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        instance = super()._create(skip_permission_checks)
        self._written(created=True)
        return instance


class DevelopmentEditAction(_DevelopmentWrite, AuditedEditAction):
    """Edit, then the model's rules (``after_write``); the roll-up by default."""

    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            self._written(created=False)
        return result


class DevelopmentDeleteAction(AuditedDeleteAction):
    """Delete; a stored scan goes once the deletion is committed; the roll-up is counted again."""

    def execute(self, skip_permission_checks: bool = False) -> Any:
        stored = getattr(self.instance, "file", None)
        name = stored.name if stored else ""
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            stored_file_delete_on_commit(name)
            development_rollup_refresh()
        return result


# Each model's rules, mixed into its create and edit actions.


class _Rules:
    instance: Any
    user: Any


class CourseRecordRules(_Rules):
    """A new record may complete steps of the teacher's routes; a replaced or cleared scan goes."""

    scan_before = ""

    def before_save(self) -> None:
        if self.instance.pk is not None:
            stored = CourseRecord.objects.filter(pk=self.instance.pk).values_list("file", flat=True).first()
            self.scan_before = stored or ""

    def after_write(self, *, created: bool) -> None:
        course_record_saved(self.instance, created=created, acting_user=self.user)
        if self.scan_before and self.scan_before != (self.instance.file.name if self.instance.file else ""):
            stored_file_delete_on_commit(self.scan_before)


class DiagnosticRules(_Rules):
    """A diagnostic opens the deficits its results show."""

    def after_write(self, *, created: bool) -> None:
        diagnostic_saved(self.instance, acting_user=self.user)


class DeficitRules(_Rules):
    """A closed deficit has the day it was closed, an open one none."""

    def before_save(self) -> None:
        deficit = self.instance
        if deficit.status == DeficitStatus.CLOSED and deficit.closed_on is None:
            deficit.closed_on = timezone.localdate()
        elif deficit.status == DeficitStatus.OPEN and deficit.closed_on is not None:
            deficit.closed_on = None


class LearningRouteRules(_Rules):
    """Steps the tutor marked done get their date; a route whose steps are all done is completed."""

    def after_write(self, *, created: bool) -> None:
        learning_route_saved(self.instance, acting_user=self.user)


def development_actions(rules: type[_Rules] | None = None) -> tuple[type[Any], ...]:
    """The app's create, edit and delete actions, with a model's rules mixed into the first two
    (for ``audited_actions_register(..., bases=...)`` in ``wagtail_hooks``)."""
    if rules is None:
        return (DevelopmentCreateAction, DevelopmentEditAction, DevelopmentDeleteAction)
    name = rules.__name__.removesuffix("Rules")
    return (
        type(f"{name}CreateAction", (rules, DevelopmentCreateAction), {}),
        type(f"{name}EditAction", (rules, DevelopmentEditAction), {}),
        DevelopmentDeleteAction,
    )
