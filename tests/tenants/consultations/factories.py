"""Consultations and the service staff who answer them; build inside a municipality's schema."""

from __future__ import annotations

from typing import Any

from accounts.models import Role, User
from accounts.services import role_grant
from tenants.consultations.models import Consultation, RequesterKind
from tenants.consultations.services import consultation_submit
from tenants.municipalities.models import Municipality
from tenants.people.models import Methodologist, ResponsibilityArea
from tests.factories import UserFactory


def staff(
    municipality: Municipality, *, role: str = Role.METHODOLOGIST, areas: tuple[str, ...] = (), is_head: bool = False
) -> tuple[User, Methodologist]:
    """An account with ``role`` in the municipality and its Methodologist record (call inside its schema)."""
    user = UserFactory()
    role_grant(user=user, role=role, municipality=municipality, acting_user=None)
    user = User.objects.get(pk=user.pk)
    methodologist = Methodologist.objects.create(user=user, is_head=is_head)
    methodologist.areas.set([ResponsibilityArea.objects.get_or_create(name=name)[0] for name in areas])
    return user, methodologist


def consultation(**overrides: Any) -> Consultation:
    fields: dict[str, Any] = {
        "topic": "Рабочая программа по ФГОС",
        "question": "Как оформить рабочую программу по обновлённому ФГОС ООО?",
        "requester_kind": RequesterKind.TEACHER,
        "requester_name": "Смирнова Анна Викторовна",
        "email": "smirnova@school.example",
        "acting_user": None,
    }
    fields.update(overrides)
    return consultation_submit(**fields)
