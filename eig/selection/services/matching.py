"""The matching ("affectation") of a round: rankings from both sides, places, runs,
overrides and publication.

- Each pool candidate ranks the défis they were jointly interviewed for, each défi's
  jury the candidates it met; either may leave some out. A ranking is saved as a draft
  or saved for good, and stays editable until the round's ranking deadline (included).
  Only saved rankings enter a run.
- Staff set each défi's places per profile; the sum over the round's défis may not
  exceed the places left under the promotion's cap (the cap minus the accepted offers).
- A run snapshots the saved rankings and the places, computes the candidate-optimal
  stable matching per défi and profile, and is never edited. Staff may run again, and
  override a pair of the latest run with a reason before publishing it.
- Publishing (one transaction, promotion locked): proposals matched or not, a draft
  offer per matched pair at the grid's level (made when staff confirm it), e-mails to
  everyone in the run; unmatched candidates stay in the pool.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.candidacies.models import Candidacy
from eig.challenges.models import Challenge
from eig.contracts.services.offers import accepted_count, offer_draft_create
from eig.core.errors import DomainError
from eig.core.french import plural
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.workflow import transition_apply, transition_apply_many
from eig.notifications.services import email_queue
from eig.organisations.models import Membership
from eig.programmes.models import Promotion, Round
from eig.selection.enums import MatchingRunStatus, RankingSide
from eig.selection.models import (
    ChallengePlaces,
    MatchingOverride,
    MatchingRun,
    Proposal,
    Ranking,
    RankingEntry,
)
from eig.selection.selectors.interviews import agents_of
from eig.selection.selectors.matching import (
    TRACKS,
    effective_result,
    latest_run,
    market_challenges,
    places_for,
    rankable_proposals,
    result_compute,
)
from eig.selection.workflows import MATCHING_RUN_WORKFLOW, PROPOSAL_WORKFLOW

TOO_MANY_PLACES = (
    "Les défis offrent {asked} places, mais il n’en reste que {left} dans la promotion "
    "({cap} au plus, {accepted} déjà pourvues par des offres acceptées). Baissez des places "
    "ou laissez des défis de côté (0 place)."
)


def _lock_round(round: Round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",)).select_related("promotion").get(pk=round.pk)
    )


def ranking_is_open(round: Round) -> bool:
    deadline = round.ranking_deadline
    return deadline is not None and timezone.localdate() <= deadline


def _require_open(round: Round) -> None:
    if round.ranking_deadline is None:
        raise DomainError(_("Cette session n’a pas de date limite des classements."))
    if not ranking_is_open(round):
        raise DomainError(
            _("La date limite des classements (%(day)s) est passée.")
            % {"day": round.ranking_deadline.strftime("%d/%m/%Y")}
        )


# --- Rankings ----------------------------------------------------------------------


@transaction.atomic
def candidate_ranking_save(
    *, round: Round, candidacy: Candidacy, proposal_ids: Sequence[int], submit: bool, by: User
) -> Ranking:
    """The candidate's ranking of the défis they were jointly interviewed for."""
    if candidacy.candidate.user_id != getattr(by, "pk", None):
        raise DomainError(_("Ce classement n’est pas le vôtre."))
    allowed = rankable_proposals(round).filter(candidacy=candidacy)
    return _ranking_save(
        round=round,
        side=RankingSide.CANDIDATE,
        owner={"candidacy": candidacy},
        allowed=set(allowed.values_list("pk", flat=True)),
        proposal_ids=proposal_ids,
        submit=submit,
        by=by,
    )


@transaction.atomic
def jury_ranking_save(
    *, round: Round, challenge: Challenge, proposal_ids: Sequence[int], submit: bool, by: User
) -> Ranking:
    """The jury's ranking of the candidates it met in a joint interview."""
    is_member = Membership.objects.filter(user=by, organisation_id=challenge.organisation_id)
    if getattr(by, "role", None) != Role.AGENT or not is_member.exists():
        raise DomainError(_("Vous ne faites pas partie du jury de ce défi."))
    allowed = rankable_proposals(round).filter(challenge=challenge)
    return _ranking_save(
        round=round,
        side=RankingSide.JURY,
        owner={"challenge": challenge},
        allowed=set(allowed.values_list("pk", flat=True)),
        proposal_ids=proposal_ids,
        submit=submit,
        by=by,
    )


def _ranking_save(
    *,
    round: Round,
    side: str,
    owner: dict[str, Any],
    allowed: set[int],
    proposal_ids: Sequence[int],
    submit: bool,
    by: User,
) -> Ranking:
    round = _lock_round(round)
    _require_open(round)
    order = list(proposal_ids)
    if len(set(order)) != len(order):
        raise DomainError(_("Chaque choix ne figure qu’une fois dans le classement."))
    if set(order) - allowed:
        raise DomainError(_("Ce classement contient un choix qui n’est pas à classer."))
    ranking, _created = Ranking.objects.get_or_create(round=round, side=side, **owner)
    ranking = Ranking.objects.select_for_update(of=("self",)).get(pk=ranking.pk)
    before = list(ranking.entries.values_list("proposal_id", flat=True))
    was_submitted = ranking.submitted_at is not None
    ranking.entries.all().delete()
    RankingEntry.objects.bulk_create(
        RankingEntry(ranking=ranking, proposal_id=pk, position=position)
        for position, pk in enumerate(order, start=1)
    )
    ranking.submitted_at = timezone.now() if submit else None
    ranking.updated_by = by
    ranking.save(update_fields=["submitted_at", "updated_by", "updated_at"])
    event_record(
        subject=ranking,
        by=by,
        action=HistoryAction.RANKING_SUBMITTED if submit else HistoryAction.RANKING_DRAFTED,
        from_status="saved" if was_submitted else "draft",
        to_status="saved" if submit else "draft",
        changes={"ordre": [before, order]},
    )
    return ranking


# --- Places ------------------------------------------------------------------------


def _places_left(promotion: Promotion) -> tuple[int, int]:
    accepted = accepted_count(promotion)
    return accepted, max(promotion.cap - accepted, 0)


def _check_places(promotion: Promotion, asked: int) -> None:
    accepted, left = _places_left(promotion)
    if asked > left:
        raise DomainError(
            TOO_MANY_PLACES.format(asked=asked, left=left, cap=promotion.cap, accepted=accepted)
        )


@transaction.atomic
def challenge_places_set(
    *, round: Round, challenge: Challenge, product: int, tech: int, by: User
) -> ChallengePlaces:
    """Staff set a défi's places per profile; the round's total stays under the cap."""
    require_staff(by)
    if product < 0 or tech < 0:
        raise DomainError(_("Un nombre de places ne peut pas être négatif."))
    round = _lock_round(round)
    promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=round.promotion_id)
    challenges = market_challenges(round)
    if challenge.pk not in {c.pk for c in challenges}:
        raise DomainError(_("Ce défi n’a pas de candidat·e à affecter dans cette session."))
    places = places_for(round, challenges)
    places[challenge.pk] = {"product": product, "tech": tech}
    _check_places(promotion, sum(sum(p.values()) for p in places.values()))
    row, _created = ChallengePlaces.objects.select_for_update(of=("self",)).get_or_create(
        round=round, challenge=challenge
    )
    before = [row.product, row.tech]
    row.product, row.tech, row.updated_by = product, tech, by
    row.save()
    event_record(
        subject=row,
        by=by,
        action=HistoryAction.PLACES_SET,
        changes={"places (produit, technique)": [before, [product, tech]]},
    )
    return row


# --- Runs --------------------------------------------------------------------------


def _snapshot(round: Round) -> dict[str, Any]:
    """Both sides' saved rankings (open proposals only) and the places, as JSON."""
    proposals = {p.pk: p for p in rankable_proposals(round)}
    saved = Ranking.objects.filter(round=round, submitted_at__isnull=False).prefetch_related(
        "entries"
    )
    candidates: dict[str, list[str]] = {}
    juries: dict[str, list[str]] = {}
    for ranking in saved:
        entries = [
            proposals[e.proposal_id] for e in ranking.entries.all() if e.proposal_id in proposals
        ]
        if ranking.side == RankingSide.CANDIDATE:
            candidates[str(ranking.candidacy_id)] = [str(p.challenge_id) for p in entries]
        else:
            juries[str(ranking.challenge_id)] = [str(p.candidacy_id) for p in entries]
    challenges = market_challenges(round)
    tracks = {str(p.candidacy_id): p.candidacy.candidate.track for p in proposals.values()}
    # A saved ranking whose every proposal closed since (the person withdrew, was hired
    # elsewhere) has no place in the run.
    candidates = {c: choices for c, choices in candidates.items() if c in tracks}
    return {
        "candidates": candidates,
        "juries": juries,
        "tracks": {c: tracks[c] for c in candidates},
        "places": {str(k): v for k, v in places_for(round, challenges).items()},
        "titles": {str(c.pk): c.title for c in challenges},
    }


@transaction.atomic
def matching_run(*, round: Round, by: User) -> MatchingRun:
    """Run the stable matching on the round's saved rankings and places: a new record."""
    require_staff(by)
    round = _lock_round(round)
    promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=round.promotion_id)
    inputs = _snapshot(round)
    if not inputs["candidates"] or not inputs["juries"]:
        raise DomainError(
            _("Aucun classement enregistré des deux côtés : il n’y a rien à apparier.")
        )
    _check_places(promotion, sum(p.get(t, 0) for p in inputs["places"].values() for t in TRACKS))
    run = MatchingRun.objects.create(
        round=round, inputs=inputs, result=result_compute(inputs), run_by=by
    )
    matched = sum(len(candidates) for candidates in run.result.values())
    event_record(
        subject=run,
        by=by,
        action=HistoryAction.MATCHING_COMPUTED,
        to_status=run.status,
        comment=plural(
            matched,
            "{n} personne affectée sur {total}.",
            "{n} personnes affectées sur {total}.",
            total=len(inputs["candidates"]),
        ),
    )
    return run


def _require_latest_computed(run: MatchingRun) -> MatchingRun:
    locked = MatchingRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
    if locked.status != MatchingRunStatus.COMPUTED:
        raise DomainError(_("Cet appariement est déjà publié."))
    latest = latest_run(locked.round)
    if latest is None or latest.pk != locked.pk:
        raise DomainError(_("Un appariement plus récent existe : travaillez sur celui-là."))
    return locked


@transaction.atomic
def matching_override(
    *, run: MatchingRun, candidacy_id: int, challenge_id: int | None, reason: str, by: User
) -> MatchingOverride:
    """Place a candidate by hand (on a défi of the run, or nowhere), with the reason."""
    require_staff(by)
    run = _require_latest_computed(run)
    if not reason.strip():
        raise DomainError(_("Indiquez la raison de cette modification."))
    if str(candidacy_id) not in run.inputs["candidates"]:
        raise DomainError(_("Cette personne ne fait pas partie de cet appariement."))
    if challenge_id is not None and str(challenge_id) not in run.inputs["places"]:
        raise DomainError(_("Ce défi ne fait pas partie de cet appariement."))
    met = rankable_proposals(run.round).filter(candidacy_id=candidacy_id)
    if challenge_id is not None and not met.filter(challenge_id=challenge_id).exists():
        raise DomainError(
            _(
                "Cette personne n’a pas passé d’entretien conjoint pour ce défi : "
                "elle ne peut y être placée."
            )
        )
    override = MatchingOverride.objects.create(
        run=run,
        candidacy_id=candidacy_id,
        challenge_id=challenge_id,
        reason=reason.strip(),
        made_by=by,
    )
    event_record(
        subject=run,
        by=by,
        action=HistoryAction.MATCHING_OVERRIDDEN,
        comment=override.reason,
        changes={"candidature": candidacy_id, "défi": challenge_id},
    )
    return override


@transaction.atomic
def matching_publish(*, run: MatchingRun, by: User) -> MatchingRun:
    """Publish the latest run: proposals' outcomes, draft offers, e-mails, history."""
    require_staff(by)
    round = _lock_round(run.round)
    promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=round.promotion_id)
    run = _require_latest_computed(run)
    result = effective_result(run)
    pairs = [(int(c), int(h)) for h, candidates in result.items() for c in candidates]
    _check_places(promotion, len(pairs))
    placed = dict(pairs)
    in_run = [int(c) for c in run.inputs["candidates"]]
    proposals = Proposal.objects.filter(candidacy_id__in=in_run)
    matched = [
        pk
        for pk, candidacy_id, challenge_id in proposals.filter(
            status__in=PROPOSAL_WORKFLOW.sources_of("match")
        ).values_list("pk", "candidacy_id", "challenge_id")
        if placed.get(candidacy_id) == challenge_id
    ]
    transition_apply_many(
        workflow=PROPOSAL_WORKFLOW, queryset=proposals.filter(pk__in=matched), name="match", by=by
    )
    transition_apply_many(
        workflow=PROPOSAL_WORKFLOW,
        queryset=proposals.exclude(pk__in=matched),
        name="not_match",
        by=by,
    )
    for candidacy_id, challenge_id in pairs:
        offer_draft_create(
            candidacy=Candidacy.objects.select_related("round", "candidate").get(pk=candidacy_id),
            challenge=Challenge.objects.get(pk=challenge_id),
            by=by,
        )
    run = transition_apply(
        workflow=MATCHING_RUN_WORKFLOW,
        instance=run,
        name="matching_publish",
        by=by,
        comment=plural(len(pairs), "{n} offre en brouillon.", "{n} offres en brouillon."),
        extra_fields={"published_at": timezone.now(), "published_result": result},
    )
    _publish_notify(run, placed)
    return run


def _publish_notify(run: MatchingRun, placed: dict[int, int]) -> None:
    site = settings.SITE_URL
    titles = run.inputs["titles"]
    candidacies = Candidacy.objects.filter(pk__in=[int(c) for c in run.inputs["candidates"]])
    for candidacy in candidacies.select_related("candidate__user"):
        challenge_id = placed.get(candidacy.pk)
        email_queue(
            to=candidacy.candidate.user.email,
            template="matching_result_candidate",
            context={
                "title": titles.get(str(challenge_id), "") if challenge_id else "",
                "url": site + reverse("matching:candidate_ranking", kwargs={"pk": run.round_id}),
            },
        )
    for challenge in Challenge.objects.filter(pk__in=[int(h) for h in run.inputs["juries"]]):
        recipients = [agent.email for agent in agents_of(challenge)]
        if not recipients:
            continue
        got = sum(1 for h in placed.values() if h == challenge.pk)
        email_queue(
            to=recipients,
            template="matching_result_jury",
            context={
                "challenge": challenge,
                "count": got,
                "url": site
                + reverse(
                    "matching:jury_ranking",
                    kwargs={"pk": run.round_id, "challenge_pk": challenge.pk},
                ),
            },
        )


# --- Reminders ---------------------------------------------------------------------

REMINDER_DAYS_BEFORE = 2


def ranking_reminders_send() -> int:
    """Two days before a round's ranking deadline, remind whoever has a ranking to save
    (candidates and juries), once per round even if run twice (the round is locked and
    the sending recorded in its history)."""
    day = timezone.localdate() + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    return sum(
        _round_remind(round_id=pk)
        for pk in Round.objects.filter(ranking_deadline=day).values_list("pk", flat=True)
    )


@transaction.atomic
def _round_remind(*, round_id: int) -> int:
    round = Round.objects.select_for_update(of=("self",)).get(pk=round_id)
    done = Event.objects.filter(action=HistoryAction.RANKING_REMINDERS_SENT, object_id=round.pk)
    if done.filter(content_type__model="round").exists():
        return 0
    saved = Ranking.objects.filter(round=round, submitted_at__isnull=False)
    saved_candidacies = set(saved.values_list("candidacy_id", flat=True))
    saved_challenges = set(saved.values_list("challenge_id", flat=True))
    proposals = list(rankable_proposals(round))
    sent = 0
    context = {"deadline": round.ranking_deadline}
    for candidacy in {p.candidacy for p in proposals if p.candidacy_id not in saved_candidacies}:
        url = reverse("matching:candidate_ranking", kwargs={"pk": round.pk})
        email_queue(
            to=candidacy.candidate.user.email,
            template="ranking_reminder",
            context={**context, "url": settings.SITE_URL + url, "jury": False},
        )
        sent += 1
    for challenge in {p.challenge for p in proposals if p.challenge_id not in saved_challenges}:
        recipients = [agent.email for agent in agents_of(challenge)]
        if recipients:
            url = reverse(
                "matching:jury_ranking", kwargs={"pk": round.pk, "challenge_pk": challenge.pk}
            )
            email_queue(
                to=recipients,
                template="ranking_reminder",
                context={**context, "url": settings.SITE_URL + url, "jury": True},
            )
            sent += len(recipients)
    event_record(
        subject=round,
        by=None,
        action=HistoryAction.RANKING_REMINDERS_SENT,
        comment=plural(sent, "{n} rappel.", "{n} rappels."),
    )
    return sent
