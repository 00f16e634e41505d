"""Reads of the matching ("affectation"): what each side may rank, the places, the runs'
results with their overrides, and the explanations given to each person.

The market of a round: the proposals of its promotion's pool candidates to recruiting
défis, jointly interviewed (a joint interview not cancelled), still open (the jury has
not refused the candidate, nobody withdrew, no matching placed them yet).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import ngettext

from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.templatetags.eig_plural import french_plural
from eig.programmes.enums import Track
from eig.programmes.models import Round
from eig.selection.enums import InterviewKind, ProposalStatus, RankingSide
from eig.selection.matching import blocking_pairs, stable_match
from eig.selection.models import (
    ChallengePlaces,
    Interview,
    MatchingRun,
    Proposal,
    Ranking,
)
from eig.selection.workflows import PROPOSAL_WORKFLOW

# The proposals a run places or not: those its publication moves.
RANKABLE_STATUSES = PROPOSAL_WORKFLOW.sources_of("match", "not_match")
MATCHING_OUTCOMES = (ProposalStatus.MATCHED, ProposalStatus.NOT_MATCHED)
TRACKS: tuple[str, ...] = (Track.PRODUCT.value, Track.TECH.value)


def rankable_proposals(round: Round) -> QuerySet[Proposal]:
    met = Interview.objects.filter(
        candidacy=OuterRef("candidacy"),
        challenge=OuterRef("challenge"),
        kind=InterviewKind.JOINT,
        cancelled_at__isnull=True,
    )
    return (
        Proposal.objects.filter(
            status__in=RANKABLE_STATUSES,
            candidacy__status=CandidacyStatus.POOL,
            candidacy__round__promotion_id=round.promotion_id,
            challenge__status=ChallengeStatus.RECRUITING,
        )
        .filter(Exists(met))
        .select_related("challenge", "candidacy__candidate__user")
        .order_by("pk")
    )


def ranking_of(
    round: Round, *, candidacy_id: int | None = None, challenge_id: int | None = None
) -> Ranking | None:
    if candidacy_id is not None:
        rankings = Ranking.objects.filter(side=RankingSide.CANDIDATE, candidacy_id=candidacy_id)
    else:
        rankings = Ranking.objects.filter(side=RankingSide.JURY, challenge_id=challenge_id or 0)
    return rankings.filter(round=round).prefetch_related("entries").first()


def ranked_then_left_out(
    proposals: Iterable[Proposal], ranking: Ranking | None
) -> tuple[list[Proposal], list[Proposal]]:
    """The proposals in the ranking's order, then those it leaves out."""
    by_pk = {proposal.pk: proposal for proposal in proposals}
    order = [e.proposal_id for e in ranking.entries.all()] if ranking else []
    ranked = [by_pk[pk] for pk in order if pk in by_pk]
    left_out = [p for pk, p in by_pk.items() if pk not in set(order)]
    return ranked, left_out


def default_places(challenge: Challenge) -> dict[str, int]:
    """One place for each profile the défi asked for."""
    return {"product": int(challenge.wants_product), "tech": int(challenge.wants_tech)}


def places_for(round: Round, challenges: Iterable[Challenge]) -> dict[int, dict[str, int]]:
    challenges = list(challenges)
    stored = {
        row.challenge_id: {"product": row.product, "tech": row.tech}
        for row in ChallengePlaces.objects.filter(round=round, challenge__in=challenges)
    }
    return {c.pk: stored.get(c.pk) or default_places(c) for c in challenges}


def market_challenges(round: Round) -> list[Challenge]:
    seen: dict[int, Challenge] = {}
    for proposal in rankable_proposals(round):
        seen.setdefault(proposal.challenge_id, proposal.challenge)
    return sorted(seen.values(), key=lambda challenge: challenge.title)


def latest_ranking_round(promotion_id: int | None) -> Round | None:
    """The promotion's latest round with a ranking deadline: where its matching is."""
    if promotion_id is None:
        return None
    return (
        Round.objects.filter(promotion_id=promotion_id, ranking_deadline__isnull=False)
        .order_by("-ranking_deadline", "-pk")
        .first()
    )


def candidate_matching_round(user: User) -> Round | None:
    """The round where the candidate's pool application is matched, if any."""
    pooled = (
        Candidacy.objects.filter(
            candidate__user_id=user.pk,
            proposals__status__in=(*RANKABLE_STATUSES, *MATCHING_OUTCOMES),
        )
        .order_by("-pk")
        .values_list("round__promotion_id", flat=True)
        .first()
    )
    return latest_ranking_round(pooled)


def jury_matching_round(challenge: Challenge) -> Round | None:
    """The round where the défi's jury ranks (or reads its result), if any."""
    round = latest_ranking_round(challenge.promotion_id)
    if round is None:
        return None
    published = latest_published_run(round)
    if published is not None and str(challenge.pk) in published.inputs["places"]:
        return round
    return round if rankable_proposals(round).filter(challenge=challenge).exists() else None


def latest_run(round: Round) -> MatchingRun | None:
    return MatchingRun.objects.filter(round=round).prefetch_related("overrides").first()


def latest_published_run(round: Round) -> MatchingRun | None:
    return MatchingRun.objects.filter(round=round, published_at__isnull=False).first()


# --- Computing on a run's snapshot (ids as strings, as stored in JSON) ----------------


def _seat(challenge: str, track: str) -> str:
    return f"{challenge}:{track}"


def _by_seat(
    inputs: Mapping[str, Any],
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """The instance per défi and profile: a candidate competes only for their profile's
    places, in the jury's order of the candidates of that profile."""
    tracks = inputs["tracks"]
    candidate_prefs = {
        c: [_seat(h, tracks[c]) for h in challenges]
        for c, challenges in inputs["candidates"].items()
    }
    challenge_prefs: dict[str, list[str]] = {}
    capacities: dict[str, int] = {}
    for challenge, places in inputs["places"].items():
        jury = inputs["juries"].get(challenge, [])
        for track in TRACKS:
            seat = _seat(challenge, track)
            challenge_prefs[seat] = [c for c in jury if tracks.get(c) == track]
            capacities[seat] = places.get(track, 0)
    return candidate_prefs, challenge_prefs, capacities


def _merge(inputs: Mapping[str, Any], by_seat: Mapping[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {challenge: [] for challenge in inputs["places"]}
    for seat, candidates in by_seat.items():
        merged[seat.rsplit(":", 1)[0]].extend(candidates)
    for challenge, candidates in merged.items():
        order = {c: i for i, c in enumerate(inputs["juries"].get(challenge, []))}
        candidates.sort(key=lambda c: order.get(c, len(order)))
    return merged


def result_compute(inputs: Mapping[str, Any]) -> dict[str, list[str]]:
    return _merge(inputs, stable_match(*_by_seat(inputs)))


def effective_result(run: MatchingRun) -> dict[str, list[str]]:
    """The run's result with staff's overrides applied, in the order they were made."""
    result = {challenge: list(candidates) for challenge, candidates in run.result.items()}
    for override in run.overrides.all():
        candidacy = str(override.candidacy_id)
        for candidates in result.values():
            if candidacy in candidates:
                candidates.remove(candidacy)
        if override.challenge_id is not None:
            result.setdefault(str(override.challenge_id), []).append(candidacy)
    return result


def run_blocking_pairs(run: MatchingRun) -> list[tuple[str, str]]:
    """(candidacy, défi) pairs that would both rather be together than with the result
    as overridden: empty for a run nobody overrode."""
    tracks = run.inputs["tracks"]
    result = effective_result(run)
    by_seat: dict[str, list[str]] = {}
    for challenge, candidates in result.items():
        for candidacy in candidates:
            by_seat.setdefault(_seat(challenge, tracks[candidacy]), []).append(candidacy)
    pairs = blocking_pairs(*_by_seat(run.inputs), by_seat)
    return [(candidacy, seat.rsplit(":", 1)[0]) for candidacy, seat in pairs]


def placement_of(result: Mapping[str, list[str]]) -> dict[str, str]:
    return {c: challenge for challenge, candidates in result.items() for c in candidates}


# --- Explanations: counts and the rule, never another person's identity or ranking ----


@dataclass(frozen=True)
class Explanation:
    challenge_id: int
    title: str
    text: str


CANDIDATE_FULL_ONE = (
    "ce défi a pourvu sa seule place avec une personne que son jury a classée avant vous"
)
CANDIDATE_FULL = (
    "ce défi a pourvu ses {n} places avec des candidat·es que son jury a classé·es avant vous"
)
CANDIDATE_NOT_RANKED = "le jury de ce défi ne vous a pas retenu·e dans son classement"
CANDIDATE_NO_PLACE = "ce défi n’offrait pas de place pour votre profil dans cette affectation"
CANDIDATE_OVERRIDDEN = "l’équipe du programme a modifié à la main le résultat pour ce défi"
JURY_ELSEWHERE = "cette personne a obtenu un défi qu’elle avait classé avant le vôtre"
JURY_NO_PLACE = "votre défi n’offrait pas de place pour son profil dans cette affectation"
JURY_FULL = (
    "les places de son profil ont été pourvues par des personnes que vous avez classées avant elle"
)
JURY_NOT_PLACED = "cette personne n’a pas été affectée à votre défi par la règle de l’affectation"
JURY_OVERRIDDEN = "l’équipe du programme a modifié à la main le résultat pour cette personne"


def candidate_explanations(run: MatchingRun, candidacy_id: int) -> list[Explanation]:
    """For each défi the candidate ranked before the one they got (every défi they
    ranked, if they got none): why they did not get it."""
    inputs, me = run.inputs, str(candidacy_id)
    result = effective_result(run)
    got = placement_of(result).get(me)
    track = inputs["tracks"].get(me)
    explanations = []
    for challenge in inputs["candidates"].get(me, []):
        if challenge == got:
            break
        explanations.append(
            Explanation(
                int(challenge),
                inputs["titles"].get(challenge, ""),
                _why_not(inputs, result, challenge, me, track),
            )
        )
    return explanations


def _why_not(
    inputs: Mapping[str, Any],
    result: Mapping[str, list[str]],
    challenge: str,
    me: str,
    track: str | None,
) -> str:
    jury = inputs["juries"].get(challenge, [])
    places = inputs["places"].get(challenge, {}).get(track, 0)
    if me not in jury:
        return CANDIDATE_NOT_RANKED
    if not places:
        return CANDIDATE_NO_PLACE
    tracks = inputs["tracks"]
    holders = [c for c in result.get(challenge, []) if tracks.get(c) == track]
    if len(holders) >= places and all(
        c in jury and jury.index(c) < jury.index(me) for c in holders
    ):
        return ngettext(CANDIDATE_FULL_ONE, CANDIDATE_FULL, french_plural(places)).format(n=places)
    return CANDIDATE_OVERRIDDEN


@dataclass(frozen=True)
class JuryLine:
    candidacy_id: int
    text: str


def jury_explanations(run: MatchingRun, challenge_id: int) -> list[JuryLine]:
    """For each candidate the jury ranked above those it got (all it ranked, if it got
    nobody) and did not get: why."""
    inputs, mine = run.inputs, str(challenge_id)
    result = effective_result(run)
    jury = inputs["juries"].get(mine, [])
    got = set(result.get(mine, []))
    last = max((jury.index(c) for c in got if c in jury), default=len(jury))
    return [
        JuryLine(int(candidacy), _why_elsewhere(inputs, result, mine, candidacy))
        for candidacy in jury[:last]
        if candidacy not in got
    ]


def _why_elsewhere(
    inputs: Mapping[str, Any], result: Mapping[str, list[str]], mine: str, candidacy: str
) -> str:
    elsewhere = placement_of(result).get(candidacy)
    ranked = inputs["candidates"].get(candidacy, [])
    if elsewhere is not None and (
        mine not in ranked or ranked.index(elsewhere) < ranked.index(mine)
    ):
        return JURY_ELSEWHERE
    track = inputs["tracks"].get(candidacy)
    places = inputs["places"].get(mine, {}).get(track, 0)
    if not places:
        return JURY_NO_PLACE
    jury = inputs["juries"].get(mine, [])
    holders = [c for c in result.get(mine, []) if inputs["tracks"].get(c) == track]
    if len(holders) >= places and all(
        c in jury and jury.index(c) < jury.index(candidacy) for c in holders
    ):
        return JURY_FULL
    if elsewhere is None and mine not in ranked:
        return JURY_NOT_PLACED
    return JURY_OVERRIDDEN


# --- Figures: on which of their choices the published matchings placed people ---------


@dataclass
class ChoiceCounts:
    """People placed by the published matchings on their 1st, 2nd or a further choice
    (or by hand on a défi they had not ranked), and those placed nowhere."""

    first: int = 0
    second: int = 0
    further: int = 0
    unranked: int = 0
    unmatched: int = 0

    @property
    def placed(self) -> int:
        return self.first + self.second + self.further + self.unranked

    @property
    def top_two(self) -> int:
        return self.first + self.second


def choice_counts_by_promotion() -> dict[int, ChoiceCounts]:
    """One query. A person in several published runs counts once: where they were placed,
    or as unmatched if no run placed them."""
    runs = MatchingRun.objects.filter(published_at__isnull=False).values_list(
        "round__promotion_id", "inputs", "published_result"
    )
    ranks: dict[int, dict[str, int | None]] = {}
    for promotion_id, inputs, result in runs:
        people = ranks.setdefault(promotion_id, {})
        placement = placement_of(result or {})
        for candidacy, choices in inputs["candidates"].items():
            got = placement.get(candidacy)
            if got is not None:
                people[candidacy] = choices.index(got) + 1 if got in choices else 0
            else:
                people.setdefault(candidacy, None)
    counts: dict[int, ChoiceCounts] = {}
    for promotion_id, people in ranks.items():
        line = counts[promotion_id] = ChoiceCounts()
        for rank in people.values():
            if rank is None:
                line.unmatched += 1
            elif rank == 0:
                line.unranked += 1
            elif rank == 1:
                line.first += 1
            elif rank == 2:
                line.second += 1
            else:
                line.further += 1
    return counts
