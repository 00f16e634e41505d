"""Reads of the offers' pages: the candidate's offers, the staff's offer form, the
follow-up of a round (funnel, time spent at each stage, places left under the cap)."""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.core.history import event_list_for
from eig.core.models import Event
from eig.programmes.models import Promotion, Round
from eig.programmes.selectors import ListedRound, rounds_open_first
from eig.selection.enums import DecisionKind, DecisionOutcome, ProposalStatus, ReviewStage
from eig.selection.models import Decision, Proposal, Review

# Offers: the candidate's and the staff's


def offers_of_candidate(user: User) -> QuerySet[Offer]:
    """The candidate's offers; a draft (from a published matching) only once staff make it."""
    return (
        Offer.objects.filter(candidacy__candidate__user=user)
        .exclude(status=OfferStatus.DRAFT)
        .select_related("challenge__organisation", "promotion", "candidacy__round")
    )


def other_open_offers(offer: Offer) -> QuerySet[Offer]:
    """The candidate's other offers awaiting an answer: accepting ``offer`` withdraws them."""
    return (
        Offer.objects.filter(
            candidacy__candidate_id=offer.candidacy.candidate_id, status=OfferStatus.MADE
        )
        .exclude(pk=offer.pk)
        .select_related("challenge")
        .order_by("challenge__title")
    )


def offer_for_staff(pk: int) -> Offer:
    return Offer.objects.select_related(
        "challenge__organisation",
        "promotion",
        "candidacy__candidate__user",
        "candidacy__round",
        "made_by",
    ).get(pk=pk)


def offer_history(offer: Offer) -> QuerySet[Event]:
    return event_list_for(offer).order_by("created_at", "pk")


def candidacy_for_offer(pk: int) -> Candidacy:
    """A candidacy staff may make an offer to (any status: the service checks the rules)."""
    return (
        Candidacy.objects.exclude(status=CandidacyStatus.DRAFT)
        .select_related("candidate__user", "round__promotion__programme")
        .get(pk=pk)
    )


def challenges_retaining(candidacy: Candidacy) -> QuerySet[Challenge]:
    """Recruiting défis whose jury retained the candidacy: those an offer may name."""
    return (
        Challenge.objects.filter(
            status=ChallengeStatus.RECRUITING,
            proposals__candidacy=candidacy,
            proposals__status__in=(ProposalStatus.RETAINED, ProposalStatus.MATCHED),
        )
        .select_related("organisation")
        .order_by("title")
    )


@dataclass(frozen=True)
class Places:
    cap: int
    accepted: int
    open_offers: int

    @property
    def left(self) -> int:
        return max(self.cap - self.accepted, 0)


def promotion_places(promotion: Promotion) -> Places:
    counts = Offer.objects.filter(promotion=promotion).aggregate(
        accepted=Count("pk", filter=Q(status=OfferStatus.ACCEPTED)),
        open_offers=Count("pk", filter=Q(status=OfferStatus.MADE)),
    )
    return Places(cap=promotion.cap, accepted=counts["accepted"], open_offers=counts["open_offers"])


# Follow-up of a round


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int


FUNNEL_LABELS = {
    "submitted": _("Déposées (hors candidatures retirées)"),
    "eligible": _("Recevables"),
    "ineligible": _("Non recevables"),
    "reviewed": _("Évaluées (au moins une évaluation du dossier rendue)"),
    "pool": _("Dans le vivier (décision du comité)"),
    "proposed": _("Proposées à un défi"),
    "offered": _("Avec une offre"),
    "hired": _("Recrutées"),
    "withdrawn": _("Retirées par la personne"),
}


def round_candidacies(round_: Round) -> QuerySet[Candidacy]:
    """The round's applications once deposited (drafts are not applications yet)."""
    return Candidacy.objects.filter(round=round_, submitted_at__isnull=False)


def _decision(kind: str, outcome: str) -> Exists:
    return Exists(Decision.objects.filter(candidacy=OuterRef("pk"), kind=kind, outcome=outcome))


def round_funnel(round_: Round) -> list[FunnelStep]:
    """How many applications reached each step (one query). A withdrawn application
    counts only as withdrawn, whatever step it had reached: the other steps count the
    applications still under way or decided."""
    active = ~Q(status=CandidacyStatus.WITHDRAWN)
    annotated = round_candidacies(round_).annotate(
        is_eligible=_decision(DecisionKind.SCREENING, DecisionOutcome.ELIGIBLE),
        is_ineligible=_decision(DecisionKind.SCREENING, DecisionOutcome.INELIGIBLE),
        in_pool=_decision(DecisionKind.COMMITTEE, DecisionOutcome.POOL),
        is_reviewed=Exists(
            Review.objects.filter(
                candidacy=OuterRef("pk"), stage=ReviewStage.FILE, submitted_at__isnull=False
            )
        ),
        is_proposed=Exists(Proposal.objects.filter(candidacy=OuterRef("pk"))),
        is_offered=Exists(Offer.objects.filter(candidacy=OuterRef("pk"))),
    )
    counts = annotated.aggregate(
        submitted=Count("pk", filter=active),
        eligible=Count("pk", filter=active & Q(is_eligible=True)),
        ineligible=Count("pk", filter=active & Q(is_ineligible=True)),
        reviewed=Count("pk", filter=active & Q(is_reviewed=True)),
        pool=Count("pk", filter=active & Q(in_pool=True)),
        proposed=Count("pk", filter=active & Q(is_proposed=True)),
        offered=Count("pk", filter=active & Q(is_offered=True)),
        hired=Count("pk", filter=Q(status=CandidacyStatus.HIRED)),
        withdrawn=Count("pk", filter=Q(status=CandidacyStatus.WITHDRAWN)),
    )
    return [FunnelStep(key, str(label), counts[key]) for key, label in FUNNEL_LABELS.items()]


@dataclass(frozen=True)
class StageDuration:
    label: str
    median_days: float | None
    measured: int

    @property
    def available(self) -> bool:
        return self.median_days is not None


STAGES = (
    ("submitted", "screened", _("Du dépôt à la décision de recevabilité")),
    ("screened", "published", _("De la recevabilité à la publication des décisions du comité")),
    ("published", "offered", _("De la publication à l’offre")),
    ("offered", "accepted", _("De l’offre à son acceptation")),
)
# Below this many applications measured, a median says little: "non disponible".
MIN_MEASURED = 1


def _days(start: datetime.datetime | None, end: datetime.datetime | None) -> float | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 86400


def _median(values: Iterable[float | None]) -> tuple[float | None, int]:
    measured = [value for value in values if value is not None]
    if len(measured) < MIN_MEASURED:
        return None, len(measured)
    return round(statistics.median(measured), 1), len(measured)


def round_stage_durations(round_: Round) -> list[StageDuration]:
    """Median days between the steps of each application (three queries)."""
    candidacies = round_candidacies(round_)
    moments: dict[int, dict[str, datetime.datetime | None]] = {
        pk: {"submitted": submitted}
        for pk, submitted in candidacies.values_list("pk", "submitted_at")
    }
    decisions = Decision.objects.filter(candidacy__in=candidacies).values_list(
        "candidacy_id", "kind", "decided_at", "published_at"
    )
    for candidacy_id, kind, decided_at, published_at in decisions:
        if kind == DecisionKind.SCREENING:
            moments[candidacy_id]["screened"] = decided_at
        else:
            moments[candidacy_id]["published"] = published_at
    offers = (
        Offer.objects.filter(candidacy__in=candidacies)
        .exclude(status=OfferStatus.DRAFT)
        .order_by("made_at")
        .values_list("candidacy_id", "made_at", "status", "answered_at")
    )
    for candidacy_id, made_at, status, answered_at in offers:
        moments[candidacy_id].setdefault("offered", made_at)
        if status == OfferStatus.ACCEPTED:
            moments[candidacy_id]["accepted"] = answered_at
    durations = []
    for start, end, label in STAGES:
        median, measured = _median(
            _days(moment.get(start), moment.get(end)) for moment in moments.values()
        )
        durations.append(StageDuration(str(label), median, measured))
    return durations


def round_offers(round_: Round) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(candidacy__round=round_)
        .select_related("candidacy__candidate__user", "challenge")
        .order_by("-made_at")
    )


def round_pool_without_offer(round_: Round) -> QuerySet[Candidacy]:
    """Pool applications with a proposal retained by a jury and no open or accepted offer."""
    return (
        Candidacy.objects.filter(round=round_, status=CandidacyStatus.POOL)
        .filter(
            Exists(
                Proposal.objects.filter(
                    candidacy=OuterRef("pk"),
                    status__in=(ProposalStatus.RETAINED, ProposalStatus.MATCHED),
                )
            )
        )
        .exclude(
            Exists(
                Offer.objects.filter(
                    candidacy=OuterRef("pk"),
                    status__in=[OfferStatus.MADE, OfferStatus.ACCEPTED, OfferStatus.DRAFT],
                )
            )
        )
        .select_related("candidate__user")
        .order_by("candidate__user__last_name", "pk")
    )


def rounds_for_followup(today: datetime.date | None = None) -> list[ListedRound]:
    """Every round, open and current ones first, with its submitted applications (one query)."""
    rounds = Round.objects.select_related("promotion").annotate(
        applications=Count("candidacies", filter=Q(candidacies__submitted_at__isnull=False))
    )
    return rounds_open_first(rounds, today)
