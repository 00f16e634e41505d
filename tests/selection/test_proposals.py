"""Proposals of pool candidates to recruiting défis, and the jury's opinion and ranking."""

import pytest
from django.urls import reverse

from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.notifications.models import Email
from eig.selection.enums import ProposalStatus
from eig.selection.models import Proposal
from eig.selection.services.interviews import interview_schedule
from eig.selection.services.proposals import (
    proposal_create,
    proposal_opinion_record,
    proposal_ranking_record,
)
from tests.factories import AgentFactory, CandidacyFactory, ChallengeFactory, StaffFactory
from tests.selection.interview_world import plan, pool_candidacy, recruiting_challenge, wish

pytestmark = pytest.mark.django_db


def test_staff_propose_a_pool_candidate_and_the_agents_are_told():
    challenge = recruiting_challenge()
    agent = AgentFactory(organisation=challenge.organisation)
    candidacy = pool_candidacy()
    staff = StaffFactory()
    proposal = proposal_create(candidacy=candidacy, challenge=challenge, by=staff)
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.proposed_by == staff
    email = Email.objects.get(template="proposal_made")
    assert email.to == agent.email
    assert reverse("interviews:jury_list", kwargs={"pk": challenge.pk}) in email.body_text
    assert Event.objects.filter(
        action=HistoryAction.PROPOSAL_CREATED, object_id=proposal.pk
    ).exists()


def test_no_duplicate_proposal():
    challenge = recruiting_challenge()
    candidacy = pool_candidacy()
    staff = StaffFactory()
    proposal_create(candidacy=candidacy, challenge=challenge, by=staff)
    with pytest.raises(DomainError):
        proposal_create(candidacy=candidacy, challenge=challenge, by=staff)
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("status", ["submitted", "not_retained", "hired", "withdrawn"])
def test_only_pool_candidates_are_proposed(status):
    candidacy = CandidacyFactory(status=status)
    with pytest.raises(DomainError):
        proposal_create(candidacy=candidacy, challenge=recruiting_challenge(), by=StaffFactory())


@pytest.mark.parametrize("status", ["selected", "staffed", "draft"])
def test_only_recruiting_challenges_receive_proposals(status):
    challenge = ChallengeFactory(complete=True, status=status)
    with pytest.raises(DomainError):
        proposal_create(candidacy=pool_candidacy(), challenge=challenge, by=StaffFactory())


def test_only_challenges_wanting_the_track():
    challenge = recruiting_challenge(wants_product=False, wants_tech=True)
    with pytest.raises(DomainError):
        proposal_create(
            candidacy=pool_candidacy(track="product"), challenge=challenge, by=StaffFactory()
        )
    proposal_create(candidacy=pool_candidacy(track="tech"), challenge=challenge, by=StaffFactory())


def test_only_staff_propose():
    challenge = recruiting_challenge()
    agent = AgentFactory(organisation=challenge.organisation)
    with pytest.raises(DomainError):
        proposal_create(candidacy=pool_candidacy(), challenge=challenge, by=agent)


def _met(challenge=None):
    """A proposal whose candidate had a joint interview; and an agent of the défi."""
    challenge = challenge or recruiting_challenge()
    agent = AgentFactory(organisation=challenge.organisation)
    staff = StaffFactory()
    proposal = proposal_create(candidacy=pool_candidacy(), challenge=challenge, by=staff)
    interview_schedule(
        candidacy=proposal.candidacy,
        challenge=challenge,
        plan=plan(),
        interviewers=[staff],
        by=staff,
    )
    return proposal, agent


def test_the_jury_records_its_opinion_after_the_joint_interview():
    proposal, agent = _met()
    proposal_opinion_record(
        proposal=proposal, opinion="Convaincant.", decision="retained", by=agent
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETAINED
    assert proposal.jury_opinion == "Convaincant."


def test_no_opinion_before_the_joint_interview_nor_from_another_organisation():
    challenge = recruiting_challenge()
    agent = AgentFactory(organisation=challenge.organisation)
    proposal = proposal_create(candidacy=pool_candidacy(), challenge=challenge, by=StaffFactory())
    with pytest.raises(DomainError):
        proposal_opinion_record(proposal=proposal, opinion="Bien.", decision="retained", by=agent)
    met, _agent = _met()
    for intruder in (AgentFactory(), StaffFactory(), met.candidacy.candidate.user):
        with pytest.raises(DomainError):
            proposal_opinion_record(proposal=met, opinion="Bien.", decision="retained", by=intruder)


def test_the_jury_ranks_the_candidates_it_retained_from_one_to_n():
    challenge = recruiting_challenge()
    first, agent = _met(challenge)
    second, _ = _met(challenge)
    third, _ = _met(challenge)
    for proposal, decision in ((first, "retained"), (second, "retained"), (third, "not_retained")):
        proposal_opinion_record(proposal=proposal, opinion="Avis.", decision=decision, by=agent)
    for broken in (
        {first.pk: 1, second.pk: 1},  # the same rank twice
        {first.pk: 1, second.pk: 3},  # a gap
        {first.pk: 1},  # someone retained left unranked
        {first.pk: 1, second.pk: 2, third.pk: 3},  # someone not retained ranked
    ):
        with pytest.raises(DomainError):
            proposal_ranking_record(challenge=challenge, ranks=broken, by=agent)
    proposal_ranking_record(challenge=challenge, ranks={first.pk: 2, second.pk: 1}, by=agent)
    ranks = dict(Proposal.objects.filter(challenge=challenge).values_list("pk", "jury_rank"))
    assert ranks == {first.pk: 2, second.pk: 1, third.pk: None}
    with pytest.raises(DomainError):
        proposal_ranking_record(
            challenge=challenge, ranks={first.pk: 1, second.pk: 2}, by=AgentFactory()
        )


def test_the_proposals_page_lists_those_who_wished_the_challenge_first(client):
    challenge = recruiting_challenge()
    other = pool_candidacy()
    wished_second = pool_candidacy()
    wished_first = pool_candidacy()
    wish(candidacy=wished_second, challenge=challenge, rank=2)
    wish(candidacy=wished_first, challenge=challenge, rank=1)
    pool_candidacy(track="tech")  # not wanted
    CandidacyFactory(status="submitted")  # not in the pool
    client.force_login(StaffFactory())
    response = client.get(reverse("interviews:proposal_page", kwargs={"pk": challenge.pk}))
    assert response.status_code == 200
    assert [row.candidacy for row in response.context["wished"]] == [wished_first, wished_second]
    assert [row.candidacy for row in response.context["others"]] == [other]
    response = client.post(
        reverse("interviews:proposal_page", kwargs={"pk": challenge.pk}),
        {"candidacy": wished_first.pk},
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(candidacy=wished_first, challenge=challenge).exists()
    response = client.get(reverse("interviews:proposal_page", kwargs={"pk": challenge.pk}))
    assert "Proposée au défi" in response.content.decode()


@pytest.mark.parametrize("size", [3, 20])
def test_the_proposals_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    challenge = recruiting_challenge()
    staff = StaffFactory()
    for index in range(size):
        candidacy = pool_candidacy()
        wish(candidacy=candidacy, challenge=challenge, rank=1 + index % 3)
        if index % 2:
            proposal_create(candidacy=candidacy, challenge=challenge, by=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("interviews:proposal_page", kwargs={"pk": challenge.pk}))
    assert response.status_code == 200
