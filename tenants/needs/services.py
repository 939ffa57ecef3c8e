"""Writes of needs questionnaires: one path for the admin's screens, the personal link, the
teacher's account, the reminders' task, the demo and tests.

Each runs in the municipality's schema and one transaction with its audit row; e-mails go out
after the transaction commits. An anonymous answer's audit row names neither the person nor the
response (``acting_user=None``), so the log cannot re-link them either.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.development.models import CompetenceArea, DiagnosticInstrument, ResultLevel
from tenants.development.services import ResultData, diagnostic_create
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality
from tenants.needs.links import answer_url
from tenants.needs.models import (
    CHOICE_KINDS,
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    QuestionOption,
    Recipient,
    Response,
)
from tenants.people.models import Teacher

logger = logging.getLogger(__name__)


def _audit(verb: str, questionnaire: Questionnaire, acting_user: ActingUser, **data: Any) -> None:
    audit_record_municipal(
        action=f"needs_questionnaire.{verb}",
        acting_user=acting_user,
        target=f"questionnaire#{questionnaire.pk}: {questionnaire.title}",
        data={"id": questionnaire.pk, **data},
    )


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


# Building ------------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    acting_user: ActingUser,
    title: str,
    closes_on: datetime.date,
    is_anonymous: bool = True,
    description: str = "",
) -> Questionnaire:
    questionnaire = Questionnaire(
        title=title.strip(), closes_on=closes_on, is_anonymous=is_anonymous, description=description.strip()
    )
    questionnaire.full_clean()
    questionnaire.save()
    _audit("create", questionnaire, acting_user, anonymous=is_anonymous)
    return questionnaire


def questionnaire_check_editable(questionnaire: Questionnaire) -> None:
    """Questions change only in a draft: answers already given must mean what they meant."""
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError(_("Анкета уже разослана: вопросы больше не меняются."), code="not_draft")


@transaction.atomic
def question_add(
    *,
    acting_user: ActingUser,
    questionnaire: Questionnaire,
    text: str,
    kind: str,
    options: Sequence[tuple[str, CompetenceArea | None]] = (),
    required: bool = True,
    competence_area: CompetenceArea | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    need_at_most: int | None = None,
) -> Question:
    questionnaire_check_editable(_locked(questionnaire))
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ValidationError(_("У вопроса с выбором должно быть не меньше двух вариантов."), code="options")
    position = questionnaire.questions.count() + 1
    question = Question(
        questionnaire=questionnaire,
        position=position,
        text=text.strip(),
        kind=kind,
        required=required,
        competence_area=competence_area,
        scale_min=scale_min,
        scale_max=scale_max,
        need_at_most=need_at_most,
    )
    question.full_clean()
    for index, (option_text, area) in enumerate(options if kind in CHOICE_KINDS else ()):
        question.options.add(QuestionOption(text=option_text.strip(), competence_area=area, sort_order=index))
    question.save()
    audit_record_municipal(
        action="needs_question.create",
        acting_user=acting_user,
        target=f"question#{question.pk}: {question.text[:100]}",
        data={"id": question.pk, "questionnaire": questionnaire.pk},
    )
    return question


# Sending ------------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_send(
    *, questionnaire: Questionnaire, teachers: Iterable[Teacher], acting_user: ActingUser, notify: bool = True
) -> list[Recipient]:
    """Send the questionnaire to ``teachers`` (those not yet among its recipients) and open it.

    Each new recipient gets a personal link by e-mail after the commit (those without an address
    answer in their account). A closed questionnaire is not sent; one with no question neither.
    ``notify=False`` writes the recipients without the letters (the demo, whose addresses are made up).
    """
    locked = _locked(questionnaire)
    today = timezone.localdate()
    if locked.status == QuestionnaireStatus.CLOSED:
        raise ValidationError(_("Анкета завершена: её нельзя разослать."), code="closed")
    if locked.closes_on < today:
        raise ValidationError(_("Срок приёма ответов уже прошёл: измените дату «Принимать ответы до»."), code="late")
    if not locked.questions.exists():
        raise ValidationError(_("В анкете нет ни одного вопроса."), code="empty")
    already = set(locked.recipients.values_list("teacher_id", flat=True))
    new = [
        Recipient(questionnaire=locked, teacher=teacher, email=(teacher.email or "").strip().lower())
        for teacher in teachers
        if teacher.pk not in already
    ]
    if not new and not already:
        raise ValidationError(_("Не выбран ни один педагог."), code="nobody")
    created = Recipient.objects.bulk_create(new)
    if locked.status == QuestionnaireStatus.DRAFT:
        locked.status = QuestionnaireStatus.OPEN
        locked.sent_at = timezone.now()
        locked.save(update_fields=["status", "sent_at"])
    _audit("send", locked, acting_user, recipients=len(created))
    municipality = current_municipality()
    ids = [r.pk for r in created if r.email]
    if notify and ids and municipality is not None:
        transaction.on_commit(lambda: invitations_send(municipality=municipality, recipient_ids=ids))
    return created


def _mail(kind: str, municipality: Municipality, recipient: Recipient) -> None:
    context = {
        "municipality": municipality,
        "questionnaire": recipient.questionnaire,
        "teacher": recipient.teacher,
        "link": answer_url(municipality, recipient.link_key),
    }
    with translation.override("ru"):
        subject = " ".join(render_to_string(f"needs/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"needs/email/{kind}_message.txt", context)
    municipal_mail_send(municipality=municipality, subject=subject, body=body, to=[recipient.email])


def invitations_send(*, municipality: Municipality, recipient_ids: Sequence[int]) -> int:
    """E-mail the personal links (after the send's commit); each recipient at most once.

    The ``sent_at`` mark is claimed before sending and given back if the mail server refuses, so
    a second call sends only what was not sent.
    """
    sent = 0
    for recipient_id in recipient_ids:
        now = timezone.now()
        if not Recipient.objects.filter(pk=recipient_id, sent_at__isnull=True).update(sent_at=now):
            continue
        recipient = Recipient.objects.select_related("questionnaire", "teacher").get(pk=recipient_id)
        try:
            _mail("invitation", municipality, recipient)
        except OSError:
            Recipient.objects.filter(pk=recipient_id).update(sent_at=None)
            logger.exception("needs recipient %s: the invitation was not sent", recipient_id)
            continue
        sent += 1
    return sent


@transaction.atomic
def invitations_resend(*, questionnaire: Questionnaire, acting_user: ActingUser) -> int:
    """Send again, after the commit, the letters the mail server did not take; how many are due."""
    locked = _locked(questionnaire)
    if not locked.accepts_answers():
        raise ValidationError(_("Анкета не принимает ответы: письма не отправляются."), code="not_accepting")
    ids = list(locked.recipients.filter(sent_at__isnull=True).exclude(email="").values_list("pk", flat=True))
    _audit("resend", locked, acting_user, recipients=len(ids))
    municipality = current_municipality()
    if ids and municipality is not None:
        transaction.on_commit(lambda: invitations_send(municipality=municipality, recipient_ids=ids))
    return len(ids)


REMIND_DAYS_BEFORE = 3


def reminders_due(today: datetime.date) -> Any:
    """Recipients of open questionnaires that close within three days, not answered, not reminded."""
    return Recipient.objects.filter(
        questionnaire__status=QuestionnaireStatus.OPEN,
        questionnaire__closes_on__gte=today,
        questionnaire__closes_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        answered=False,
        reminded_at__isnull=True,
        sent_at__isnull=False,
    ).exclude(email="")


def reminders_send(*, municipality: Municipality, today: datetime.date | None = None) -> list[str]:
    """Remind those who have not answered, once each (beat's task in the municipality's schema).

    In one transaction the due recipients are claimed (``reminded_at``) with the audit row; the
    letters go after the commit. A second run finds nobody; a letter the mail server refused
    gives its claim back for the next run.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        ids = list(reminders_due(today).select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True))
        if not ids:
            return []
        Recipient.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
        audit_record_municipal(
            action="needs_questionnaire.remind", acting_user=None, target="", data={"recipients": len(ids)}
        )
        emails: list[str] = []
        transaction.on_commit(lambda: emails.extend(_reminders_mail(municipality, ids)))
    return emails


def _reminders_mail(municipality: Municipality, ids: list[int]) -> list[str]:
    sent = []
    for recipient in Recipient.objects.select_related("questionnaire", "teacher").filter(pk__in=ids):
        try:
            _mail("reminder", municipality, recipient)
        except OSError:
            Recipient.objects.filter(pk=recipient.pk).update(reminded_at=None)
            logger.exception("needs recipient %s: the reminder was not sent", recipient.pk)
            continue
        sent.append(recipient.email)
    return sent


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire, acting_user: ActingUser) -> Questionnaire:
    """Stop taking answers now (the links stop working too)."""
    locked = _locked(questionnaire)
    if locked.status == QuestionnaireStatus.CLOSED:
        return locked
    locked.status = QuestionnaireStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _audit("close", locked, acting_user)
    return locked


# Answering -----------------------------------------------------------------------------------

ALREADY_ANSWERED = "already_answered"
NOT_ACCEPTING = "not_accepting"


@dataclass(frozen=True)
class Needs:
    """The competence areas a response shows a need in."""

    area_ids: frozenset[int]


def _answers_build(questionnaire: Questionnaire, values: Mapping[int, Any]) -> tuple[list[Answer], set[int]]:
    """Answer rows from ``values`` (question id → option id, option ids, an int or text), checked
    against the questions; and the competence areas the answers show a need in."""
    errors: dict[str, list[str]] = {}
    rows: list[Answer] = []
    needs: set[int] = set()
    for question in questionnaire.questions.prefetch_related("options"):
        raw = values.get(question.pk)
        key = f"q{question.pk}"
        empty = raw in (None, "", [], ())
        if empty:
            if question.required:
                errors[key] = [_("Ответьте на этот вопрос.")]
            continue
        options = {o.pk: o for o in question.options.all()}
        if question.kind in CHOICE_KINDS:
            chosen = list(raw) if isinstance(raw, (list, tuple, set)) else [raw]
            try:
                chosen_ids = [int(c) for c in chosen]
            except (TypeError, ValueError):
                chosen_ids = [-1]
            if any(c not in options for c in chosen_ids) or (
                question.kind == QuestionKind.SINGLE and len(chosen_ids) != 1
            ):
                errors[key] = [_("Выберите вариант из предложенных.")]
                continue
            for option_id in dict.fromkeys(chosen_ids):
                rows.append(Answer(question=question, option=options[option_id]))
                if options[option_id].competence_area_id:
                    needs.add(options[option_id].competence_area_id)  # type: ignore[arg-type]
        elif question.kind == QuestionKind.SCALE:
            try:
                value = int(str(raw))
            except (TypeError, ValueError):
                value = question.scale_min - 1
            if value not in question.scale_values:
                errors[key] = [
                    _("Выберите значение от %(min)s до %(max)s.")
                    % {"min": question.scale_min, "max": question.scale_max}
                ]
                continue
            rows.append(Answer(question=question, value=value))
            if question.competence_area_id and question.need_at_most is not None and value <= question.need_at_most:
                needs.add(question.competence_area_id)
        else:
            text = str(raw).strip()
            if len(text) > 3000:
                errors[key] = [_("Ответ длиннее 3000 знаков.")]
                continue
            if text:
                rows.append(Answer(question=question, text=text))
            elif question.required:
                errors[key] = [_("Ответьте на этот вопрос.")]
    if errors:
        raise ValidationError(errors)
    return rows, needs


@transaction.atomic
def response_submit(*, recipient: Recipient, values: Mapping[int, Any], acting_user: ActingUser) -> Response:
    """Take a recipient's answers (by their link or in their account), once.

    Refused with a Russian message when the questionnaire no longer takes answers or the
    recipient has answered. Anonymous: the response keeps neither the recipient nor the teacher
    and the audit row names nobody; named: the needs shown open the teacher's deficits
    (``tenants.development``: a diagnostic «анкета потребностей», one result per area).
    """
    locked = Recipient.objects.select_for_update().select_related("questionnaire", "teacher").get(pk=recipient.pk)
    questionnaire = locked.questionnaire
    if not questionnaire.accepts_answers():
        raise ValidationError(_("Анкета уже не принимает ответы: срок опроса закончился."), code=NOT_ACCEPTING)
    if locked.answered:
        raise ValidationError(
            _("Вы уже ответили на эту анкету. Повторный ответ не принимается."), code=ALREADY_ANSWERED
        )
    rows, needs = _answers_build(questionnaire, values)
    teacher = locked.teacher
    anonymous = questionnaire.is_anonymous
    response = Response.objects.create(
        questionnaire=questionnaire,
        recipient=None if anonymous else locked,
        teacher=None if anonymous else teacher,
        organisation_id=teacher.organisation_id,
        submitted_on=timezone.localdate(),
    )
    response.subjects.set(list(teacher.subjects.all()))
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    locked.answered = True
    locked.save(update_fields=["answered"])
    if anonymous:
        _audit("answer", questionnaire, None, anonymous=True)
        return response
    _audit("answer", questionnaire, acting_user, anonymous=False, response=str(response.pk), needs=sorted(needs))
    if needs:
        _deficits_open(questionnaire=questionnaire, teacher=teacher, area_ids=needs, acting_user=acting_user)
    return response


def _deficits_open(
    *, questionnaire: Questionnaire, teacher: Teacher, area_ids: set[int], acting_user: ActingUser
) -> None:
    """A named answer's needs become the teacher's deficits (004 §3.3.1), by the development app's
    own write: a diagnostic «самооценка в анкете» whose results mark the areas."""
    areas = list(CompetenceArea.objects.filter(pk__in=area_ids))
    diagnostic_create(
        acting_user=signed_in_user(acting_user),  # a visitor by the link: the system opens them
        teacher=teacher,
        held_on=timezone.localdate(),
        instrument=DiagnosticInstrument.MUNICIPAL,
        instrument_name=_("Анкета потребностей «%(title)s» (самооценка)") % {"title": questionnaire.title[:400]},
        results=[ResultData(area=area, level=ResultLevel.INSUFFICIENT, is_deficit=True) for area in areas],
        notes=_("Потребность, названная педагогом в анкете."),
    )
