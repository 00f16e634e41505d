"""Reads of the public défis: the catalogue, a défi's public page and the open data.

Everything here starts from ``Challenge.objects.public()`` whoever asks: a défi that
is not public (draft, submitted, under instruction, declined, withdrawn) never
leaves these functions, not even for the programme team or the défi's own agents,
who read it in their own spaces. Each list runs a fixed number of queries whatever
the number of défis.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from eig.challenges.enums import PUBLIC_STATUSES, ChallengeStatus
from eig.challenges.models import Challenge, Indicator
from eig.challenges.selectors.challenges import Profile, challenge_search, organisation_name_filter
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion

# The public statuses in the order of the workflow, for the filter and the badges.
PUBLIC_STATUS_CHOICES = [
    (status.value, status.label) for status in ChallengeStatus if status in PUBLIC_STATUSES
]


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor narrows the catalogue (and the open data) to."""

    search: str = ""
    promotion: Promotion | None = None
    organisation: Organisation | None = None
    status: str = ""
    profile: str = ""
    organisation_name: str = ""

    @property
    def is_empty(self) -> bool:
        return self == PublicFilters()


def _filtered(filters: PublicFilters) -> QuerySet[Challenge]:
    queryset = Challenge.objects.public()
    if filters.promotion is not None:
        queryset = queryset.filter(promotion=filters.promotion)
    if filters.organisation is not None:
        queryset = queryset.filter(organisation=filters.organisation)
    if filters.organisation_name.strip():
        queryset = organisation_name_filter(queryset, filters.organisation_name)
    if filters.status in PUBLIC_STATUSES:
        queryset = queryset.filter(status=filters.status)
    if filters.profile == Profile.PRODUCT:
        queryset = queryset.filter(wants_product=True)
    elif filters.profile == Profile.TECH:
        queryset = queryset.filter(wants_tech=True)
    if filters.search.strip():
        queryset = challenge_search(queryset, filters.search)
    return queryset


def challenge_list_public(*, filters: PublicFilters) -> QuerySet[Challenge]:
    """The public défis matching ``filters``: latest promotion first, then by title."""
    return (
        _filtered(filters)
        .select_related("organisation", "promotion", "round", "priority_policy")
        .order_by("-promotion__year", "-promotion__number", "title", "pk")
    )


def challenge_list_opendata(*, filters: PublicFilters) -> QuerySet[Challenge]:
    """The same list as the catalogue, each défi with its indicators."""
    return challenge_list_public(filters=filters).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    )


def challenge_public(*, pk: int) -> Challenge:
    """One public défi with what its page shows (``Challenge.DoesNotExist`` otherwise)."""
    return challenge_list_opendata(filters=PublicFilters()).get(pk=pk)


def promotions_with_public_challenges() -> QuerySet[Promotion]:
    return Promotion.objects.filter(challenges__status__in=PUBLIC_STATUSES).distinct()


def organisations_with_public_challenges() -> QuerySet[Organisation]:
    """The administrations with a public défi: the catalogue's menu and suggestions."""
    public = Challenge.objects.public().filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(public)).order_by("name")
