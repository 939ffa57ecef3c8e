"""Agreement transitions and who may make them (004 §4.4, §4.10.4)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, AgreementStatus, Party
from agreements.services import (
    agreement_create,
    agreement_delete,
    agreement_renew,
    agreement_scan_attach,
    agreement_send,
    agreement_sign,
    agreement_terminate,
    agreement_update,
    agreements_expiry_advance,
)
from audit.models import AuditEntry

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture
def draft(muni_a, institute_user, agreement_fields):
    return agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields)


@pytest.fixture
def sent(draft, institute_user):
    return agreement_send(agreement=draft, acting_user=institute_user)


def sign_all(agreement, *, institute_user, committee_user, head, today=TODAY, order=None):
    signers = {Party.INSTITUTE: institute_user, Party.COMMITTEE: committee_user, Party.MUNICIPALITY: head}
    for party in order or [Party.MUNICIPALITY, Party.COMMITTEE, Party.INSTITUTE]:
        agreement = agreement_sign(agreement=agreement, party=party, acting_user=signers[party], today=today)
    return agreement


def test_only_the_institute_drafts(muni_a, person, agreement_fields):
    for name in ("committee", "operator", "head_a", "methodologist_a", "chair_a"):
        with pytest.raises(PermissionDenied):
            agreement_create(municipality=muni_a, acting_user=person(name), **agreement_fields)
    assert not Agreement.objects.exists()


def test_draft_is_audited_and_editable_until_sent(draft, institute_user):
    assert AuditEntry.objects.filter(action="agreement.create", municipality=draft.municipality).count() == 1
    agreement_update(agreement=draft, data={"number": "ТС-2025/02"}, acting_user=institute_user)
    draft.refresh_from_db()
    assert draft.number == "ТС-2025/02"
    agreement_send(agreement=draft, acting_user=institute_user)
    with pytest.raises(ValidationError, match="только проект"):
        agreement_update(agreement=draft, data={"number": "X"}, acting_user=institute_user)
    with pytest.raises(ValidationError):
        agreement_delete(agreement=draft, acting_user=institute_user)


def test_a_term_ending_before_it_starts_is_refused(muni_a, institute_user, agreement_fields):
    agreement_fields["term_to"] = agreement_fields["term_from"] - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields)
    assert "term_to" in error.value.message_dict


def test_nobody_signs_a_draft(draft, institute_user):
    with pytest.raises(ValidationError, match="направленное на подпись"):
        agreement_sign(agreement=draft, party=Party.INSTITUTE, acting_user=institute_user)


@pytest.mark.parametrize(
    "order",
    [
        [Party.MUNICIPALITY, Party.COMMITTEE, Party.INSTITUTE],
        [Party.INSTITUTE, Party.MUNICIPALITY, Party.COMMITTEE],
        [Party.COMMITTEE, Party.INSTITUTE, Party.MUNICIPALITY],
    ],
)
def test_in_force_only_once_all_three_signed_in_any_order(sent, institute_user, committee_user, head_a, order):
    signers = {Party.INSTITUTE: institute_user, Party.COMMITTEE: committee_user, Party.MUNICIPALITY: head_a}
    for index, party in enumerate(order):
        agreement = agreement_sign(agreement=sent, party=party, acting_user=signers[party], today=TODAY)
        expected = AgreementStatus.IN_FORCE if index == 2 else AgreementStatus.SENT
        assert agreement.status == expected
    signatures = {s.party: s for s in agreement.signatures.all()}
    assert signatures[Party.MUNICIPALITY].signed_by == head_a
    assert signatures[Party.COMMITTEE].signed_by == committee_user
    assert all(s.signed_at for s in signatures.values())
    assert AuditEntry.objects.filter(action="agreement.sign").count() == 3
    assert AuditEntry.objects.filter(action="agreement.in_force").count() == 1


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("committee", Party.INSTITUTE),
        ("institute", Party.COMMITTEE),
        ("institute", Party.MUNICIPALITY),
        ("methodologist_a", Party.MUNICIPALITY),
        ("chair_a", Party.MUNICIPALITY),
        ("head_b", Party.MUNICIPALITY),  # the head of another municipality
        ("operator", Party.COMMITTEE),
    ],
)
def test_each_party_signs_only_for_itself(sent, person, name, party):
    with pytest.raises(PermissionDenied):
        agreement_sign(agreement=sent, party=party, acting_user=person(name))
    assert not sent.signatures.exists()


def test_a_party_signs_once(sent, head_a):
    agreement_sign(agreement=sent, party=Party.MUNICIPALITY, acting_user=head_a)
    with pytest.raises(ValidationError, match="уже подписала"):
        agreement_sign(agreement=sent, party=Party.MUNICIPALITY, acting_user=head_a)


def test_expiry_moves_in_force_to_expiring_then_expired_once(sent, institute_user, committee_user, head_a):
    agreement = sign_all(sent, institute_user=institute_user, committee_user=committee_user, head=head_a)
    end = agreement.term_to
    assert agreements_expiry_advance(today=end - datetime.timedelta(days=61)) == {"expiring": 0, "expired": 0}
    assert agreements_expiry_advance(today=end - datetime.timedelta(days=60)) == {"expiring": 1, "expired": 0}
    assert agreements_expiry_advance(today=end - datetime.timedelta(days=59)) == {"expiring": 0, "expired": 0}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRING
    assert agreements_expiry_advance(today=end) == {"expiring": 0, "expired": 0}
    assert agreements_expiry_advance(today=end + datetime.timedelta(days=1)) == {"expiring": 0, "expired": 1}
    assert agreements_expiry_advance(today=end + datetime.timedelta(days=2)) == {"expiring": 0, "expired": 0}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED
    assert AuditEntry.objects.filter(action__in=["agreement.expiring", "agreement.expired"]).count() == 2


def test_signed_late_in_its_term_it_enters_as_expiring(sent, institute_user, committee_user, head_a):
    late = sent.term_to - datetime.timedelta(days=10)
    agreement = sign_all(sent, institute_user=institute_user, committee_user=committee_user, head=head_a, today=late)
    assert agreement.status == AgreementStatus.EXPIRING


def test_renewal_replaces_the_old_agreement_once_in_force(sent, institute_user, committee_user, head_a):
    old = sign_all(sent, institute_user=institute_user, committee_user=committee_user, head=head_a)
    new = agreement_renew(
        agreement=old,
        number="ТС-2028/01",
        concluded_on=datetime.date(2028, 8, 1),
        term_from=datetime.date(2028, 9, 1),
        term_to=datetime.date(2031, 8, 31),
        acting_user=institute_user,
    )
    assert new.replaces == old and new.status == AgreementStatus.DRAFT and new.obligations == old.obligations
    with pytest.raises(ValidationError, match="уже подготовлено"):
        agreement_renew(
            agreement=old,
            number="ТС-2028/02",
            concluded_on=datetime.date(2028, 8, 1),
            term_from=datetime.date(2028, 9, 1),
            term_to=datetime.date(2031, 8, 31),
            acting_user=institute_user,
        )
    agreement_send(agreement=new, acting_user=institute_user)
    sign_all(new, institute_user=institute_user, committee_user=committee_user, head=head_a)
    old.refresh_from_db()
    assert old.status == AgreementStatus.RENEWED and old.renewed_by == new


def test_terminate_needs_the_institute_and_a_reason(sent, institute_user, committee_user):
    with pytest.raises(PermissionDenied):
        agreement_terminate(agreement=sent, reason="решение сторон", acting_user=committee_user)
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=sent, reason="  ", acting_user=institute_user)
    agreement = agreement_terminate(agreement=sent, reason="решение сторон", acting_user=institute_user)
    assert agreement.status == AgreementStatus.TERMINATED
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=agreement, reason="ещё раз", acting_user=institute_user)


def test_the_scan_must_be_a_pdf_and_is_stored_under_the_municipality(sent, institute_user, muni_a):
    fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        agreement_scan_attach(agreement=sent, file=fake, acting_user=institute_user)
    assert "scan" in error.value.message_dict
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    agreement = agreement_scan_attach(agreement=sent, file=pdf, acting_user=institute_user)
    try:
        assert agreement.scan.name.startswith(f"agreements/{muni_a.slug}/") and agreement.scan.name.endswith(".pdf")
        assert agreement.scan.path.endswith(agreement.scan.name) and "/public/" in agreement.scan.path
        assert agreement.scan.read().startswith(b"%PDF")
    finally:
        agreement.scan.delete(save=False)


def test_scan_refused_on_a_draft(draft, institute_user):
    with pytest.raises(ValidationError):
        agreement_scan_attach(agreement=draft, file=io.BytesIO(b"%PDF-1.4\n"), acting_user=institute_user)
