"""Two people acting at once produce one change; only the programme team may decide."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge, Note, Opinion, PriorityPolicy
from eig.challenges.services import challenges as services
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from tests.challenges.instruction import agent_of, submitted_challenge
from tests.factories import CoachFactory, StaffFactory


def _race(challenge: Challenge, deciders: list[tuple[object, str]]) -> dict[str, object]:
    """Run each (staff, transition) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(deciders))
    outcomes: dict[str, object] = {}

    def decide(user: object, name: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.challenge_transition(
                challenge=challenge, by=user, name=name, message=f"Décision : {name}."
            )
            outcomes[name] = "done"
        except DomainError as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=decider) for decider in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_the_same_défi_at_once_make_one_decision():
    challenge = submitted_challenge()
    outcomes = _race(challenge, [(StaffFactory(), "select"), (StaffFactory(), "decline")])
    assert sorted(outcomes) == ["decline", "select"]
    succeeded = [name for name, outcome in outcomes.items() if outcome == "done"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, DomainError)]
    assert len(succeeded) == 1
    assert len(refused) == 1
    assert "plus possible" in refused[0].message
    challenge.refresh_from_db()
    assert challenge.status == {"select": "selected", "decline": "declined"}[succeeded[0]]
    decisions = event_list_for(challenge).filter(
        action__in=[HistoryAction.CHALLENGE_SELECTED, HistoryAction.CHALLENGE_DECLINED]
    )
    assert decisions.count() == 1
    assert decisions.get().action == succeeded[0]


@pytest.mark.django_db
def test_only_the_programme_team_may_instruct():
    challenge = submitted_challenge()
    agent = agent_of(challenge)
    coach = CoachFactory()
    refused = [
        lambda: services.challenge_transition(challenge=challenge, by=agent, name="investigate"),
        lambda: services.challenge_transition(
            challenge=challenge, by=coach, name="select", message="Oui."
        ),
        lambda: services.note_add(challenge=challenge, by=agent, text="Note"),
        lambda: services.opinion_request(challenge=challenge, coach=coach, by=coach),
        lambda: services.policy_save(data={"name": "X", "position": 0}, by=agent),
        lambda: services.policy_delete(policy=PriorityPolicy.objects.first(), by=coach),
    ]
    for attempt in refused:
        with pytest.raises(DomainError, match="Seule l’équipe du programme"):
            attempt()
    done, failures = services.challenges_transition_bulk(
        challenges=[challenge], by=agent, name="investigate"
    )
    assert done == []
    assert list(failures) == [challenge]
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert not Note.objects.exists()
    assert not Opinion.objects.exists()


@pytest.mark.django_db
def test_staff_may_not_apply_an_agent_transition():
    challenge = submitted_challenge()
    with pytest.raises(DomainError, match="pas réservée à l’équipe"):
        services.challenge_transition(challenge=challenge, by=StaffFactory(), name="withdraw")
