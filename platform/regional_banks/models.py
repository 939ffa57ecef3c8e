"""The region's data banks, in the public schema (004 §3.3.2, §3.3.3).

* **Internship sites** (стажировочные площадки, 004 §2.1.11): a summary row per site of every
  municipality — organisation, topic, term, programmes, internships to come with free places,
  counts — written by the municipality's ``tenants.internships`` in the same transaction as the
  change, so the portal's bank and the institute's screen never loop over schemas.
* **Proposals of regional internships**: the institute (ЛОИРО) offers a municipality's site to
  host an internship; the municipality accepts (the internship enters its register) or declines.
* **The region's bank of best practices**: a municipality nominates a practice its expert council
  recommended for the regional level; the institute's expert council decides (date, protocol
  number, comment); accepted ones are the regional bank, searched with the ``russian`` config.
* **Innovation projects** (001 §2.3, §3.7; 003 §4.2): a row per project of every municipality's
  register, written by ``tenants.innovation`` in the change's transaction; the public ones that
  were not stopped are the region-wide list on the portal, searched with the ``russian`` config.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InternshipSiteEntry(models.Model):
    """One internship site of a municipality as the region sees it (a copy its app keeps current)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="internship_site_entries"
    )
    site_id = models.BigIntegerField(_("площадка муниципалитета"))
    organisation = models.CharField(_("организация"), max_length=500)
    topic = models.CharField(_("тема / направление"), max_length=500, blank=True)
    description = models.TextField(_("описание"), blank=True)
    valid_from = models.DateField(_("статус действует с"), null=True, blank=True)
    valid_to = models.DateField(_("статус действует по"), null=True, blank=True)
    order = models.CharField(_("приказ"), max_length=200, blank=True)
    in_force = models.BooleanField(_("статус действует"), default=False)
    is_public = models.BooleanField(_("на сайте"), default=False)
    # [{"title", "hours", "audience", "capacity", "topics"}], [{"programme", "starts_on", "ends_on", "free"}]
    programmes = models.JSONField(default=list, blank=True)
    upcoming = models.JSONField(default=list, blank=True)
    internships_total = models.PositiveIntegerField(default=0)
    internships_finished = models.PositiveIntegerField(default=0)
    enrolled_total = models.PositiveIntegerField(default=0)
    completed_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("стажировочная площадка (банк региона)")
        verbose_name_plural = _("стажировочные площадки (банк региона)")
        ordering = ["municipality__name", "organisation", "site_id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "site_id"], name="site_entry_one_per_site")]

    def __str__(self) -> str:
        return self.organisation


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Ждёт ответа")
    ACCEPTED = "accepted", _("Принято")
    DECLINED = "declined", _("Отклонено")


class InternshipProposal(models.Model):
    """The institute proposes a regional internship on a municipality's site (004 §3.3.3: «совместно с ЛОИРО»)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="internship_proposals",
        verbose_name=_("муниципалитет"),
    )  # fmt: skip
    site_id = models.BigIntegerField(_("площадка муниципалитета"))
    site_name = models.CharField(_("площадка"), max_length=500)
    title = models.CharField(_("программа стажировки"), max_length=500)
    topics = models.TextField(_("темы"), blank=True)
    hours = models.PositiveSmallIntegerField(_("объём, часов"))
    capacity = models.PositiveSmallIntegerField(_("мест"))
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    note = models.TextField(_("для кого и зачем"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    answer = models.TextField(_("ответ муниципалитета"), blank=True)
    internship_id = models.BigIntegerField(_("стажировка муниципалитета"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("предложено"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("ответ дан"), null=True, blank=True)

    class Meta:
        verbose_name = _("предложение региональной стажировки")
        verbose_name_plural = _("предложения региональных стажировок")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="internship_proposal_period_order",
                violation_error_message=_("Стажировка не может закончиться раньше, чем начнётся."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("На рассмотрении экспертного совета ЛОИРО")
    ACCEPTED = "accepted", _("Включена в региональный банк")
    DECLINED = "declined", _("Отклонена")
    WITHDRAWN = "withdrawn", _("Отозвана муниципалитетом")


class PracticeNomination(models.Model):
    """A municipal practice nominated to the region's bank, and the institute's expert council's decision.

    The practice's text is copied when nominated (and while it waits), so the bank shows what the
    council reviewed; the municipality's own page stays the practice's home (``url``).
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="practice_nominations",
        verbose_name=_("муниципалитет"),
    )  # fmt: skip
    practice_id = models.BigIntegerField(_("практика муниципалитета"))
    title = models.CharField(_("название практики"), max_length=500)
    organisation = models.CharField(_("организация"), max_length=500)
    authors = models.CharField(_("авторы"), max_length=1000, blank=True)
    description = models.TextField(_("описание"))
    url = models.URLField(_("страница на сайте муниципалитета"), max_length=1000, blank=True)
    note = models.TextField(_("обоснование"), blank=True)
    municipal_decision = models.CharField(_("решение муниципального экспертного совета"), max_length=500, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=NominationStatus.choices, default=NominationStatus.PENDING
    )
    decided_on = models.DateField(_("дата заседания экспертного совета"), null=True, blank=True)
    protocol_number = models.CharField(_("номер протокола"), max_length=50, blank=True)
    comment = models.TextField(_("комментарий совета"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(_("выдвинута"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("решение внесено"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("практика, выдвинутая в региональный банк")
        verbose_name_plural = _("практики, выдвинутые в региональный банк")
        ordering = ["-nominated_at", "-pk"]
        indexes = [GinIndex(fields=["search_vector"], name="practice_nomination_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "practice_id"],
                condition=Q(status__in=["pending", "accepted"]),
                name="practice_nomination_one_live",
                violation_error_message=_("Эта практика уже выдвинута или включена в региональный банк."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InnovationProjectEntry(models.Model):
    """One innovation project of a municipality as the region sees it (a copy its register keeps current).

    ``level`` and ``status`` keep the register's codes (``tenants.innovation.models``: this layer
    does not import it); ``page_path`` is the municipality's public page of its projects and each
    product's ``url`` the material on the municipality's site, both relative to its host."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="innovation_project_entries"
    )
    project_id = models.BigIntegerField(_("проект муниципалитета"))
    title = models.CharField(_("тема проекта"), max_length=500)
    level = models.CharField(_("уровень"), max_length=16)
    status = models.CharField(_("статус"), max_length=16)
    organisations = models.TextField(_("организации"), blank=True)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    goals = models.TextField(_("цели и задачи"), blank=True)
    stages = models.TextField(_("этапы"), blank=True)
    products = models.JSONField(default=list, blank=True)  # [{"title", "url"}]: public materials only
    page_path = models.CharField(_("страница на сайте муниципалитета"), max_length=1000, blank=True)
    is_public = models.BooleanField(_("на сайте"), default=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("инновационный проект (банк региона)")
        verbose_name_plural = _("инновационные проекты (банк региона)")
        ordering = ["municipality__name", "-starts_on", "title", "project_id"]
        indexes = [GinIndex(fields=["search_vector"], name="innovation_entry_search")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "project_id"], name="innovation_entry_one_per_project")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_lines(self) -> list[str]:
        return [line.strip() for line in self.stages.splitlines() if line.strip()]
