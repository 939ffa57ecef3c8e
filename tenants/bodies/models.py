"""The municipality's methodological bodies: councils, associations and groups (its own schema).

One model, :class:`Body`, with a kind, stands for every element of the service's structure that
has members and meets — the methodological council, city and school associations, creative
groups, the expert council and coordination councils (000 §1.6, 003 §2.2, 004 §4.2) — instead
of a table per kind. Kind-specific fields are optional and checked per kind in ``Body.clean``.

What changes from year to year is kept by academic year: the composition
(:class:`BodyMembership`), the order approving it, the plan of work and the analysis of the year
(:class:`BodyYear`, 003 §5.1), and the meetings (:class:`BodyMeeting`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from tenants.academic_years import AcademicYear, AcademicYearField, Month
from tenants.organisations.models import Organisation
from tenants.people.models import Subject, Teacher
from tenants.uploads import validate_document_upload

BODY_DOCUMENT_MAX_SIZE = 10 * 1024 * 1024
BODY_DOCUMENT_KINDS = ("pdf", "docx", "odt")


def validate_body_document(value: Any) -> None:
    """A newly uploaded minutes, plan or analysis file: PDF, DOCX or ODT by content, size-limited.

    A file already stored was checked when it was uploaded and is not read again on every edit.
    """
    if not value or getattr(value, "_committed", False):
        return
    validate_document_upload(value, allowed=BODY_DOCUMENT_KINDS, max_size=BODY_DOCUMENT_MAX_SIZE)


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Методический совет")  # 003 §3, 004 §2.1.4, §4.8
    CITY_ASSOCIATION = "city_association", _("Городское методическое объединение (ГМО)")  # 002 table 2
    SCHOOL_ASSOCIATION = "school_association", _("Школьное методическое объединение (ШМО)")  # 003 §3.4
    CREATIVE_GROUP = "creative_group", _("Творческая (проблемная, рабочая) группа")  # 000 §1.6, 003 §2.2
    EXPERT_COUNCIL = "expert_council", _("Экспертный совет")  # 003 §2.2, 001
    COORDINATION_COUNCIL = "coordination_council", _("Координационный совет")  # 000 §3.7, 003 §2.2


# Councils are chaired and may count platform users (methodologists, officials of the education
# administration) among their members (003 §3.1–3.2); associations and groups are led by a
# teacher and consist of teachers.
COUNCIL_KINDS = frozenset({BodyKind.COUNCIL, BodyKind.EXPERT_COUNCIL, BodyKind.COORDINATION_COUNCIL})
ASSOCIATION_KINDS = frozenset({BodyKind.CITY_ASSOCIATION, BodyKind.SCHOOL_ASSOCIATION, BodyKind.CREATIVE_GROUP})


class CoordinationArea(models.TextChoices):
    GIFTED_CHILDREN = "gifted_children", _("Работа с одарёнными детьми")  # 000 §3.7, 001 §3.6
    CAREER_GUIDANCE = "career_guidance", _("Профориентационная работа")  # 003 §2.2
    OTHER = "other", _("Другое направление")


class Body(models.Model):
    """A council, association or group of the municipal methodological service."""

    kind = models.CharField(_("вид"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    subject = models.ForeignKey(
        Subject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        verbose_name=_("предмет"),
        help_text=_("Для ГМО и ШМО учителей-предметников."),
    )
    category = models.CharField(
        _("категория педагогов"),
        max_length=200,
        blank=True,
        help_text=_("Если объединение не предметное: например, «воспитатели ДОО», «педагоги-психологи»."),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        verbose_name=_("организация"),
        help_text=_("Для ШМО — организация, в которой оно создано; для ГМО — базовая организация."),
    )
    topic = models.CharField(_("тема (проблема)"), max_length=500, blank=True)
    goal = models.TextField(_("цель"), blank=True)
    term_start = models.DateField(_("срок работы с"), null=True, blank=True)
    term_end = models.DateField(_("срок работы по"), null=True, blank=True)
    coordination_area = models.CharField(
        _("направление координационного совета"), max_length=30, choices=CoordinationArea.choices, blank=True
    )
    since_year = AcademicYearField(_("действует с учебного года"))
    until_year = AcademicYearField(
        _("действует по учебный год"), null=True, blank=True, help_text=_("Пусто, если объединение продолжает работу.")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("объединение / совет")
        verbose_name_plural = _("объединения и советы")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "organisation"],
                nulls_distinct=False,
                name="bodies_body_unique_name",
                violation_error_message=_("Объединение этого вида с таким названием уже есть."),
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gt=F("term_start")),
                name="bodies_body_term_order",
                violation_error_message=_("Срок работы: дата окончания должна быть позже даты начала."),
            ),
            models.CheckConstraint(
                condition=Q(until_year__isnull=True) | Q(until_year__gte=F("since_year")),
                name="bodies_body_years_order",
                violation_error_message=_("Учебный год окончания работы не может быть раньше года начала."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_council(self) -> bool:
        return self.kind in COUNCIL_KINDS

    @property
    def head_role(self) -> str:
        """The role that heads this body: a chair for councils, a leader otherwise."""
        return MemberRole.CHAIR if self.is_council else MemberRole.LEADER

    def is_active_in(self, year: AcademicYear) -> bool:
        return self.since_year <= year.start and (self.until_year is None or year.start <= self.until_year)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def error(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.kind == BodyKind.CITY_ASSOCIATION and self.subject_id is None and not self.category.strip():
            error("subject", gettext("Для ГМО укажите предмет или категорию педагогов."))
        if self.kind == BodyKind.SCHOOL_ASSOCIATION and self.organisation_id is None:
            error("organisation", gettext("Для ШМО укажите образовательную организацию, в которой оно создано."))
        if self.kind == BodyKind.CREATIVE_GROUP:
            if not self.topic.strip():
                error("topic", gettext("Для творческой группы укажите тему (проблему), над которой она работает."))
            if self.term_start is None:
                error("term_start", gettext("Для творческой группы укажите начало срока работы."))
            if self.term_end is None:
                error("term_end", gettext("Для творческой группы укажите окончание срока работы."))
        if self.kind == BodyKind.COORDINATION_COUNCIL and not self.coordination_area:
            error("coordination_area", gettext("Для координационного совета укажите направление его работы."))
        if self.kind != BodyKind.COORDINATION_COUNCIL and self.coordination_area:
            error(
                "coordination_area",
                gettext("Направление указывается только для координационного совета; оставьте поле пустым."),
            )
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            error("term_end", gettext("Дата окончания срока работы должна быть позже даты начала."))
        if self.since_year and self.until_year is not None and self.until_year < self.since_year:
            error("until_year", gettext("Учебный год окончания работы не может быть раньше года начала."))
        if self.pk is not None and not errors:
            self._clean_against_compositions(error)
        if errors:
            raise ValidationError(errors)

    def _clean_against_compositions(self, error: Any) -> None:
        """A change of kind, organisation or years must not leave the kept compositions invalid."""
        memberships = BodyMembership.objects.filter(body_id=self.pk)
        if self.kind in COUNCIL_KINDS and memberships.filter(role=MemberRole.LEADER).exists():
            error(
                "kind",
                gettext("В составах есть руководитель, а у совета — председатель: сначала измените роли в составе."),
            )
        if self.kind not in COUNCIL_KINDS and memberships.filter(Q(role=MemberRole.CHAIR) | Q(user__isnull=False)):
            error(
                "kind",
                gettext(
                    "В составах есть председатель или пользователи платформы, а они бывают только у советов: "
                    "сначала измените состав."
                ),
            )
        if (
            self.kind == BodyKind.SCHOOL_ASSOCIATION
            and self.organisation_id is not None
            and memberships.exclude(teacher=None).exclude(teacher__organisation_id=self.organisation_id).exists()
        ):
            error("organisation", gettext("В составах ШМО есть педагоги другой организации: сначала измените состав."))
        outside = memberships.filter(academic_year__lt=self.since_year)
        if self.until_year is not None:
            outside = outside | memberships.filter(academic_year__gt=self.until_year)
        if self.since_year and outside.exists():
            error(
                "since_year",
                gettext("Составы есть и за учебные годы вне нового срока работы: сначала удалите их."),
            )


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Председатель")  # 003 §3.2
    LEADER = "leader", _("Руководитель")
    SECRETARY = "secretary", _("Секретарь")
    MEMBER = "member", _("Член (участник)")


# The order members are listed in: who heads the body, its secretary, everybody else.
ROLE_ORDER = (MemberRole.CHAIR, MemberRole.LEADER, MemberRole.SECRETARY, MemberRole.MEMBER)
SINGLE_HOLDER_ROLES = (MemberRole.CHAIR, MemberRole.LEADER, MemberRole.SECRETARY)


class BodyMembership(models.Model):
    """A person in a body's composition for one academic year, in one role.

    The member is a teacher of the municipality or — in councils only — a platform user (a
    methodologist, an official of the education administration): exactly one of the two.
    The period narrows the year for someone who joined or left during it; empty means the whole
    year.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("объединение"))
    academic_year = AcademicYearField(_("учебный год"))
    role = models.CharField(_("роль"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    teacher = models.ForeignKey(
        Teacher,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_memberships",
        verbose_name=_("педагог"),
        error_messages={"invalid": _("Педагог не найден среди педагогов этого муниципального образования.")},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("пользователь платформы"),
        help_text=_("Только для советов: методист или представитель органа управления образованием."),
        error_messages={"invalid": _("Пользователь не найден.")},
    )
    position_note = models.CharField(
        _("должность / примечание"),
        max_length=300,
        blank=True,
        help_text=_("Например, «заместитель директора по УВР МБОУ «СОШ № 1»»."),
    )
    start_date = models.DateField(_("в составе с"), null=True, blank=True)
    end_date = models.DateField(_("в составе по"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("запись состава")
        verbose_name_plural = _("составы объединений и советов")
        ordering = ["body", "-academic_year", "pk"]
        indexes = [models.Index(fields=["body", "academic_year"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(teacher__isnull=False) & Q(user__isnull=True))
                | (Q(teacher__isnull=True) & Q(user__isnull=False)),
                name="bodies_membership_teacher_xor_user",
                violation_error_message=_("Укажите либо педагога, либо пользователя платформы — одного из двух."),
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year", "teacher"],
                condition=Q(teacher__isnull=False),
                name="bodies_membership_unique_teacher",
                violation_error_message=_("Этот педагог уже входит в состав на выбранный учебный год."),
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year", "user"],
                condition=Q(user__isnull=False),
                name="bodies_membership_unique_user",
                violation_error_message=_("Этот пользователь уже входит в состав на выбранный учебный год."),
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year"],
                condition=Q(role="chair"),
                name="bodies_membership_one_chair",
                violation_error_message=_(
                    "Председатель на этот учебный год уже назначен: председатель может быть один."
                ),
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year"],
                condition=Q(role="leader"),
                name="bodies_membership_one_leader",
                violation_error_message=_(
                    "Руководитель на этот учебный год уже назначен: руководитель может быть один."
                ),
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year"],
                condition=Q(role="secretary"),
                name="bodies_membership_one_secretary",
                violation_error_message=_("Секретарь на этот учебный год уже назначен: секретарь может быть один."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="bodies_membership_period_order",
                violation_error_message=_("Дата окончания участия раньше даты начала."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} — {self.get_role_display()} ({self.year.label})"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def person_name(self) -> str:
        if self.teacher is not None:
            return self.teacher.full_name
        if self.user is not None:
            return str(self.user)
        return "—"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def error(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        body = self.body if self.body_id is not None else None
        if body is not None:
            self._clean_against_body(body, error)
        if self.user_id is not None and not self._user_is_of_municipality():
            error("user", gettext("Этот пользователь не работает в этом муниципальном образовании."))
        if self.academic_year:
            year = AcademicYear(self.academic_year)
            for field in ("start_date", "end_date"):
                day = getattr(self, field)
                if day is not None and not year.contains(day):
                    error(
                        field,
                        gettext("Дата должна лежать в пределах %(year)s учебного года (с %(first)s по %(last)s).")
                        % {
                            "year": year.label,
                            "first": year.first_day.strftime("%d.%m.%Y"),
                            "last": year.last_day.strftime("%d.%m.%Y"),
                        },
                    )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            error("end_date", gettext("Дата окончания участия раньше даты начала."))
        if errors:
            raise ValidationError(errors)

    def _clean_against_body(self, body: Body, error: Any) -> None:
        if self.role == MemberRole.CHAIR and not body.is_council:
            error("role", gettext("Председатель бывает только у совета; у объединения или группы — руководитель."))
        if self.role == MemberRole.LEADER and body.is_council:
            error("role", gettext("У совета не руководитель, а председатель."))
        if self.user_id is not None and not body.is_council:
            error(
                "user",
                gettext(
                    "В объединения и творческие группы входят педагоги; пользователя платформы можно включить "
                    "только в совет."
                ),
            )
        if self.academic_year and not body.is_active_in(AcademicYear(self.academic_year)):
            error(
                "academic_year",
                gettext("«%(body)s» не работает в %(year)s учебном году.")
                % {"body": body, "year": AcademicYear(self.academic_year).label},
            )
        if (
            body.kind == BodyKind.SCHOOL_ASSOCIATION
            and self.teacher_id is not None
            and body.organisation_id is not None
            and self._teacher_organisation_id() != body.organisation_id
        ):
            error(
                "teacher",
                gettext("В ШМО входят педагоги организации «%(organisation)s»; этот педагог работает в другой.")
                % {"organisation": body.organisation},
            )

    def _teacher_organisation_id(self) -> int | None:
        if self.teacher_id is None:
            return None
        return Teacher.objects.filter(pk=self.teacher_id).values_list("organisation_id", flat=True).first()

    def _user_is_of_municipality(self) -> bool:
        """Accounts are region-wide: a member must hold a role in the municipality in use."""
        from accounts.selectors import municipality_people
        from tenants.municipalities.selectors import current_municipality

        municipality = current_municipality()
        if municipality is None or self.user_id is None:
            return False
        return municipality_people(municipality_id=municipality.pk).filter(pk=self.user_id).exists()


class BodyYear(ClusterableModel, models.Model):  # models.Model: modelcluster has no type hints
    """A body's academic year: the order approving its composition, its plan of work, its analysis.

    The composition is approved by an order (003 §3.3, 004 §4.10.2); each association has its
    plan of work for the year and an analysis of it (003 §5.1), as text, as a file or both.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="years", verbose_name=_("объединение"))
    academic_year = AcademicYearField(_("учебный год"))
    composition_order_number = models.CharField(_("номер приказа об утверждении состава"), max_length=50, blank=True)
    composition_order_date = models.DateField(_("дата приказа об утверждении состава"), null=True, blank=True)
    plan_text = models.TextField(_("план работы (текст)"), blank=True)
    plan_file = models.FileField(
        _("план работы (файл)"),
        upload_to="bodies/plans/%Y/",
        blank=True,
        validators=[validate_body_document],
        help_text=_("PDF, DOCX или ODT, не больше 10 МБ."),
    )
    analysis_text = models.TextField(_("анализ работы за год (текст)"), blank=True)
    analysis_file = models.FileField(
        _("анализ работы за год (файл)"),
        upload_to="bodies/analyses/%Y/",
        blank=True,
        validators=[validate_body_document],
        help_text=_("PDF, DOCX или ODT, не больше 10 МБ."),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("учебный год объединения")
        verbose_name_plural = _("планы, анализ и приказы по годам")
        ordering = ["body", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "academic_year"],
                name="bodies_body_year_unique",
                violation_error_message=_("Для этого объединения запись на этот учебный год уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {AcademicYear(self.academic_year).label}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def is_approved(self) -> bool:
        return bool(self.composition_order_number and self.composition_order_date)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if bool(self.composition_order_number.strip()) != (self.composition_order_date is not None):
            field = "composition_order_date" if self.composition_order_number.strip() else "composition_order_number"
            errors[field] = [gettext("Для утверждения состава укажите и номер, и дату приказа.")]
        if self.body_id is not None and self.academic_year:
            body = self.body
            year = AcademicYear(self.academic_year)
            if not body.is_active_in(year):
                errors.setdefault("academic_year", []).append(
                    gettext("«%(body)s» не работает в %(year)s учебном году.") % {"body": body, "year": year.label}
                )
            elif self.composition_order_number.strip() and self.composition_order_date is not None:
                head = body.head_role
                has_head = BodyMembership.objects.filter(body=body, academic_year=year.start, role=head).exists()
                if not has_head:
                    errors.setdefault("composition_order_number", []).append(
                        gettext("Состав на %(year)s учебный год нельзя утвердить без участника с ролью «%(role)s».")
                        % {"year": year.label, "role": MemberRole(head).label}
                    )
        if errors:
            raise ValidationError(errors)


class BodyPlanItem(Orderable, models.Model):  # models.Model: for the type checker, as above
    """A line of a body's plan of work for its year (003 §5.1 «план работы ГМО на учебный год»).

    These are the items that will be tied to the service's annual plan (000 §3.2, 004 §4.6)
    once the plans app exists: that app adds a nullable link from here to its plan item in its
    own migration. Until then nothing here points at a plan.
    """

    body_year = ParentalKey(BodyYear, on_delete=models.CASCADE, related_name="plan_items")
    month = models.PositiveSmallIntegerField(_("месяц"), choices=Month.choices, null=True, blank=True)
    topic = models.CharField(_("тема / содержание"), max_length=500)
    form_of_work = models.CharField(
        _("форма"), max_length=200, blank=True, help_text=_("Заседание, семинар, мастер-класс, открытый урок…")
    )
    responsible = models.CharField(_("ответственные"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("пункт плана работы")
        verbose_name_plural = _("план работы по пунктам")

    def __str__(self) -> str:
        return self.topic


class BodyMeeting(models.Model):
    """A meeting (заседание) of a body: date, agenda, minutes, who attended."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("объединение"))
    date = models.DateField(_("дата"))
    number = models.CharField(_("номер протокола"), max_length=50, blank=True)
    agenda = models.TextField(_("повестка"))
    minutes = models.FileField(
        _("протокол (файл)"),
        upload_to="bodies/minutes/%Y/",
        blank=True,
        validators=[validate_body_document],
        help_text=_("PDF, DOCX или ODT, не больше 10 МБ."),
    )
    attendees = models.ManyToManyField(
        BodyMembership,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("присутствовали"),
        help_text=_("Участники состава на учебный год заседания; можно не отмечать."),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("заседание")
        verbose_name_plural = _("заседания")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        label = gettext("Заседание от %(date)s") % {"date": self.date.strftime("%d.%m.%Y")} if self.date else "—"
        return f"{self.body}: {label}" if self.body_id is not None else label

    @property
    def year(self) -> AcademicYear:
        return AcademicYear.of(self.date)

    def clean(self) -> None:
        if self.body_id is not None and self.date is not None and not self.body.is_active_in(self.year):
            raise ValidationError(
                {
                    "date": gettext("«%(body)s» не работает в %(year)s учебном году.")
                    % {"body": self.body, "year": self.year.label}
                }
            )


class AssociationLeader(models.Model):
    """A platform account that keeps an association's year in the admin (issue 15 §1; 002 table 2,
    003 §5.1): its composition, plan, meetings and minutes, and the year's analysis.

    Holding a row here is what the role «Руководитель методического объединения» means in this
    municipality: the role is granted and revoked with the rows
    (``tenants.bodies.services.association_leader_appoint`` / ``_remove``). A person may lead
    several associations; councils are chaired by the service itself and take no leader here.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="leaders", verbose_name=_("объединение"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("пользователь")
    )
    created_at = models.DateTimeField(_("назначен"), auto_now_add=True)

    class Meta:
        verbose_name = _("руководитель объединения (доступ)")
        verbose_name_plural = _("руководители объединений (доступ)")
        ordering = ["body__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"],
                name="bodies_association_leader_unique",
                violation_error_message=_("Этот человек уже назначен руководителем этого объединения."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.body}"


class BodyMaterial(models.Model):
    """A material of a body's year: a methodological development, a presentation, an open lesson's
    outline, a recommendation (002 table 2: an association gathers and spreads its teachers'
    experience; 003 §5.1: its documents). Uploaded by the body's leader (``tenants.leadership``);
    not public — read by the service's staff and the body's leaders through checked downloads.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="materials", verbose_name=_("объединение"))
    academic_year = AcademicYearField(_("учебный год"))
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(
        _("файл"),
        upload_to="bodies/materials/%Y/",
        validators=[validate_body_document],
        help_text=_("PDF, DOCX или ODT, не больше 10 МБ."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("загрузил"),
    )
    created_at = models.DateTimeField(_("загружено"), auto_now_add=True)

    class Meta:
        verbose_name = _("материал объединения")
        verbose_name_plural = _("материалы объединений")
        ordering = ["body", "-academic_year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["body", "academic_year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    def clean(self) -> None:
        if self.body_id is not None and self.academic_year and not self.body.is_active_in(self.year):
            raise ValidationError(
                {
                    "academic_year": gettext("«%(body)s» не работает в %(year)s учебном году.")
                    % {"body": self.body, "year": self.year.label}
                }
            )
