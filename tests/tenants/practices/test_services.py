"""Services of the practice bank: status transitions, who may make them, what they record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from accounts.models import Role
from audit.models import AuditEntry
from tenants.practices.models import Practice, PracticeStatus
from tenants.practices.services import MaterialData, practice_status_change, practice_update
from tests.tenants.people.factories import TeacherFactory
from tests.tenants.practices.factories import PracticeFactory
from tests.tenants.resources.factories import document_upload

S = PracticeStatus


def test_created_practice_is_proposed_with_authors_and_materials(muni_a, methodologist_a):
    with tenant_context(muni_a):
        practice = PracticeFactory(
            acting_user=methodologist_a,
            materials=[
                MaterialData(title="Конспект урока", file=document_upload("pdf", "Ход урока.")),
                MaterialData(title="Видео", link="https://example.org/video"),
            ],
        )
        assert practice.status == S.PROPOSED and not practice.is_public
        assert practice.authors.count() == 1 and practice.created_by == methodologist_a
        kinds = sorted((m.title, m.file_kind) for m in practice.materials.all())
        assert kinds == [("Видео", ""), ("Конспект урока", "pdf")]
    assert AuditEntry.objects.filter(action="practice.create", actor=methodologist_a).exists()


def test_a_material_file_is_checked_by_its_content(muni_a):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        PracticeFactory(materials=[MaterialData(title="Вирус", file=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))])
    assert "Допускаются только файлы PDF, DOCX, ODT" in str(error.value)
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        PracticeFactory(materials=[MaterialData(title="Пусто")])
    assert "Приложите файл или укажите ссылку." in str(error.value)


def test_full_path_to_recommended_records_who_and_when(muni_a, methodologist_a, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        practice = PracticeFactory()
        practice_status_change(practice=practice, status=S.REVIEWED, acting_user=methodologist_a)
        practice_status_change(practice=practice, status=S.RECOMMENDED, acting_user=head, comment="Единогласно.")
        practice.refresh_from_db()
        assert practice.status == S.RECOMMENDED
        assert practice.status_changed_by == head and practice.status_changed_at is not None
        assert practice.status_comment == "Единогласно."
        history = list(practice.status_changes.values_list("from_status", "to_status", "changed_by"))
        assert history == [(S.PROPOSED, S.REVIEWED, methodologist_a.pk), (S.REVIEWED, S.RECOMMENDED, head.pk)]
        logged = ModelLogEntry.objects.filter(object_id=str(practice.pk), action="practices.status")
        assert logged.count() == 2
        practice_update(practice=practice, acting_user=head, data={"is_public": True})
        assert Practice.objects.get(pk=practice.pk).is_public
    decisions = AuditEntry.objects.filter(action="practice.status", schema_name=muni_a.schema_name)
    assert sorted(decisions.values_list("data__to", flat=True)) == [S.RECOMMENDED, S.REVIEWED]


def test_rejection_needs_a_comment_and_may_be_proposed_again(muni_a, methodologist_a):
    with tenant_context(muni_a):
        practice = PracticeFactory()
        with pytest.raises(ValidationError) as error:
            practice_status_change(practice=practice, status=S.REJECTED, acting_user=methodologist_a, comment="  ")
        assert error.value.message_dict == {"comment": ["Укажите, почему практика отклонена."]}
        practice_status_change(
            practice=practice, status=S.REJECTED, acting_user=methodologist_a, comment="Нет результатов."
        )
        assert practice.status == S.REJECTED and practice.status_comment == "Нет результатов."
        practice_status_change(practice=practice, status=S.PROPOSED, acting_user=methodologist_a)
        assert practice.status == S.PROPOSED


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), S.RECOMMENDED),  # proposed cannot skip the expert council
        ((), S.PROPOSED),
        ((S.REVIEWED, S.RECOMMENDED), S.REJECTED),  # recommended stays recommended
        ((S.REVIEWED,), S.REVIEWED),
        ((), "archived"),
    ],
)
def test_transitions_not_in_the_rules_are_refused(muni_a, methodologist_a, path, target):
    with tenant_context(muni_a):
        practice = PracticeFactory()
        for status in path:
            practice_status_change(practice=practice, status=status, acting_user=methodologist_a)
        with pytest.raises(ValidationError) as error:
            practice_status_change(practice=practice, status=target, acting_user=methodologist_a, comment="x")
        assert "Нельзя перевести практику из статуса" in error.value.messages[0]
        assert Practice.objects.get(pk=practice.pk).status == (path[-1] if path else S.PROPOSED)


@pytest.mark.parametrize("role", [Role.CHAIR, Role.TEACHER, None])
def test_only_methodologists_and_heads_decide(muni_a, make_user, role):
    user = make_user(role, muni_a) if role else None
    with tenant_context(muni_a):
        practice = PracticeFactory()
        with pytest.raises(PermissionDenied):
            practice_status_change(practice=practice, status=S.REVIEWED, acting_user=user)
        assert Practice.objects.get(pk=practice.pk).status == S.PROPOSED


def test_a_methodologist_of_another_municipality_cannot_decide(muni_a, muni_b, make_user):
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    with tenant_context(muni_a):
        practice = PracticeFactory()
        with pytest.raises(PermissionDenied):
            practice_status_change(practice=practice, status=S.REVIEWED, acting_user=methodologist_b)


def test_only_a_recommended_practice_may_be_public(muni_a, methodologist_a):
    with tenant_context(muni_a):
        practice = PracticeFactory(authors=[TeacherFactory()])
        practice_status_change(practice=practice, status=S.REVIEWED, acting_user=methodologist_a)
        with pytest.raises(ValidationError) as error:
            practice_update(practice=practice, acting_user=methodologist_a, data={"is_public": True})
        assert "только практику, рекомендованную к распространению" in str(error.value)
