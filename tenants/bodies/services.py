"""Writes of the municipality's bodies: every one goes through the audited actions.

Each service runs in the municipality's schema and in one transaction; the audited actions write
Wagtail's log entry (the admin's history) and the region's audit row for every object saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, Role, User
from accounts.selectors import user_by_verified_email
from accounts.services import role_grant, role_revoke, user_invite
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.bodies.models import (
    ASSOCIATION_KINDS,
    SINGLE_HOLDER_ROLES,
    AssociationLeader,
    Body,
    BodyKind,
    BodyMaterial,
    BodyMeeting,
    BodyMembership,
    BodyYear,
    MemberRole,
)
from tenants.bodies.selectors import body_composition
from tenants.media_storage import schema_storage
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.organisations.models import Organisation
from tenants.people.models import Subject, Teacher

BODY_FIELDS = frozenset(
    {
        "name",
        "description",
        "subject",
        "category",
        "organisation",
        "topic",
        "goal",
        "term_start",
        "term_end",
        "coordination_area",
        "since_year",
        "until_year",
        "kind",
    }
)
MEMBERSHIP_FIELDS = frozenset({"role", "start_date", "end_date", "position_note"})
BODY_YEAR_FIELDS = frozenset(
    {
        "composition_order_number",
        "composition_order_date",
        "plan_text",
        "plan_file",
        "analysis_text",
        "analysis_file",
    }
)
MEETING_FIELDS = frozenset({"date", "number", "agenda", "minutes"})


def _start(year: AcademicYear | int | None) -> int | None:
    if year is None:
        return None
    return year.start if isinstance(year, AcademicYear) else int(year)


def _set_fields(instance: Any, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def body_create(
    *,
    kind: str,
    name: str,
    since_year: AcademicYear,
    acting_user: ActingUser,
    until_year: AcademicYear | None = None,
    description: str = "",
    subject: Subject | None = None,
    category: str = "",
    organisation: Organisation | None = None,
    topic: str = "",
    goal: str = "",
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    coordination_area: str = "",
    head: Teacher | None = None,
) -> Body:
    """Create a body; ``head`` becomes its leader (its chair, for a council) in ``since_year``.

    A ГМО is created with its leader (002 table 2: an association has a leader).
    """
    if kind == BodyKind.CITY_ASSOCIATION and head is None:
        raise ValidationError({"head": _("У ГМО должен быть руководитель: выберите педагога.")})
    body = audited_create(
        Body(
            kind=kind,
            name=name.strip(),
            description=description,
            subject=subject,
            category=category.strip(),
            organisation=organisation,
            topic=topic.strip(),
            goal=goal,
            term_start=term_start,
            term_end=term_end,
            coordination_area=coordination_area,
            since_year=since_year.start,
            until_year=_start(until_year),
        ),
        acting_user=acting_user,
    )
    if head is not None:
        body_membership_create(
            body=body, academic_year=since_year, role=body.head_role, teacher=head, acting_user=acting_user
        )
    return body


@transaction.atomic
def body_update(*, body: Body, acting_user: ActingUser, **fields: Any) -> Body:
    for year_field in ("since_year", "until_year"):
        if year_field in fields:
            fields[year_field] = _start(fields[year_field])
    _set_fields(body, fields, BODY_FIELDS)
    return audited_update(body, acting_user=acting_user)


@transaction.atomic
def body_delete(*, body: Body, acting_user: ActingUser) -> None:
    audited_delete(body, acting_user=acting_user)


@transaction.atomic
def body_membership_create(
    *,
    body: Body,
    academic_year: AcademicYear,
    acting_user: ActingUser,
    role: str = MemberRole.MEMBER,
    teacher: Teacher | None = None,
    user: User | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    position_note: str = "",
) -> BodyMembership:
    """Add a person to the body's composition for one academic year (see ``BodyMembership.clean``)."""
    return audited_create(
        BodyMembership(
            body=body,
            academic_year=academic_year.start,
            role=role,
            teacher=teacher,
            user=user,
            start_date=start_date,
            end_date=end_date,
            position_note=position_note,
        ),
        acting_user=acting_user,
    )


@transaction.atomic
def body_membership_update(*, membership: BodyMembership, acting_user: ActingUser, **fields: Any) -> BodyMembership:
    _set_fields(membership, fields, MEMBERSHIP_FIELDS)
    return audited_update(membership, acting_user=acting_user)


@transaction.atomic
def body_membership_delete(*, membership: BodyMembership, acting_user: ActingUser) -> None:
    audited_delete(membership, acting_user=acting_user)


@dataclass
class CompositionCopy:
    """What copying a composition did: who was added, who was already there, who was left out."""

    created: list[BodyMembership] = field(default_factory=list)
    already_present: int = 0
    left_during_year: int = 0
    # Copied as plain members: the role was already held by someone else in the target year.
    role_taken: list[BodyMembership] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


@transaction.atomic
def body_composition_copy(
    *, body: Body, from_year: AcademicYear, to_year: AcademicYear, acting_user: ActingUser
) -> CompositionCopy:
    """Prepare ``to_year``'s composition from ``from_year``'s (001 §3.1: the yearly forming of ГМО).

    Idempotent: a person already in ``to_year`` is left as they are, so running it twice adds
    nobody the second time. Those who left during ``from_year`` (their period ends before its
    last day) are not carried over. Periods are not copied: the new year's members are in for
    the whole year. A role held by one person only (chair, leader, secretary) that is already
    taken in ``to_year`` is copied as a plain membership, and reported.
    """
    if from_year == to_year:
        raise ValidationError(_("Состав копируется на другой учебный год."), code="same_year")
    if not body.is_active_in(to_year):
        raise ValidationError(
            _("«%(body)s» не работает в %(year)s учебном году: копировать состав некуда.")
            % {"body": body, "year": to_year.label},
            code="inactive_year",
        )
    # Locks the body's row: two copies at once wait for each other instead of both adding.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    existing = BodyMembership.objects.filter(body=body, academic_year=to_year.start)
    present_teachers = set(existing.exclude(teacher=None).values_list("teacher_id", flat=True))
    present_users = set(existing.exclude(user=None).values_list("user_id", flat=True))
    taken_roles = set(existing.filter(role__in=SINGLE_HOLDER_ROLES).values_list("role", flat=True))

    result = CompositionCopy()
    for source in body_composition(body=body, academic_year=from_year):
        if source.end_date is not None and source.end_date < from_year.last_day:
            result.left_during_year += 1
            continue
        if (source.teacher_id is not None and source.teacher_id in present_teachers) or (
            source.user_id is not None and source.user_id in present_users
        ):
            result.already_present += 1
            continue
        role = source.role
        demoted = role in taken_roles
        if demoted:
            role = MemberRole.MEMBER
        elif role in SINGLE_HOLDER_ROLES:
            taken_roles.add(role)
        copy = body_membership_create(
            body=body,
            academic_year=to_year,
            role=role,
            teacher=source.teacher,
            user=source.user,
            position_note=source.position_note,
            acting_user=acting_user,
        )
        result.created.append(copy)
        if demoted:
            result.role_taken.append(copy)
    if result.changed:
        data = {
            "body": body.pk,
            "from_year": from_year.label,
            "to_year": to_year.label,
            "created": len(result.created),
            "already_present": result.already_present,
            "left_during_year": result.left_during_year,
            "role_taken": len(result.role_taken),
        }
        log(instance=body, action="bodies.composition_copy", user=acting_user, data=data)
        audit_record_municipal(
            action="body.composition_copy",
            acting_user=acting_user,
            target=f"body#{body.pk}: {body}",
            data=data,
        )
    return result


def _body_year(body: Body, academic_year: AcademicYear) -> BodyYear:
    return BodyYear.objects.filter(body=body, academic_year=academic_year.start).first() or BodyYear(
        body=body, academic_year=academic_year.start
    )


@transaction.atomic
def body_year_save(*, body: Body, academic_year: AcademicYear, acting_user: ActingUser, **fields: Any) -> BodyYear:
    """Create or change the body's record of one year: the approving order, plan of work, analysis."""
    body_year = _body_year(body, academic_year)
    _set_fields(body_year, fields, BODY_YEAR_FIELDS)
    if body_year.pk is None:
        return audited_create(body_year, acting_user=acting_user)
    return audited_update(body_year, acting_user=acting_user)


@transaction.atomic
def body_composition_approve(
    *,
    body: Body,
    academic_year: AcademicYear,
    order_number: str,
    order_date: datetime.date,
    acting_user: ActingUser,
) -> BodyYear:
    """Record the order approving the year's composition (003 §3.3, 004 §4.10.2).

    The composition must have the person heading the body — the chair of a council, the leader
    of an association or group (``BodyYear.clean``).
    """
    return body_year_save(
        body=body,
        academic_year=academic_year,
        composition_order_number=order_number.strip(),
        composition_order_date=order_date,
        acting_user=acting_user,
    )


def meeting_attendees_check(*, body: Body, date: datetime.date, attendees: Iterable[BodyMembership]) -> None:
    """Who attended must be in the body's composition for the meeting's academic year."""
    year = AcademicYear.of(date)
    strangers = [m for m in attendees if m.body_id != body.pk or m.academic_year != year.start]
    if strangers:
        raise ValidationError(
            {
                "attendees": _(
                    "Присутствовавшие отмечаются из состава «%(body)s» на %(year)s учебный год; "
                    "не из этого состава: %(names)s."
                )
                % {"body": body, "year": year.label, "names": ", ".join(m.person_name for m in strangers)}
            }
        )


@transaction.atomic
def body_meeting_create(
    *,
    body: Body,
    date: datetime.date,
    agenda: str,
    acting_user: ActingUser,
    number: str = "",
    minutes: File | None = None,
    attendees: Iterable[BodyMembership] = (),
) -> BodyMeeting:
    attendees = list(attendees)
    meeting = BodyMeeting(body=body, date=date, agenda=agenda, number=number.strip())
    if minutes is not None:
        meeting.minutes = minutes  # type: ignore[assignment]
    meeting_attendees_check(body=body, date=date, attendees=attendees)
    meeting = audited_create(meeting, acting_user=acting_user)
    if attendees:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def body_meeting_update(
    *,
    meeting: BodyMeeting,
    acting_user: ActingUser,
    attendees: Iterable[BodyMembership] | None = None,
    **fields: Any,
) -> BodyMeeting:
    _set_fields(meeting, fields, MEETING_FIELDS)
    if attendees is not None:
        attendees = list(attendees)
        meeting_attendees_check(body=meeting.body, date=meeting.date, attendees=attendees)
    meeting = audited_update(meeting, acting_user=acting_user)
    if attendees is not None:
        before = set(meeting.attendees.values_list("pk", flat=True))
        after = {m.pk for m in attendees}
        if before != after:
            meeting.attendees.set(attendees)
            audit_record_municipal(
                action="body_meeting.attendance",
                acting_user=acting_user,
                target=f"bodymeeting#{meeting.pk}: {meeting}",
                data={"id": meeting.pk, "attendees": sorted(after)},
            )
    return meeting


@transaction.atomic
def body_meeting_delete(*, meeting: BodyMeeting, acting_user: ActingUser) -> None:
    audited_delete(meeting, acting_user=acting_user)


@transaction.atomic
def body_material_add(
    *, body: Body, academic_year: AcademicYear, title: str, file: File, acting_user: ActingUser
) -> BodyMaterial:
    """Keep a material of the body's year (a PDF, DOCX or ODT checked by its content)."""
    material = BodyMaterial(body=body, academic_year=academic_year.start, title=title.strip())
    material.file = file  # type: ignore[assignment]
    if acting_user is not None and acting_user.is_authenticated:
        material.uploaded_by = acting_user  # type: ignore[assignment]
    return audited_create(material, acting_user=acting_user)


@transaction.atomic
def body_material_delete(*, material: BodyMaterial, acting_user: ActingUser) -> None:
    """Remove a material; its file goes from the storage once the removal is committed."""
    name = material.file.name
    audited_delete(material, acting_user=acting_user)
    if name:
        # The default storage follows the schema in use; pin this one's, whoever runs the callback.
        storage = schema_storage(schema_active())
        transaction.on_commit(lambda: storage.delete(name))


# Association leaders (issue 15 §1; 002 table 2, 003 §5.1): accounts that keep a body's year.


@transaction.atomic
def association_leader_appoint(
    *,
    municipality: Municipality,
    body: Body,
    acting_user: ActingUser,
    email: str = "",
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    middle_name: str = "",
) -> AssociationLeader:
    """Let the owner of ``email`` keep ``body``'s year in the admin, with the role
    «Руководитель методического объединения» in ``municipality`` and an invitation.

    Associations and groups only (councils are chaired by the service's own staff); a person may
    lead several. The same again is a no-op. ``user`` instead of ``email``: an existing account,
    given the role without an invitation.
    """
    if body.kind not in ASSOCIATION_KINDS:
        raise ValidationError(
            _("Руководитель назначается методическому объединению или творческой группе, а не совету."),
            code="not_association",
        )
    existing_user = user if user is not None else user_by_verified_email(email)
    if existing_user is not None:
        held = AssociationLeader.objects.filter(user=existing_user, body=body).first()
        if held is not None:
            return held
    if user is not None:
        role_grant(
            user=user, role=Role.ASSOCIATION_LEADER, municipality=municipality, acting_user=acting_user, binding=True
        )
    else:
        user = user_invite(
            municipality=municipality,
            email=email,
            role=Role.ASSOCIATION_LEADER,
            acting_user=acting_user,
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            binding=True,
        )
    return audited_create(AssociationLeader(body=body, user=user), acting_user=acting_user)


@transaction.atomic
def association_leader_remove(
    *, municipality: Municipality, leader: AssociationLeader, acting_user: ActingUser
) -> None:
    """Take one body from a leader; with their last body goes the role in ``municipality``."""
    user = leader.user
    audited_delete(leader, acting_user=acting_user)
    if not AssociationLeader.objects.filter(user=user).exists():
        role_revoke(
            user=user, role=Role.ASSOCIATION_LEADER, municipality=municipality, acting_user=acting_user, binding=True
        )
