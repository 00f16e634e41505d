"""The offer's, the renewal's and the hiring's tables: who may apply each move, and the
history line each move writes (the actions the history pages already name)."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.contracts.enums import OfferStatus, RenewalDecision
from eig.contracts.models import Offer
from eig.contracts.services import offers as services
from eig.contracts.services.contracts import contract_end, contract_renew
from eig.contracts.workflow import OFFER_WORKFLOW, RENEWAL_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.workflow import transition_apply
from tests.contracts.accepted import accepted_contract
from tests.contracts.offers import make_open_offer, pool_candidacy
from tests.factories import AgentFactory, StaffFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)


def _before_the_end():
    return time_machine.travel(datetime.datetime(2027, 7, 1, 10, tzinfo=datetime.UTC))


def _last_line(subject):
    event = event_list_for(subject).order_by("-pk").first()
    return (event.action, event.from_status, event.to_status, event.actor, event.comment)


# --- Who may apply each move ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "person"),
    [("accept", StaffFactory), ("decline", AgentFactory), ("confirm", None), ("expire", None)],
    ids=["staff-accept", "agent-decline", "candidate-confirm", "candidate-expire"],
)
def test_the_offer_table_refuses_a_person_whose_role_it_does_not_name(name, person):
    offer = make_open_offer()
    if name == "confirm":
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.DRAFT)
    by = person() if person else offer.candidacy.candidate.user
    label = OFFER_WORKFLOW.get(name).label
    with transaction.atomic(), pytest.raises(DomainError, match=f"« {label} »"):
        transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name=name, by=by)
    assert not Event.objects.filter(action__startswith="offer_").exists()


def test_an_offer_expires_only_by_the_platform_and_is_answered_only_by_a_person():
    offer = make_open_offer()
    with transaction.atomic(), pytest.raises(DomainError, match="automatiquement"):
        transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name="accept", by=None)
    with transaction.atomic(), pytest.raises(DomainError, match="rôle"):
        transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name="expire", by=StaffFactory())
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE


def test_the_table_refuses_an_answer_past_the_deadline_whatever_the_entry_point():
    offer = make_open_offer()
    Offer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with transaction.atomic(), pytest.raises(DomainError, match="délai de réponse"):
        transition_apply(
            workflow=OFFER_WORKFLOW,
            instance=offer,
            name="accept",
            by=offer.candidacy.candidate.user,
        )


def test_only_staff_decide_a_renewal_and_only_a_candidate_is_hired_by_their_answer():
    contract = accepted_contract(start_date=START)
    with _before_the_end(), transaction.atomic(), pytest.raises(DomainError, match="« Renouveler"):
        transition_apply(
            workflow=RENEWAL_WORKFLOW, instance=contract, name="renew", by=AgentFactory()
        )
    candidacy, _ = pool_candidacy()
    hire = CANDIDACY_WORKFLOW.get("hire").label
    with transaction.atomic(), pytest.raises(DomainError, match=f"« {hire} »"):
        transition_apply(
            workflow=CANDIDACY_WORKFLOW, instance=candidacy, name="hire", by=StaffFactory()
        )
    candidacy.refresh_from_db()
    contract.refresh_from_db()
    assert (candidacy.status, contract.renewal_decision) == (
        CandidacyStatus.POOL,
        RenewalDecision.PENDING,
    )


def test_a_contract_over_is_not_decided_even_by_the_table():
    contract = accepted_contract(start_date=START)
    with (
        time_machine.travel(datetime.datetime(2027, 9, 2, 10, tzinfo=datetime.UTC)),
        transaction.atomic(),
        pytest.raises(DomainError, match="pris fin le 31/08/2027"),
    ):
        transition_apply(
            workflow=RENEWAL_WORKFLOW, instance=contract, name="end", by=StaffFactory()
        )


# --- The history line of each move -------------------------------------------------------


def _confirm():
    candidacy, challenge = pool_candidacy()
    staff = StaffFactory()
    draft = services.offer_draft_create(candidacy=candidacy, challenge=challenge, by=staff)
    offer = services.offer_confirm(offer=draft, by=staff)
    return offer, (HistoryAction.OFFER_CONFIRMED, OfferStatus.DRAFT, OfferStatus.MADE, staff, "")


def _accept():
    offer = make_open_offer()
    person = offer.candidacy.candidate.user
    offer = services.offer_accept(offer=offer, by=person)
    return offer, (HistoryAction.OFFER_ACCEPTED, OfferStatus.MADE, OfferStatus.ACCEPTED, person, "")


def _decline():
    offer = make_open_offer()
    person = offer.candidacy.candidate.user
    offer = services.offer_decline(offer=offer, by=person, reason="  Un autre projet.  ")
    return offer, (
        HistoryAction.OFFER_DECLINED,
        OfferStatus.MADE,
        OfferStatus.DECLINED,
        person,
        "Un autre projet.",
    )


def _withdraw_with_the_application():
    offer = make_open_offer()
    person = offer.candidacy.candidate.user
    assert services.offers_withdraw_for_candidacy(candidacy=offer.candidacy, by=person) == 1
    comment = "Retirée : la personne a retiré sa candidature."
    return offer, (
        HistoryAction.OFFER_WITHDRAWN,
        OfferStatus.MADE,
        OfferStatus.WITHDRAWN,
        person,
        comment,
    )


def _withdraw_when_another_is_accepted():
    accepted = make_open_offer()
    other = make_open_offer(candidate=accepted.candidacy.candidate)
    services.offer_accept(offer=accepted, by=accepted.candidacy.candidate.user)
    comment = "Retirée automatiquement : une autre offre a été acceptée."
    return other, (
        HistoryAction.OFFER_WITHDRAWN,
        OfferStatus.MADE,
        OfferStatus.WITHDRAWN,
        None,
        comment,
    )


def _expire():
    offer = make_open_offer()
    assert services.offers_expire(now=timezone.now() + datetime.timedelta(days=8)) == 1
    return offer, (HistoryAction.OFFER_EXPIRED, OfferStatus.MADE, OfferStatus.EXPIRED, None, "")


def _renew():
    contract, staff = accepted_contract(start_date=START), StaffFactory()
    with _before_the_end():
        contract_renew(contract=contract, level=contract.level, comment="Bon bilan.", by=staff)
    line = (
        HistoryAction.CONTRACT_RENEWED,
        RenewalDecision.PENDING,
        RenewalDecision.RENEWED,
        staff,
        "Bon bilan.",
    )
    return contract, line


def _end():
    contract, staff = accepted_contract(start_date=START), StaffFactory()
    with _before_the_end():
        contract_end(contract=contract, comment="Fin du défi.", by=staff)
    line = (
        HistoryAction.CONTRACT_ENDED,
        RenewalDecision.PENDING,
        RenewalDecision.ENDED,
        staff,
        "Fin du défi.",
    )
    return contract, line


def _hire():
    offer = make_open_offer()
    person = offer.candidacy.candidate.user
    services.offer_accept(offer=offer, by=person)
    comment = f"Offre acceptée pour le défi « {offer.challenge.title} »."
    return offer.candidacy, (
        HistoryAction.CANDIDACY_HIRED,
        CandidacyStatus.POOL,
        CandidacyStatus.HIRED,
        person,
        comment,
    )


MOVES = {
    (OFFER_WORKFLOW, "confirm"): [_confirm],
    (OFFER_WORKFLOW, "accept"): [_accept],
    (OFFER_WORKFLOW, "decline"): [_decline],
    (OFFER_WORKFLOW, "withdraw"): [
        _withdraw_with_the_application,
        _withdraw_when_another_is_accepted,
    ],
    (OFFER_WORKFLOW, "expire"): [_expire],
    (RENEWAL_WORKFLOW, "renew"): [_renew],
    (RENEWAL_WORKFLOW, "end"): [_end],
    (CANDIDACY_WORKFLOW, "hire"): [_hire],
}


def test_every_move_of_the_offer_and_renewal_tables_has_its_history_case_below():
    # The application's table is the candidacies' (only the hiring is an offer's doing).
    for workflow in (OFFER_WORKFLOW, RENEWAL_WORKFLOW):
        declared = {t.name for t in workflow.transitions}
        assert declared == {name for (table, name) in MOVES if table is workflow}


@pytest.mark.parametrize(
    ("workflow", "name", "move"),
    [(workflow, name, move) for (workflow, name), moves in MOVES.items() for move in moves],
    ids=[move.__name__.strip("_") for moves in MOVES.values() for move in moves],
)
def test_each_move_writes_its_history_line_under_the_action_the_pages_name(workflow, name, move):
    subject, expected = move()
    transition = workflow.get(name)
    assert (expected[0], expected[2]) == (transition.history_action, transition.target)
    assert _last_line(subject) == expected
    subject.refresh_from_db()
    assert getattr(subject, workflow.status_field) == transition.target
