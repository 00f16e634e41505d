"""Proposals of pool candidates to recruiting défis, and the administration's jury.

Staff propose a candidate of the pool (candidacy status ``pool``) to a défi that is
recruiting and wants the candidate's track; a candidate is proposed once per défi.
The défi's agents are told by e-mail. The jury (the défi's agents) records its
opinion on each candidate it met in a joint interview (retained or not) and ranks
them: ranks 1..n, unique per défi (the défi's row is locked while ranking).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply
from eig.notifications.services import email_queue
from eig.organisations.models import Membership
from eig.selection.enums import ProposalStatus
from eig.selection.models import Proposal
from eig.selection.rules import interview_rule
from eig.selection.selectors.interviews import agents_of, jury_proposals, tracks_wanted
from eig.selection.workflows import PROPOSAL_WORKFLOW

# The jury's opinion, and the proposal's transition that records it.
TRANSITION_FOR_OPINION = {
    ProposalStatus.RETAINED: "retain",
    ProposalStatus.NOT_RETAINED: "not_retain",
}


@transaction.atomic
def proposal_create(*, candidacy: Candidacy, challenge: Challenge, by: User) -> Proposal:
    """Propose a pool candidate to a recruiting défi that wants their track."""
    if getattr(by, "role", None) != "staff":
        raise DomainError(_("Seule l’équipe du programme propose des candidat·es aux défis."))
    challenge = Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)
    candidacy = Candidacy.objects.select_related("candidate__user").get(pk=candidacy.pk)
    if candidacy.status != CandidacyStatus.POOL:
        raise DomainError(_("Seules les personnes du vivier peuvent être proposées à un défi."))
    if challenge.status != ChallengeStatus.RECRUITING:
        raise DomainError(_("Ce défi ne recrute pas."))
    if candidacy.candidate.track not in tracks_wanted(challenge):
        raise DomainError(_("Ce défi ne recherche pas le profil de cette personne."))
    if Proposal.objects.filter(candidacy=candidacy, challenge=challenge).exists():
        raise DomainError(_("Cette personne a déjà été proposée à ce défi."))
    proposal = Proposal(candidacy=candidacy, challenge=challenge, proposed_by=by)
    proposal.full_clean()
    proposal.save()
    event_record(
        subject=proposal,
        by=by,
        action=HistoryAction.PROPOSAL_CREATED,
        to_status=ProposalStatus.PROPOSED,
    )
    _agents_notify(proposal)
    return proposal


def _agents_notify(proposal: Proposal) -> None:
    challenge = proposal.challenge
    recipients = [agent.email for agent in agents_of(challenge)]
    if not recipients:
        return
    url = settings.SITE_URL + reverse("interviews:jury_list", kwargs={"pk": challenge.pk})
    email_queue(
        to=recipients,
        template="proposal_made",
        context={
            "challenge": challenge,
            "candidate_name": proposal.candidacy.candidate.user.full_name,
            "url": url,
        },
    )


@transaction.atomic
def proposal_opinion_record(
    *, proposal: Proposal, opinion: str, decision: str, by: User
) -> Proposal:
    """The jury's opinion on a candidate it met: retained or not, with its reasons."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("challenge")
        .get(pk=proposal.pk)
    )
    if not interview_rule(by, "jury_decide", proposal):
        raise DomainError(_("Le jury donne son avis après l’entretien conjoint."))
    if decision not in TRANSITION_FOR_OPINION:
        raise DomainError(_("Indiquez si le jury retient cette personne."))
    if not opinion.strip():
        raise DomainError(_("Écrivez l’avis du jury."))
    extra: dict[str, object] = {"jury_opinion": opinion.strip()}
    if decision == ProposalStatus.NOT_RETAINED and proposal.jury_rank is not None:
        extra["jury_rank"] = None
    proposal.jury_opinion = opinion.strip()
    proposal.full_clean()
    return transition_apply(
        workflow=PROPOSAL_WORKFLOW,
        instance=proposal,
        name=TRANSITION_FOR_OPINION[ProposalStatus(decision)],
        by=by,
        comment=proposal.jury_opinion,
        extra_fields=extra,
    )


@transaction.atomic
def proposal_ranking_record(
    *, challenge: Challenge, ranks: dict[int, int | None], by: User
) -> None:
    """Rank the candidates the jury retained: ``ranks`` maps proposal ids to 1..n (or None).

    Every retained candidate gets a rank; the ranks are 1 to n, each once.
    """
    challenge = Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)
    proposals = {proposal.pk: proposal for proposal in jury_proposals(challenge)}
    retained = {pk for pk, p in proposals.items() if p.status == ProposalStatus.RETAINED}
    is_jury = Membership.objects.filter(user=by, organisation_id=challenge.organisation_id)
    if getattr(by, "role", None) != Role.AGENT or not is_jury.exists() or not proposals:
        raise DomainError(_("Vous ne faites pas partie du jury de ce défi."))
    given = {pk: rank for pk, rank in ranks.items() if rank is not None}
    if set(given) - retained:
        raise DomainError(_("Seules les personnes retenues par le jury sont classées."))
    if set(given) != retained:
        raise DomainError(_("Classez chaque personne retenue par le jury."))
    if sorted(given.values()) != list(range(1, len(given) + 1)):
        raise DomainError(
            _("Les rangs vont de 1 à %(n)s, chacun une seule fois.") % {"n": len(given)}
        )
    for pk, proposal in proposals.items():
        rank = given.get(pk)
        if proposal.jury_rank != rank:
            Proposal.objects.filter(pk=pk).update(jury_rank=rank)
            event_record(
                subject=proposal,
                by=by,
                action=HistoryAction.PROPOSAL_RANKED,
                changes={"jury_rank": [proposal.jury_rank, rank]},
            )
