"""Audited create/edit/delete for the municipality's domain models.

Wagtail's admin saves through action classes looked up in its action registry; registering
these for a model makes the admin, services, imports and commands share one write path that
checks permissions (when asked), runs in a transaction, writes Wagtail's log entry (the admin's
history view) and our audit row (region-wide: who, when, what, where).

Usage in an app's ``wagtail_hooks.py``::

    @hooks.register("register_actions")
    def register_actions(registry):
        audited_actions_register(registry, Organisation, "organisation")

and in its services::

    organisation = audited_create(Organisation(**fields), acting_user=acting_user)

Apps that keep numbers derived from another app's models (the region's roll-ups) listen to
``audited_write``, sent inside the write's transaction, so the app that owns the model never
needs to know who counts it.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.forms.models import model_to_dict
from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction
from wagtail.actions.registry import ActionRegistry, action_registry

from accounts.models import ActingUser
from audit.services import audit_record_municipal

# Sent inside the transaction of every audited create, update and delete (and of bulk imports,
# with ``instance=None``); kwargs: ``instance``, ``verb`` ("create", "update", "delete", "import").
audited_write = Signal()


def _changed(form: Any, before: dict[str, Any] | None, instance: models.Model) -> list[str]:
    if form is not None:
        return sorted(form.changed_data)
    if before is None:
        return []
    after = model_to_dict(instance)
    return sorted(k for k, v in after.items() if before.get(k) != v)


def _audit(prefix: str, verb: str, *, user: ActingUser, instance: models.Model, data: dict[str, Any]) -> None:
    audit_record_municipal(
        action=f"{prefix}.{verb}",
        acting_user=user,
        target=f"{instance._meta.model_name}#{instance.pk}: {instance}",
        data=data,
    )


class AuditedCreateAction(CreateAction):
    audit_prefix = ""

    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        instance = super()._create(skip_permission_checks)
        _audit(self.audit_prefix, "create", user=self.user, instance=instance, data={"id": instance.pk})
        audited_write.send(sender=type(instance), instance=instance, verb="create")
        return instance


class AuditedEditAction(EditAction):
    audit_prefix = ""

    def execute(self, skip_permission_checks: bool = False) -> Any:
        before = None if self.form is not None else _snapshot(self.instance)
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            _audit(
                self.audit_prefix,
                "update",
                user=self.user,
                instance=self.instance,
                data={"id": self.instance.pk, "fields": _changed(self.form, before, self.instance)},
            )
            audited_write.send(sender=type(self.instance), instance=self.instance, verb="update")
        return result


class AuditedDeleteAction(DeleteAction):
    audit_prefix = ""

    def execute(self, skip_permission_checks: bool = False) -> Any:
        pk, label = self.instance.pk, str(self.instance)
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            audit_record_municipal(
                action=f"{self.audit_prefix}.delete",
                acting_user=self.user,
                target=f"{self.instance._meta.model_name}#{pk}: {label}",
                data={"id": pk},
            )
            audited_write.send(sender=type(self.instance), instance=self.instance, verb="delete")
        return result


def _snapshot(instance: models.Model) -> dict[str, Any] | None:
    if instance.pk is None:
        return None
    fresh = type(instance)._default_manager.filter(pk=instance.pk).first()
    return model_to_dict(fresh) if fresh is not None else None


def audited_actions_register(
    registry: ActionRegistry,
    model: type[models.Model],
    prefix: str,
    *,
    bases: tuple[type[Any], ...] = (AuditedCreateAction, AuditedEditAction, AuditedDeleteAction),
) -> None:
    """Register audited create/edit/delete actions for ``model``; audit rows read ``<prefix>.<verb>``.

    ``bases``: an app's own subclasses of the three, when its model has rules beyond a plain save
    (``tenants.development.actions``)."""
    for base in bases:
        action = type(f"{model.__name__}{base.__name__}", (base,), {"audit_prefix": prefix})
        registry.register(model, action)


def audited_create(instance: models.Model, *, acting_user: ActingUser, **options: Any) -> Any:
    action = action_registry.get_action_class(type(instance), "create")
    return action(instance, user=acting_user, **options).execute(skip_permission_checks=True)


def audited_update(instance: models.Model, *, acting_user: ActingUser, **options: Any) -> Any:
    action = action_registry.get_action_class(type(instance), "edit")
    action(instance, user=acting_user, **options).execute(skip_permission_checks=True)
    return instance


def audited_delete(instance: models.Model, *, acting_user: ActingUser) -> None:
    action = action_registry.get_action_class(type(instance), "delete")
    action(instance, user=acting_user).execute(skip_permission_checks=True)
