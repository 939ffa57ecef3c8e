"""Mentoring of young teachers and the young teacher school.

002 §2.2 puts mentoring among the methodological support of teachers; 004 §3.3.4 asks the
service to organise mentoring (наставничество) and support teachers' individual routes. A
mentorship pairs an experienced teacher with a young one (under three years of teaching,
``people.Teacher.is_young``) for a period, with goals, a plan and a result. Young teachers
without an active mentor are flagged (``tenants.mentoring.selectors``).

The young teacher school (000 §3.7, 001 §3.7: «Школа молодого педагога») is a programme per
academic year: sessions on set dates, each optionally held as an event of the service, with its
participants and who attended each session.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.people.models import Teacher


class MentorshipStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    ACTIVE = "active", _("Действует")
    COMPLETED = "completed", _("Завершено")
    TERMINATED = "terminated", _("Прекращено досрочно")


FINISHED_STATUSES = (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED)


class Mentorship(models.Model):
    """A mentor and a young teacher for a period (002 §2.2, 004 §3.3.4)."""

    mentor = models.ForeignKey(
        Teacher, on_delete=models.PROTECT, related_name="mentorships_as_mentor", verbose_name=_("наставник")
    )
    mentee = models.ForeignKey(
        Teacher, on_delete=models.PROTECT, related_name="mentorships_as_mentee", verbose_name=_("молодой педагог")
    )
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    goals = models.TextField(_("цели"))
    plan = models.TextField(
        _("план работы"),
        blank=True,
        help_text=_("Шаги по порядку, по одному в строке: посещение уроков, совместное планирование, открытый урок…"),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=MentorshipStatus.choices, default=MentorshipStatus.PLANNED
    )
    result = models.TextField(_("результат"), blank=True, help_text=_("Обязателен, когда наставничество завершено."))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("наставничество")
        verbose_name_plural = _("наставничество")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentorship_mentor_is_not_mentee",
                violation_error_message=_("Наставник и молодой педагог должны быть разными людьми."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mentorship_period_order",
                violation_error_message=_("Окончание наставничества не может быть раньше начала."),
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="mentorship_one_active_per_mentee",
                violation_error_message=_("У этого молодого педагога уже есть действующий наставник."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    @property
    def plan_steps(self) -> list[str]:
        return [line.strip(" -–•\t") for line in self.plan.splitlines() if line.strip(" -–•\t")]

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.status == MentorshipStatus.COMPLETED and not self.result.strip():
            errors.setdefault("result", []).append(_("Опишите результат наставничества."))
        if self.status in FINISHED_STATUSES and self.ends_on is None:
            errors.setdefault("ends_on", []).append(_("Укажите дату окончания наставничества."))
        mentee = self.mentee if self.mentee_id is not None else None
        if (
            mentee is not None
            and self.starts_on
            and mentee.teaching_since is not None
            and not mentee.is_young(on=self.starts_on)
        ):
            errors.setdefault("mentee", []).append(
                _("Наставник закрепляется за молодым педагогом: на дату начала стаж должен быть меньше трёх лет.")
            )
        if errors:
            raise ValidationError(errors)


class MeetingForm(models.TextChoices):
    LESSON_VISIT = "lesson_visit", _("Посещение урока")
    JOINT_PLANNING = "joint_planning", _("Совместное планирование")
    OPEN_LESSON = "open_lesson", _("Открытый урок молодого педагога")
    CONSULTATION = "consultation", _("Консультация")
    OTHER = "other", _("Другое")


class MentorshipMeeting(models.Model):
    """A meeting of a mentoring pair (002 §2.2): when, in what form, what was done. The
    methodologists' home counts the active pairs without one this quarter (issue 21)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("наставничество")
    )
    date = models.DateField(_("дата"))
    form = models.CharField(_("форма"), max_length=20, choices=MeetingForm.choices, default=MeetingForm.CONSULTATION)
    notes = models.TextField(_("что сделано"), blank=True)

    class Meta:
        verbose_name = _("встреча наставника и молодого педагога")
        verbose_name_plural = _("встречи наставников и молодых педагогов")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["mentorship", "date"], name="mentorship_meeting_date")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.mentorship}"

    def clean(self) -> None:
        mentorship = self.mentorship if self.mentorship_id is not None else None
        if mentorship is None or self.date is None:
            return
        if self.date < mentorship.starts_on or (mentorship.ends_on is not None and self.date > mentorship.ends_on):
            message = _("Встреча должна быть в сроки наставничества (%(period)s).")
            raise ValidationError({"date": message % {"period": _period(mentorship)}})


def _period(mentorship: Mentorship) -> str:
    end = f"{mentorship.ends_on:%d.%m.%Y}" if mentorship.ends_on else "…"
    return f"{mentorship.starts_on:%d.%m.%Y} — {end}"


# Where a mentorship may go from each status (the same status is always allowed: an edit).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    MentorshipStatus.PLANNED: (MentorshipStatus.ACTIVE, MentorshipStatus.TERMINATED),
    MentorshipStatus.ACTIVE: (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED),
    MentorshipStatus.COMPLETED: (),
    MentorshipStatus.TERMINATED: (),
}


class SchoolProgramme(models.Model):
    """The young teacher school's programme for one academic year (000 §3.7, 001 §3.7)."""

    academic_year = AcademicYearField(_("учебный год"), unique=True)
    title = models.CharField(_("название"), max_length=300, default="Школа молодого педагога")
    goals = models.TextField(_("цели и задачи"), blank=True)
    participants = models.ManyToManyField(
        Teacher, blank=True, related_name="young_teacher_schools", verbose_name=_("участники")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("программа школы молодого педагога")
        verbose_name_plural = _("школа молодого педагога")
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.title}, {AcademicYear(self.academic_year).label}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)


class SchoolSession(models.Model):
    """One session of the school: a date, a topic, optionally the service's event it was held as."""

    programme = models.ForeignKey(
        SchoolProgramme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("программа")
    )
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    form_of_work = models.CharField(
        _("форма"), max_length=200, blank=True, help_text=_("Семинар, практикум, мастер-класс, тренинг…")
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="young_teacher_sessions",
        verbose_name=_("мероприятие"),
        help_text=_("Если занятие проводится как мероприятие службы."),
    )
    attendees = models.ManyToManyField(
        Teacher, blank=True, related_name="young_teacher_sessions_attended", verbose_name=_("присутствовали")
    )

    class Meta:
        verbose_name = _("занятие школы молодого педагога")
        verbose_name_plural = _("занятия школы молодого педагога")
        ordering = ["programme", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.topic}"

    def clean(self) -> None:
        if self.programme_id is not None and self.date and not self.programme.year.contains(self.date):
            raise ValidationError(
                {
                    "date": _("Дата занятия должна приходиться на учебный год программы (%(year)s).")
                    % {"year": self.programme.year.label}
                }
            )
