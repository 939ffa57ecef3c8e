"""One account across the region; roles held per municipality through role groups.

A role is a Django group bound to one municipality (or to the region). Wagtail's page and
collection permissions are rows in the municipality's own schema pointing at that
municipality's groups, and :class:`accounts.backends.MunicipalityRoleBackend` counts only the
groups of the schema in use, so a role in A grants nothing in B.
"""

from __future__ import annotations

from typing import ClassVar, TypeAlias

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_superuser=True, is_staff=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with one login for every municipality of the region.

    One account per address whatever its case: ``Head@X.ru`` and ``head@x.ru`` are one mailbox,
    and a case variant must never make a second account that an invitation could bind to
    (issue 13). Who *owns* an address is what allauth verified (``EmailAddress.verified``), not
    what ``email`` says: see ``accounts.selectors.user_by_verified_email``.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # django-stubs types AbstractUser.objects as the username-based manager; this one logs in by
    # e-mail, so its create_user cannot share that signature.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Учётная запись с таким адресом электронной почты уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def get_short_name(self) -> str:
        return self.first_name or self.email


# Who performs an action: a signed-in person, whatever ``request.user`` holds, or nobody (a
# command, a task, the demo). The audit trail records only signed-in people.
ActingUser: TypeAlias = "User | AnonymousUser | None"


def signed_in_user(acting_user: ActingUser) -> User | None:
    """The person acting, if signed in; None for a visitor or the system (a task, a command)."""
    return acting_user if isinstance(acting_user, User) and acting_user.is_authenticated else None


class Role(models.TextChoices):
    TEACHER = "teacher", _("Педагог")
    METHODOLOGIST = "methodologist", _("Методист")
    HEAD = "head", _("Руководитель методической службы")
    CHAIR = "chair", _("Председатель комитета образования")
    # Roles bound to an object of the municipality (issue 15 §1; 002 tables 1–2, 004 §3.2): the
    # binding rows in the municipality's schema say which bodies or which organisation.
    ASSOCIATION_LEADER = "association_leader", _("Руководитель методического объединения")
    SCHOOL_COORDINATOR = "school_coordinator", _("Координатор методической службы школы")
    # Region roles (no municipality).
    INSTITUTE = "institute", _("Сотрудник ЛОИРО")
    COMMITTEE = "committee", _("Региональный комитет образования")
    OPERATOR = "operator", _("Оператор платформы")
    # Per-municipality group through which institute staff and the committee read a municipality.
    OBSERVER = "observer", _("Наблюдатель региона")


MUNICIPAL_ROLES = (
    Role.TEACHER,
    Role.METHODOLOGIST,
    Role.HEAD,
    Role.CHAIR,
    Role.ASSOCIATION_LEADER,
    Role.SCHOOL_COORDINATOR,
)
# Roles held only together with their object: granted and revoked by the services that bind the
# person to the body (``tenants.bodies``) or the organisation (``tenants.organisations``), never
# alone from the staff screen, so a role never outlives its binding.
BOUND_ROLES = (Role.ASSOCIATION_LEADER, Role.SCHOOL_COORDINATOR)
REGION_ROLES = (Role.INSTITUTE, Role.COMMITTEE, Role.OPERATOR)
# Roles that work with the service's data and screens, not only their own (issue 13 item 11: their
# sessions end after a working day idle, and they are offered two-factor sign-in).
STAFF_ROLES = (
    Role.METHODOLOGIST,
    Role.HEAD,
    Role.CHAIR,
    Role.ASSOCIATION_LEADER,
    Role.SCHOOL_COORDINATOR,
    Role.INSTITUTE,
    Role.COMMITTEE,
    Role.OPERATOR,
)
# Region roles that read every municipality through its observer group.
OBSERVING_REGION_ROLES = (Role.INSTITUTE, Role.COMMITTEE)


class RoleGroup(models.Model):
    """A Django group that stands for one role in one municipality, or in the region."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role_group")
    municipality = models.ForeignKey(
        "municipalities.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="role_groups"
    )
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "role"], name="role_group_unique_per_municipality"),
            models.UniqueConstraint(
                fields=["role"], condition=models.Q(municipality__isnull=True), name="role_group_unique_region"
            ),
        ]
        permissions = [("manage_municipal_roles", _("Может назначать роли сотрудникам своего муниципалитета"))]

    def __str__(self) -> str:
        return self.group.name


class SignInHandoff(models.Model):
    """A one-time sign-in for a municipality's extra domain, issued by the region's host.

    The region's session cookie reaches the region's host and its subdomains only; a municipality
    answering on a domain of its own gets the person signed in by a handoff: the region's host
    signs a token naming this row, the target host redeems it once, within a minute, and opens a
    session of its own tied to the one that asked (``accounts.handoff``). The row is the proof of
    consumption: a replay fails on ``used_at`` whatever happened to the cache.
    """

    token_id = models.UUIDField(unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_handoffs")
    host = models.CharField(max_length=253)
    next_path = models.CharField(max_length=2000, default="/")
    # SHA-256 of the nonce the target host keeps in its own session until the person returns:
    # a token fetched by someone else cannot be redeemed in this browser (no login CSRF).
    state_hash = models.CharField(max_length=64)
    # The region session that asked; emptied on redemption, when the new session takes it over.
    origin_session_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("вход на домен муниципалитета")
        verbose_name_plural = _("входы на домены муниципалитетов")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.host}"
