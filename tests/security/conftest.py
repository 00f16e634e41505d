from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Attachment, Opinion
from eig.impact.enums import SurveyWave
from eig.impact.models import AlumniPath
from tests.database import built_once
from tests.factories import (
    AgentFactory,
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    CoachFactory,
    CriterionFactory,
    MeasurementFactory,
    PayGridFactory,
    PayLevelFactory,
    PriorityPolicyFactory,
    PromotionFactory,
    ReviewerFactory,
    RoundFactory,
    ScoringGridFactory,
    StaffFactory,
)


@pytest.fixture(scope="module")
def _world_built_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(
        _world_build, django_db_blocker=django_db_blocker, tmp_path_factory=tmp_path_factory
    ) as built:
        yield built


@pytest.fixture
def world(_world_built_once, db, settings):
    """The matrix's world, built once per module (``_world_build``): each case runs in a
    savepoint rolled back after it, on its own copy of the objects, and its own
    ``world.offer()`` and ``world.contract()`` (``_world_on_demand``)."""
    world = _world_built_once.fresh(settings)
    _world_on_demand(world)
    return world


def _world_on_demand(world):
    """Objects built only by the cases that call for them, again for each case."""
    _offers(world)
    _contracts(world)


def _world_build():
    """One user of each role, and the objects the matrix's URLs point at.

    Later issues add the objects their URLs need (a draft défi, a candidacy...). Objects
    built on demand (a method of the world, such as ``world.offer()``) are set up in
    ``_world_on_demand`` instead: the cases write, and the world is built only once.
    """
    world = SimpleNamespace(
        anonymous=None,
        candidate=CandidateFactory(),
        agent=AgentFactory(),
        reviewer=ReviewerFactory(),
        coach=CoachFactory(),
        staff=StaffFactory(),
    )
    _challenges(world)
    _programme_settings(world)
    _organisations(world)
    _candidacies(world)
    _selection(world)
    _interviews(world)
    _matching(world)
    _impact(world)
    return world


def _challenges(world):
    """Défis of the agent's organisation: a draft, a submitted one (a coach's opinion
    asked), a public one; and a priority policy."""
    organisation = world.agent.memberships.get().organisation
    world.draft = ChallengeFactory(organisation=organisation, complete=True)
    world.indicator = world.draft.indicators.get()
    world.draft_attachment = _attachment(world.draft, world.agent)
    world.submitted = ChallengeFactory(
        organisation=organisation, complete=True, status=ChallengeStatus.SUBMITTED
    )
    world.attachment = _attachment(world.submitted, world.agent)
    Opinion.objects.create(challenge=world.submitted, coach=world.coach, requested_by=world.staff)
    world.public = ChallengeFactory(complete=True, status=ChallengeStatus.SELECTED)
    world.policy = PriorityPolicyFactory()


def _attachment(challenge, by):
    attachment = Attachment(challenge=challenge, name="annexe.pdf", size=9, uploaded_by=by)
    attachment.file.save("annexe.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return attachment


def _programme_settings(world):
    """A promotion with a round, an upcoming pay grid version, a scoring grid with a criterion."""
    world.promotion = PromotionFactory()
    world.round = RoundFactory(promotion=world.promotion)
    world.pay_grid = PayGridFactory(programme=world.promotion.programme)
    PayLevelFactory(grid=world.pay_grid)
    world.scoring_grid = ScoringGridFactory(programme=world.promotion.programme)
    world.criterion = CriterionFactory(grid=world.scoring_grid)


def _organisations(world):
    """The agent's organisation and their membership of it."""
    world.membership = world.agent.memberships.select_related("organisation").get()
    world.organisation = world.membership.organisation


def _candidacies(world):
    """The candidate's complete profile (a venture, a CV) and a draft in an open round."""
    world.candidate_profile = CandidateProfileFactory(user=world.candidate, complete=True)
    world.venture = world.candidate_profile.ventures.get()
    world.candidacy = CandidacyFactory(candidate=world.candidate_profile)
    # Someone else's complete profile (with a CV) whose only application is a draft.
    world.draft_only_profile = CandidateProfileFactory(complete=True)
    CandidacyFactory(candidate=world.draft_only_profile)
    # Another person's submitted application: the programme team sees it, never a draft.
    world.submitted_candidacy = CandidacyFactory(status="submitted", submitted_at=timezone.now())


def _selection(world):
    """A submitted application screened eligible in a round without blind review, its file
    review assigned to the reviewer, and an ineligibility reason."""
    from eig.selection.models import IneligibilityReason
    from eig.selection.services.reviews import review_assign
    from eig.selection.services.screening import screening_decide

    world.selection_round = RoundFactory(promotion=world.promotion, anonymous_file_review=False)
    world.selection_candidacy = CandidacyFactory(
        round=world.selection_round, status="submitted", submitted_at=timezone.now()
    )
    screening_decide(candidacy=world.selection_candidacy, eligible=True, by=world.staff)
    world.selection_review = review_assign(
        candidacy=world.selection_candidacy, reviewer=world.reviewer, by=world.staff
    )
    world.reason = IneligibilityReason.objects.create(label="Motif de la matrice")


def _offers(world):
    """An open offer to the candidate (a pool application of another round, retained by
    a recruiting défi's jury), built on demand by ``world.offer()``: giving the candidate a
    pool application would let staff see their profile, which the
    ``candidacies:staff_cv#draft_only`` row checks they cannot."""
    from tests.contracts.offers import make_open_offer

    made = []

    def offer():
        if not made:
            made.append(
                make_open_offer(candidate=world.candidate_profile, promotion=world.promotion)
            )
        return made[0]

    world.offer = offer


def _interviews(world):
    """Interviews, proposals and the jury: an eligible application to invite, a programme
    interview the reviewer sits on, a recruiting défi of the agent's organisation with a
    proposal and a joint interview (another team member sits on it), and a proposal to
    another organisation's défi.

    (Rebuilt by the offers helper after its edit of this file dropped the original.)"""
    from eig.selection.models import Proposal
    from eig.selection.services.interviews import interview_schedule
    from tests.selection.interview_world import (
        eligible_candidacy,
        plan,
        pool_candidacy,
        recruiting_challenge,
    )

    world.to_invite = eligible_candidacy(round=world.selection_round)
    world.interview = interview_schedule(
        candidacy=eligible_candidacy(round=world.selection_round),
        plan=plan(),
        interviewers=[world.reviewer],
        by=world.staff,
    )
    world.jury_challenge = recruiting_challenge(
        organisation=world.organisation, promotion=world.promotion
    )
    proposed = pool_candidacy(round=world.selection_round, submitted_at=timezone.now())
    world.jury_proposal = Proposal.objects.create(
        candidacy=proposed, challenge=world.jury_challenge, proposed_by=world.staff
    )
    world.joint_interview = interview_schedule(
        candidacy=proposed,
        plan=plan(days=8),
        interviewers=[StaffFactory()],
        by=world.staff,
        challenge=world.jury_challenge,
    )
    world.other_jury_proposal = Proposal.objects.create(
        candidacy=pool_candidacy(round=world.selection_round, submitted_at=timezone.now()),
        challenge=recruiting_challenge(promotion=world.promotion),
        proposed_by=world.staff,
    )


def _matching(world):
    """The matching of the selection round (rankings open for 5 more days): the candidate,
    in the pool from another round of the promotion, met the jury défi's agents; a run."""
    import datetime

    from eig.selection.enums import InterviewKind, ProposalStatus
    from eig.selection.models import Interview, MatchingRun, Proposal

    world.matching_round = world.selection_round
    world.matching_round.ranking_deadline = timezone.localdate() + datetime.timedelta(days=5)
    world.matching_round.save(update_fields=["ranking_deadline"])
    pooled = CandidacyFactory(
        candidate=world.candidate_profile,
        round=RoundFactory(promotion=world.promotion),
        status="pool",
        submitted_at=timezone.now(),
    )
    Proposal.objects.create(
        candidacy=pooled, challenge=world.jury_challenge, status=ProposalStatus.INTERVIEW
    )
    Interview.objects.create(
        candidacy=pooled,
        challenge=world.jury_challenge,
        kind=InterviewKind.JOINT,
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    empty = {"candidates": {}, "juries": {}, "tracks": {}, "places": {}, "titles": {}}
    world.matching_run = MatchingRun.objects.create(
        round=world.matching_round, inputs=empty, result={}, run_by=world.staff
    )


def _contracts(world):
    """The candidate's contract (from an accepted offer of their own), built on demand by
    ``world.contract()``; ``world.contract_with_documents()`` also renders its PDFs."""
    from eig.contracts.enums import OfferStatus
    from eig.contracts.services.contracts import (
        contract_create_from_offer,
        contract_documents_generate,
    )
    from tests.contracts.offers import make_open_offer

    made = []

    def contract():
        if not made:
            offer = make_open_offer(candidate=world.candidate_profile, promotion=world.promotion)
            offer.status = OfferStatus.ACCEPTED
            offer.save(update_fields=["status"])
            made.append(contract_create_from_offer(offer=offer, by=None))
        return made[0]

    def contract_with_documents():
        return contract_documents_generate(contract_id=contract().pk)

    world.contract = contract
    world.contract_with_documents = contract_with_documents


def _impact(world):
    """A running défi of the agent's organisation with an indicator and a measurement, a
    completed one with a measurement, and an alumni survey sent to the candidate."""
    organisation = world.agent.memberships.get().organisation
    world.running = ChallengeFactory(
        organisation=organisation, complete=True, status=ChallengeStatus.RUNNING
    )
    world.running_indicator = world.running.indicators.get()
    world.running_measurement = MeasurementFactory(indicator=world.running_indicator)
    world.completed = ChallengeFactory(
        organisation=organisation, complete=True, status=ChallengeStatus.COMPLETED
    )
    world.completed_measurement = MeasurementFactory(indicator=world.completed.indicators.get())
    world.survey = AlumniPath.objects.create(
        person=world.candidate,
        promotion=world.promotion,
        wave=SurveyWave.SIX_MONTHS,
        contract_end=timezone.localdate(),
        token="jeton-de-la-matrice-0123456789",
    )
