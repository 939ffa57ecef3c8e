"""Questionnaires of teachers' professional and information needs (000 §2.3.1 «мониторинг
профессиональных и информационных потребностей»; 003 §4.1; 004 §3.3.1).

A methodologist builds a :class:`Questionnaire` of :class:`Question` s (single or multiple
choice with :class:`QuestionOption` s, a scale, free text) and sends it to chosen teachers: each
becomes a :class:`Recipient` with a personal link (``tenants.needs.links``) and may also answer
in their account. A questionnaire is **anonymous** or **named**, and the respondent is told which
before answering.

One answer per recipient: the recipient's ``answered`` mark, set under a row lock in the same
transaction as the :class:`Response`. An anonymous response keeps no link to the person — no
recipient, no teacher, no time finer than the day, and a random (UUID) key whose order says
nothing about who answered first; only the organisation and the subjects are kept, for the
summary, and the summary hides groups smaller than :data:`ANONYMOUS_MIN_GROUP`.

A question may map to a competence area (004 §2.1.9): a chosen option's area, or a scale answer
at or below the question's ``need_at_most``, is a need in that area. A named answer opens the
teacher's deficits there (``tenants.development``), and so the suggestions of courses and
events on their growth page; anonymous needs are counted per area on the results screen, with
the same suggestions.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from tenants.development.models import CompetenceArea
from tenants.organisations.models import Organisation
from tenants.people.models import Subject, Teacher

# An anonymous questionnaire's summary shows no group (an organisation, a subject) with fewer
# answers than this, so that a filter never points at one person (our choice).
ANONYMOUS_MIN_GROUP = 3


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    OPEN = "open", _("Идёт опрос")
    CLOSED = "closed", _("Завершена")


class Questionnaire(models.Model):  # type: ignore[django-manager-missing]  # Question is a modelcluster model
    """A questionnaire of needs: its questions, to whom it went, and until when it is answered."""

    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(
        _("обращение к педагогам"), blank=True, max_length=3000, help_text=_("Показывается перед вопросами.")
    )
    is_anonymous = models.BooleanField(
        _("анонимная"),
        default=True,
        help_text=_("Ответы анонимной анкеты не связаны с педагогом; об этом сказано до начала ответа."),
    )
    closes_on = models.DateField(
        _("принимать ответы до"), help_text=_("Включительно. После этой даты ссылки из писем перестают работать.")
    )
    status = models.CharField(
        _("статус"), max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("разослана"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("завершена"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты потребностей")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # The respondent was told «anonymous» or «named» before answering: that promise stands.
        if self.pk:
            before = Questionnaire.objects.filter(pk=self.pk).values("status", "is_anonymous").first()
            if before and before["status"] != QuestionnaireStatus.DRAFT and before["is_anonymous"] != self.is_anonymous:
                raise ValidationError(
                    {"is_anonymous": _("Анкета уже разослана: анонимность нельзя изменить — респондентам это обещано.")}
                )

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        """Open and not past its last day: a link works, an answer is taken."""
        today = today or timezone.localdate()
        return self.status == QuestionnaireStatus.OPEN and today <= self.closes_on


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Один вариант")
    MULTIPLE = "multiple", _("Несколько вариантов")
    SCALE = "scale", _("Шкала")
    TEXT = "text", _("Свободный ответ")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(ClusterableModel):
    """One question; choices carry their options, a scale its ends and the need threshold."""

    questionnaire: models.ForeignKey[Questionnaire, Questionnaire] = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("анкета")
    )
    position: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        _("номер"), default=1, validators=[MinValueValidator(1)]
    )
    text: models.CharField[str, str] = models.CharField(_("вопрос"), max_length=1000)
    kind: models.CharField[str, str] = models.CharField(_("вид"), max_length=10, choices=QuestionKind.choices)
    required: models.BooleanField[bool, bool] = models.BooleanField(_("обязательный"), default=True)
    competence_area: models.ForeignKey[CompetenceArea | None, CompetenceArea | None] = models.ForeignKey(
        CompetenceArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("область компетенций"),
        help_text=_("Для шкалы: ответ не выше порога — потребность в этой области."),
    )
    scale_min: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        _("шкала от"), default=1, validators=[MaxValueValidator(10)]
    )
    scale_max: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        _("шкала до"), default=5, validators=[MaxValueValidator(10)]
    )
    scale_min_label: models.CharField[str, str] = models.CharField(
        _("подпись начала шкалы"), max_length=100, blank=True, default=_("совсем не владею")
    )
    scale_max_label: models.CharField[str, str] = models.CharField(
        _("подпись конца шкалы"), max_length=100, blank=True, default=_("владею свободно")
    )
    need_at_most: models.PositiveSmallIntegerField[int | None, int | None] = models.PositiveSmallIntegerField(
        _("потребность при ответе не выше"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("вопрос анкеты")
        verbose_name_plural = _("вопросы анкет")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.questionnaire_id and self.questionnaire.status != QuestionnaireStatus.DRAFT:
            errors["questionnaire"] = _("Анкета уже разослана: вопросы больше не меняются.")
        if self.kind == QuestionKind.SCALE:
            if self.scale_min >= self.scale_max:
                errors["scale_max"] = _("Конец шкалы должен быть больше начала.")
            elif self.need_at_most is not None and not self.scale_min <= self.need_at_most < self.scale_max:
                errors["need_at_most"] = _("Порог должен быть внутри шкалы и ниже её конца.")
            if self.competence_area_id and self.need_at_most is None:
                errors["need_at_most"] = _("Укажите, при каком ответе считать, что есть потребность.")
        if errors:
            raise ValidationError(errors)

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class QuestionOption(Orderable):
    """A choice of a single- or multiple-choice question; choosing it may mean a need in an area."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text: models.CharField[str, str] = models.CharField(_("вариант"), max_length=500)
    competence_area: models.ForeignKey[CompetenceArea | None, CompetenceArea | None] = models.ForeignKey(
        CompetenceArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("потребность в области"),
        help_text=_("Если выбор этого варианта означает потребность в области компетенций."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответа")

    def __str__(self) -> str:
        return self.text


def new_link_key() -> str:
    return secrets.token_urlsafe(24)


class Recipient(models.Model):
    """A teacher the questionnaire was sent to, their personal link's key and the «answered» mark.

    The mark is all an anonymous questionnaire keeps of the answer: it refuses a second one and
    tells the reminders whom to skip, and says nothing of what was answered.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("анкета")
    )
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="+", verbose_name=_("педагог"))
    email = models.EmailField(_("e-mail"), blank=True)
    link_key = models.CharField(max_length=64, unique=True, default=new_link_key, editable=False)
    sent_at = models.DateTimeField(_("письмо отправлено"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    answered = models.BooleanField(_("ответил(а)"), default=False)

    class Meta:
        verbose_name = _("адресат анкеты")
        verbose_name_plural = _("адресаты анкет")
        ordering = ["questionnaire", "teacher__last_name", "teacher__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "teacher"], name="needs_recipient_once"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire}: {self.teacher}"


class Response(models.Model):
    """One respondent's answers. Anonymous: no recipient, no teacher, the day only, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", verbose_name=_("анкета")
    )
    recipient = models.OneToOneField(
        Recipient, null=True, blank=True, on_delete=models.CASCADE, related_name="response", verbose_name=_("адресат")
    )
    teacher = models.ForeignKey(
        Teacher, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("педагог")
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("организация")
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("предметы"))
    submitted_on = models.DateField(_("дата ответа"))

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        ordering = ["questionnaire", "submitted_on"]
        constraints = [
            # 000 §2.3.1 anonymity: an anonymous answer never names its respondent (checked by the
            # database, not only by the service).
            models.CheckConstraint(
                condition=Q(recipient__isnull=True, teacher__isnull=True) | Q(recipient__isnull=False),
                name="needs_response_named_or_unlinked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    """The answer to one question: a chosen option (one row per option), a scale value or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(QuestionOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=3000)

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        indexes = [models.Index(fields=["question", "option"], name="needs_answer_question_option")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.value or self.text[:50]}"
