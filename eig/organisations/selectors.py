"""Reads shared by the administrations pages."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from stdnum.fr import siret as siret_number

from eig.accounts.models import User
from eig.organisations.enums import OrganisationKind
from eig.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class KindCount:
    value: str
    label: str
    count: int


def _matching(user: User, query: str) -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user)
    query = query.strip()
    if query:
        condition = Q(name__icontains=query) | Q(acronym__icontains=query)
        digits = siret_number.compact(query)
        if digits.isdigit():
            condition |= Q(siret__contains=digits)
        organisations = organisations.filter(condition)
    return organisations


def organisation_search(*, user: User, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    """The administrations ``user`` may see, matching ``query`` on name, acronym or SIRET."""
    organisations = _matching(user, query)
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    return organisations.annotate(member_count=Count("memberships")).order_by("name", "pk")


def organisation_kind_counts(*, user: User, query: str = "") -> list[KindCount]:
    """How many visible administrations match ``query``, for each kind (one query)."""
    totals = _matching(user, query).aggregate(
        **{value: Count("pk", filter=Q(kind=value)) for value in OrganisationKind.values}
    )
    return [
        KindCount(value=value, label=str(label), count=totals[value] or 0)
        for value, label in OrganisationKind.choices
    ]


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
