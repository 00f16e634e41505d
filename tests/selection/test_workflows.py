"""The selection's tables (proposal, matching run) and the application moves the
selection makes: who may apply each, and the history line each writes, as the table says."""

import pytest
from django.db import transaction

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.history_display import history_lines
from eig.core.workflow import transition_apply
from eig.selection.enums import MatchingRunStatus, ProposalStatus
from eig.selection.services.committee import committee_decide, round_decisions_publish
from eig.selection.services.interviews import interview_cancel, interview_schedule
from eig.selection.services.matching import matching_publish, matching_run
from eig.selection.services.proposals import proposal_create, proposal_opinion_record
from eig.selection.services.screening import screening_decide
from eig.selection.workflows import MATCHING_RUN_WORKFLOW, PROPOSAL_WORKFLOW
from tests.factories import AgentFactory, StaffFactory
from tests.selection.interview_world import plan, pool_candidacy, recruiting_challenge
from tests.selection.matching_world import rank_all, world
from tests.selection.round_setup import a_reason, file_reviewed, selection_round, submitted

pytestmark = pytest.mark.django_db


def _line(event):
    return (event.action, event.from_status, event.to_status)


def _as_table_says(workflow, name, source):
    transition = workflow.get(name)
    assert source in transition.sources
    return (transition.history_action, source, transition.target)


def test_publishing_the_decisions_moves_each_application_as_its_table_says():
    staff = StaffFactory()
    round_ = selection_round()
    ineligible, not_retained, pool = (submitted(round_) for _ in range(3))
    screening_decide(candidacy=ineligible, eligible=False, reason=a_reason(), by=staff)
    for candidacy, joins_pool in ((not_retained, False), (pool, True)):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        file_reviewed(candidacy)
        committee_decide(candidacy=candidacy, joins_pool=joins_pool, comment="Comité", by=staff)
    assert round_decisions_publish(round_=round_, by=staff) == 3
    for candidacy, name in (
        (ineligible, "publish_ineligible"),
        (not_retained, "publish_not_retained"),
        (pool, "publish_pool"),
    ):
        event = event_list_for(candidacy).get(action=HistoryAction.DECISION_PUBLISHED)
        assert _line(event) == _as_table_says(CANDIDACY_WORKFLOW, name, CandidacyStatus.SUBMITTED)
        assert event.actor == staff


def _proposed():
    challenge = recruiting_challenge()
    staff = StaffFactory()
    proposal = proposal_create(candidacy=pool_candidacy(), challenge=challenge, by=staff)
    return proposal, staff, AgentFactory(organisation=challenge.organisation)


def _joint_interview(proposal, staff):
    return interview_schedule(
        candidacy=proposal.candidacy,
        challenge=proposal.challenge,
        plan=plan(),
        interviewers=[staff],
        by=staff,
    )


def test_a_cancelled_joint_interview_puts_the_proposal_back_and_says_so_in_its_history():
    proposal, staff, _agent = _proposed()
    interview = _joint_interview(proposal, staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    interview_cancel(interview=interview, by=staff, reason="Jury indisponible")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    lines = [_line(e) for e in event_list_for(proposal).order_by("pk")][1:]
    assert lines == [
        _as_table_says(PROPOSAL_WORKFLOW, "interview_schedule", ProposalStatus.PROPOSED),
        _as_table_says(PROPOSAL_WORKFLOW, "interview_cancel", ProposalStatus.INTERVIEW),
    ]
    (cancelled, *_older) = history_lines(proposal)
    assert (cancelled.action, cancelled.comment) == (
        "Entretien conjoint annulé",
        "Jury indisponible",
    )
    # Planned again, the interview moves it once more.
    _joint_interview(proposal, staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW


def test_the_jury_changes_its_opinion_until_the_matching_moves_the_proposal():
    proposal, staff, agent = _proposed()
    _joint_interview(proposal, staff)
    proposal_opinion_record(proposal=proposal, opinion="Non.", decision="not_retained", by=agent)
    proposal_opinion_record(proposal=proposal, opinion="Si.", decision="retained", by=agent)
    lines = [
        _line(e)
        for e in event_list_for(proposal).filter(action=HistoryAction.PROPOSAL_OPINION_GIVEN)
    ]
    assert sorted(lines) == sorted(
        [
            _as_table_says(PROPOSAL_WORKFLOW, "not_retain", ProposalStatus.INTERVIEW),
            _as_table_says(PROPOSAL_WORKFLOW, "retain", ProposalStatus.NOT_RETAINED),
        ]
    )
    with transaction.atomic():
        transition_apply(workflow=PROPOSAL_WORKFLOW, instance=proposal, name="match", by=staff)
    with pytest.raises(DomainError, match="Affectée par l’appariement"):
        proposal_opinion_record(
            proposal=proposal, opinion="Non.", decision="not_retained", by=agent
        )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.jury_opinion) == (ProposalStatus.MATCHED, "Si.")


def test_a_role_the_proposal_table_does_not_name_is_refused():
    proposal, staff, agent = _proposed()
    _joint_interview(proposal, staff)
    for name, by in (("retain", staff), ("interview_cancel", agent), ("match", agent)):
        with transaction.atomic(), pytest.raises(DomainError, match="rôle"):
            transition_apply(workflow=PROPOSAL_WORKFLOW, instance=proposal, name=name, by=by)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW


def test_publishing_the_matching_moves_each_proposal_and_the_run_as_their_tables_say():
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(built, candidates={"a": ["x", "y"], "b": ["y"]}, juries={"x": ["a"], "y": ["b"]})
    run = matching_run(round=built.round, by=built.staff)
    agent = next(iter(built.agents.values()))
    with transaction.atomic(), pytest.raises(DomainError, match="rôle"):
        transition_apply(
            workflow=MATCHING_RUN_WORKFLOW, instance=run, name="matching_publish", by=agent
        )
    matching_publish(run=run, by=built.staff)
    expected = {("a", "x"): "match", ("a", "y"): "not_match", ("b", "y"): "match"}
    for (candidate, challenge), name in expected.items():
        proposal = built.proposal(candidate, challenge)
        event = event_list_for(proposal).get(action=HistoryAction.MATCHING_OUTCOME_RECORDED)
        assert _line(event) == _as_table_says(PROPOSAL_WORKFLOW, name, ProposalStatus.INTERVIEW)
    event = event_list_for(run).get(action=HistoryAction.MATCHING_PUBLISHED)
    assert _line(event) == _as_table_says(
        MATCHING_RUN_WORKFLOW, "matching_publish", MatchingRunStatus.COMPUTED
    )
