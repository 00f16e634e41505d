"""Exports of a round's scores and decisions, in CSV and XLSX, read by chunks.

Each chunk of ``CHUNK_SIZE`` applications costs a fixed number of queries (the rows,
their decisions, proposals, offers, and the mean scores of the chunk), whatever the
size of the round. The files are written by ``eig.core.exports`` (the staff CSV dialect,
with its decimal comma, the XLSX writer and the formula guard).
"""

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import batched
from typing import Any

from django.db.models import Avg, Prefetch, Q

from eig.candidacies.models import Candidacy
from eig.contracts.models import Offer
from eig.contracts.selectors.offers import round_candidacies
from eig.programmes.enums import CriterionStage
from eig.programmes.models import Criterion, Round
from eig.selection.enums import DecisionKind, ReviewStage
from eig.selection.models import Decision, Proposal, Score

CHUNK_SIZE = 500
TWO_PLACES = Decimal("0.01")


def file_criteria(round_: Round) -> list[Criterion]:
    """The file criteria of the programme's active grids, and any scored in this round."""
    return list(
        Criterion.objects.filter(stage=CriterionStage.FILE)
        .filter(
            Q(grid__programme_id=round_.promotion.programme_id, grid__is_active=True)
            | Q(scores__review__candidacy__round=round_)
        )
        .distinct()
        .order_by("grid_id", "position", "pk")
    )


def header(criteria: Sequence[Criterion]) -> list[str]:
    return [
        "id_candidature",
        "nom",
        "profil",
        "annees_experience",
        "recevabilite",
        "recevabilite_motif",
        *(f"moyenne_{criterion.label}" for criterion in criteria),
        "moyenne_des_moyennes",
        "comite",
        "comite_justification",
        "publiee_le",
        "propositions",
        "offres",
    ]


def _queryset(round_: Round) -> Any:
    return (
        round_candidacies(round_)
        .select_related("candidate__user")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("reason")),
            Prefetch("proposals", queryset=Proposal.objects.select_related("challenge")),
            Prefetch("offers", queryset=Offer.objects.select_related("challenge")),
        )
        .order_by("pk")
    )


def _means(chunk: Sequence[Candidacy]) -> dict[tuple[int, int], Decimal]:
    rows = (
        Score.objects.filter(
            review__candidacy__in=[candidacy.pk for candidacy in chunk],
            review__stage=ReviewStage.FILE,
            review__submitted_at__isnull=False,
        )
        .values("review__candidacy_id", "criterion_id")
        .annotate(mean=Avg("value"))
    )
    return {(row["review__candidacy_id"], row["criterion_id"]): _round(row["mean"]) for row in rows}


def _round(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _decision(candidacy: Candidacy, kind: str) -> Decision | None:
    return next((d for d in candidacy.decisions.all() if d.kind == kind), None)


def _row(
    candidacy: Candidacy, criteria: Sequence[Criterion], means: dict[tuple[int, int], Decimal]
) -> list[Any]:
    candidate = candidacy.candidate
    screening = _decision(candidacy, DecisionKind.SCREENING)
    committee = _decision(candidacy, DecisionKind.COMMITTEE)
    criterion_means = [means.get((candidacy.pk, criterion.pk)) for criterion in criteria]
    present = [mean for mean in criterion_means if mean is not None]
    published = committee.published_at if committee else None
    return [
        candidacy.pk,
        candidate.user.full_name or "",
        str(candidate.get_track_display()),
        candidate.experience_years,
        str(screening.get_outcome_display()) if screening else "",
        (str(screening.reason or "") + (f" — {screening.comment}" if screening.comment else ""))
        if screening
        else "",
        *criterion_means,
        _round(sum(present) / len(present)) if present else None,
        str(committee.get_outcome_display()) if committee else "",
        committee.comment if committee else "",
        published,
        " | ".join(
            f"{p.challenge.title} ({p.get_status_display()})" for p in candidacy.proposals.all()
        ),
        " | ".join(
            f"{o.challenge.title} ({o.get_status_display()})" for o in candidacy.offers.all()
        ),
    ]


def rows(round_: Round, criteria: Sequence[Criterion]) -> Iterator[list[Any]]:
    candidacies = _queryset(round_).iterator(chunk_size=CHUNK_SIZE)
    for chunk in batched(candidacies, CHUNK_SIZE):
        means = _means(chunk)
        for candidacy in chunk:
            yield _row(candidacy, criteria, means)
