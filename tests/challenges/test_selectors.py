"""Reads shared by the instruction pages: filters, counts, history with or without notes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from eig.challenges.enums import ChallengeStatus, Verdict
from eig.challenges.selectors import challenges as selectors
from eig.challenges.selectors.challenges import StaffFilters
from eig.challenges.services import challenges as services
from eig.core.history_actions import HistoryAction
from tests.challenges.instruction import agent_of, submitted_challenge
from tests.factories import ChallengeFactory, CoachFactory, StaffFactory


def test_the_status_counts_take_one_query(db):
    ChallengeFactory.create_batch(3)
    ChallengeFactory.create_batch(2, status=ChallengeStatus.SELECTED)
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.challenge_status_counts(filters=StaffFilters(status="selected"))
    assert len(queries) == 1
    by_status = {count.value: count.count for count in counts}
    assert by_status["draft"] == 3
    assert by_status["selected"] == 2
    assert len(counts) == len(ChallengeStatus)


def test_the_staff_list_carries_the_opinion_counts(db):
    challenge = submitted_challenge()
    staff = StaffFactory()
    first, second = CoachFactory(), CoachFactory()
    opinion = services.opinion_request(challenge=challenge, coach=first, by=staff)
    services.opinion_request(challenge=challenge, coach=second, by=staff)
    services.opinion_give(opinion=opinion, by=first, verdict=Verdict.FAVOURABLE, text="Oui.")
    row = selectors.challenge_list_for_staff(filters=StaffFilters()).get(pk=challenge.pk)
    assert (row.opinions_asked, row.opinions_given) == (2, 1)


def test_staff_read_the_history_with_the_opinions_and_their_notes_apart(db):
    challenge = submitted_challenge()
    staff = StaffFactory()
    services.note_add(challenge=challenge, by=staff, text="Première impression : solide.")
    services.challenge_transition(challenge=challenge, by=staff, name="investigate")
    services.opinion_request(challenge=challenge, coach=CoachFactory(), by=staff)
    services.note_add(challenge=challenge, by=staff, text="Seconde impression.")
    history = selectors.challenge_history(challenge=challenge, for_staff=True)
    assert [item.action for item in history] == [
        HistoryAction.CHALLENGE_SUBMITTED,
        HistoryAction.INVESTIGATION_OPENED,
        HistoryAction.OPINION_REQUESTED,
    ]
    assert [item.at for item in history] == sorted(item.at for item in history)
    notes = selectors.challenge_notes(challenge=challenge)
    assert [note.text for note in notes] == ["Seconde impression.", "Première impression : solide."]


def test_agents_read_the_history_without_notes_nor_opinions(db):
    challenge = submitted_challenge()
    staff = StaffFactory()
    services.note_add(challenge=challenge, by=staff, text="Première impression : solide.")
    services.opinion_request(challenge=challenge, coach=CoachFactory(), by=staff)
    services.challenge_transition(
        challenge=challenge, by=staff, name="request_changes", message="Précisez le budget."
    )
    for history in (
        selectors.challenge_history(challenge=challenge, for_staff=False),
        selectors.challenge_history_for(challenge=challenge, user=agent_of(challenge)),
    ):
        assert [item.action for item in history] == [
            HistoryAction.CHALLENGE_SUBMITTED,
            HistoryAction.CHANGES_REQUESTED,
        ]
        assert all("Première impression" not in item.comment for item in history)
        assert history[-1].comment == "Précisez le budget."
        assert history[-1].to_label == "Modifications demandées"


def test_a_history_line_says_what_changed(db):
    challenge = submitted_challenge()
    history = selectors.challenge_history(challenge=challenge, for_staff=True)
    assert history[0].label == "Défi déposé"
    assert history[0].from_label == "Brouillon"


def test_the_coach_list_puts_the_pending_opinions_first(db):
    coach, staff = CoachFactory(), StaffFactory()
    first = services.opinion_request(challenge=submitted_challenge(), coach=coach, by=staff)
    services.opinion_request(challenge=submitted_challenge(), coach=coach, by=staff)
    services.opinion_give(opinion=first, by=coach, verdict=Verdict.UNFAVOURABLE, text="Non.")
    opinions = list(selectors.opinion_list_for_coach(coach))
    assert [opinion.given_at is None for opinion in opinions] == [True, False]
