"""Reads of agreements. The region reads all; a municipality only its own, through scoped getters
that answer "missing" and "not yours" alike (None)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from agreements.models import IN_FORCE_STATUSES, Agreement, AgreementStatus, Party
from metodika.replica_reads import read_connection
from tenants.municipalities.models import Municipality


def agreement_list(
    *, municipality_id: int | None = None, status: str | None = None, search: str = ""
) -> QuerySet[Agreement]:
    """Every agreement of the region, for the institute and the committee."""
    qs = Agreement.objects.select_related("municipality").prefetch_related("signatures")
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(municipality__name__icontains=search) | Q(number__icontains=search))
    return qs.order_by("municipality__name", "-concluded_on", "-pk")


def agreement_get(*, agreement_id: int) -> Agreement | None:
    """One agreement, for the region's screens (their callers check the region role)."""
    return (
        Agreement.objects.select_related("municipality", "replaces")
        .prefetch_related("signatures")
        .filter(pk=agreement_id)
        .first()
    )


def municipality_agreement_list(*, municipality: Municipality) -> QuerySet[Agreement]:
    """A municipality's own agreements (drafts stay with the institute until sent)."""
    return (
        Agreement.objects.filter(municipality=municipality)
        .exclude(status=AgreementStatus.DRAFT)
        .prefetch_related("signatures")
        .order_by("-concluded_on", "-pk")
    )


def municipality_agreement_get(*, municipality: Municipality, agreement_id: int) -> Agreement | None:
    """One of the municipality's own agreements; None when missing, a draft or another's."""
    return municipality_agreement_list(municipality=municipality).filter(pk=agreement_id).first()


@dataclass(frozen=True)
class SignatureState:
    party: str
    label: str
    signed_by_name: str = ""
    signed_at: object = None


def agreement_signature_states(agreement: Agreement) -> list[SignatureState]:
    """Each party with its signature, if any, in the order of 004 §4.4."""
    by_party = {s.party: s for s in agreement.signatures.all()}
    states = []
    for party in Party:
        signature = by_party.get(party)
        states.append(
            SignatureState(
                party=party,
                label=str(party.label),
                signed_by_name=signature.signed_by_name if signature else "",
                signed_at=signature.signed_at if signature else None,
            )
        )
    return states


# Which status a municipality's agreements show on the dashboard: the first of these it has.
STATUS_PRECEDENCE = (
    AgreementStatus.IN_FORCE,
    AgreementStatus.EXPIRING,
    AgreementStatus.SENT,
    AgreementStatus.DRAFT,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
    AgreementStatus.RENEWED,
)
NO_AGREEMENT = "none"
NO_AGREEMENT_LABEL = _("Нет соглашения")


def agreement_best_status_sql() -> tuple[sql.Composed, list[list[str]]]:
    """SQL of (municipality_id, status): each municipality's best agreement status, to join in a
    region-wide query (the dashboard's one query); with its parameters."""
    query = sql.SQL(
        "SELECT DISTINCT ON (municipality_id) municipality_id, status FROM public.{table} "
        "ORDER BY municipality_id, array_position(%s::text[], status::text)"
    ).format(table=sql.Identifier(Agreement._meta.db_table))
    return query, [[str(s) for s in STATUS_PRECEDENCE]]


def agreement_status_by_municipality() -> dict[int, str]:
    """Each municipality's best agreement status (municipalities without one are absent)."""
    query, params = agreement_best_status_sql()
    with read_connection(Agreement).cursor() as cursor:
        cursor.execute(query, params)
        return dict(cursor.fetchall())


def agreement_status_label(status: str) -> str:
    if status == NO_AGREEMENT:
        return str(NO_AGREEMENT_LABEL)
    return str(AgreementStatus(status).label)


def agreement_status_is_in_force(status: str) -> bool:
    return status in IN_FORCE_STATUSES


def agreement_party_emails(agreement: Agreement) -> list[str]:
    """Addresses of the three parties: the municipality's service and its heads, the institute's
    staff and the committee's (004 §4.4)."""
    from accounts.models import Role, User

    municipal = User.objects.filter(
        groups__role_group__municipality_id=agreement.municipality_id, groups__role_group__role=Role.HEAD
    )
    regional = User.objects.filter(
        groups__role_group__municipality__isnull=True,
        groups__role_group__role__in=[Role.INSTITUTE, Role.COMMITTEE],
    )
    emails = {agreement.municipality.contact_email}
    emails |= set((municipal | regional).filter(is_active=True).values_list("email", flat=True))
    return sorted(e for e in emails if e)
