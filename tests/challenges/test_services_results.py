"""A défi's results: measurements while it runs, its outcome once completed
(eig/challenges/services/results.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Measurement
from eig.challenges.selectors.challenges import challenge_history
from eig.challenges.services import challenges as services
from eig.challenges.services import results as services_results
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from tests.factories import (
    AgentFactory,
    ChallengeFactory,
    IndicatorFactory,
    MeasurementFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _agent_and_challenge(status: str):
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation
    challenge = ChallengeFactory(organisation=organisation, complete=True, status=status)
    return agent, challenge


# --- measurements ---------------------------------------------------------------------


def test_an_agent_records_a_measurement_of_a_running_défi_with_its_history():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    day = _today() - datetime.timedelta(days=3)

    measurement = services_results.measurement_add(
        indicator=indicator, by=agent, value=Decimal("42.5"), measured_on=day, comment=" Bien "
    )

    measurement.refresh_from_db()
    assert measurement.value == Decimal("42.5")
    assert measurement.measured_on == day
    assert measurement.comment == "Bien"
    assert measurement.recorded_by == agent
    event = event_list_for(challenge).get(action=HistoryAction.MEASUREMENT_ADDED)
    assert event.actor == agent
    assert event.changes == {
        "indicateur": "Délai moyen de traitement",
        "valeur": "42,5 jours",
        "date": f"{day:%d/%m/%Y}",
    }
    line = challenge_history(challenge=challenge, for_staff=False)[-1]
    assert line.label == "Mesure d’un indicateur enregistrée"
    assert "42,5 jours" in line.details


def test_a_measurement_may_be_taken_today_but_not_in_the_future():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    services_results.measurement_add(
        indicator=indicator, by=agent, value=Decimal("1"), measured_on=_today()
    )
    with pytest.raises(DomainError, match="dans le futur"):
        services_results.measurement_add(
            indicator=indicator,
            by=agent,
            value=Decimal("1"),
            measured_on=_today() + datetime.timedelta(days=1),
        )
    assert Measurement.objects.count() == 1


@pytest.mark.parametrize(
    "status",
    [
        ChallengeStatus.DRAFT,
        ChallengeStatus.SELECTED,
        ChallengeStatus.STAFFED,
        ChallengeStatus.COMPLETED,
        ChallengeStatus.WITHDRAWN,
    ],
)
def test_measurements_are_only_recorded_while_the_défi_runs(status):
    agent, challenge = _agent_and_challenge(status)
    with pytest.raises(DomainError, match="pendant le défi"):
        services_results.measurement_add(
            indicator=challenge.indicators.get(),
            by=agent,
            value=Decimal("1"),
            measured_on=_today(),
        )
    assert not Measurement.objects.exists()
    assert not event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_ADDED).exists()


@pytest.mark.parametrize("who", ["other_agent", "staff"])
def test_only_the_défi_s_agents_record_measurements(who):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    by = AgentFactory() if who == "other_agent" else StaffFactory()
    with pytest.raises(DomainError, match="agents de l’administration porteuse"):
        services_results.measurement_add(
            indicator=challenge.indicators.get(), by=by, value=Decimal("1"), measured_on=_today()
        )
    assert not Measurement.objects.exists()


def test_an_indicator_of_another_défi_is_refused():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    other = IndicatorFactory(
        challenge=ChallengeFactory(organisation=challenge.organisation, complete=True)
    )
    other.challenge = challenge  # a forged object pointing at the running défi
    with pytest.raises(DomainError, match="n’appartient pas"):
        services_results.measurement_add(
            indicator=other, by=agent, value=Decimal("1"), measured_on=_today()
        )
    assert not Measurement.objects.exists()


# --- outcome --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent", "staff"])
def test_the_agents_or_the_team_record_the_outcome_of_a_completed_défi(who):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    by = agent if who == "agent" else StaffFactory()

    updated = services_results.outcome_record(
        challenge=challenge, by=by, outcome=Outcome.TAKEN_OVER, text="  Repris par la DINUM.  "
    )

    updated.refresh_from_db()
    assert updated.outcome == Outcome.TAKEN_OVER
    assert updated.outcome_text == "Repris par la DINUM."
    event = event_list_for(challenge).get(action=HistoryAction.OUTCOME_RECORDED)
    assert event.actor == by
    assert event.changes == {
        "outcome": ["", "taken_over"],
        "outcome_text": ["", "Repris par la DINUM."],
    }
    line = challenge_history(challenge=challenge, for_staff=False)[-1]
    assert line.label == "Devenir du défi enregistré"
    assert line.details == "Champs modifiés : pérennisation, bilan"


def test_the_outcome_set_at_completion_can_be_corrected_afterwards():
    staff = StaffFactory()
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    services.challenge_transition(
        challenge=challenge, by=staff, name="complete", message="Arrêté.", outcome=Outcome.STOPPED
    )
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.STOPPED

    services_results.outcome_record(
        challenge=challenge, by=agent, outcome=Outcome.CARRIED_ON, text="Finalement poursuivi."
    )

    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.CARRIED_ON
    event = event_list_for(challenge).get(action=HistoryAction.OUTCOME_RECORDED)
    assert event.changes["outcome"] == ["stopped", "carried_on"]


def test_recording_the_same_outcome_again_writes_no_history():
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    for _ in range(2):
        services_results.outcome_record(
            challenge=challenge, by=agent, outcome=Outcome.STOPPED, text="Arrêté."
        )
    assert event_list_for(challenge).filter(action=HistoryAction.OUTCOME_RECORDED).count() == 1


@pytest.mark.parametrize(
    ("outcome", "text", "message"),
    [
        ("", "Un bilan.", "Indiquez ce que devient le défi"),
        ("perdu", "Un bilan.", "Indiquez ce que devient le défi"),
        (Outcome.STOPPED, "   ", "Expliquez en quelques lignes"),
    ],
)
def test_an_outcome_needs_a_known_choice_and_a_text(outcome, text, message):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    with pytest.raises(DomainError, match=message):
        services_results.outcome_record(challenge=challenge, by=agent, outcome=outcome, text=text)
    challenge.refresh_from_db()
    assert challenge.outcome == ""
    assert not event_list_for(challenge).filter(action=HistoryAction.OUTCOME_RECORDED).exists()


@pytest.mark.parametrize("status", [ChallengeStatus.RUNNING, ChallengeStatus.SELECTED])
def test_the_outcome_waits_for_the_défi_to_be_completed(status):
    agent, challenge = _agent_and_challenge(status)
    with pytest.raises(DomainError, match="une fois le défi terminé"):
        services_results.outcome_record(
            challenge=challenge, by=agent, outcome=Outcome.STOPPED, text="Arrêté."
        )


def test_another_administration_s_agent_cannot_record_the_outcome():
    _agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    with pytest.raises(DomainError):
        services_results.outcome_record(
            challenge=challenge, by=AgentFactory(), outcome=Outcome.STOPPED, text="Arrêté."
        )
    challenge.refresh_from_db()
    assert challenge.outcome == ""


def test_measurements_are_kept_in_date_order():
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    late = MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 3, 1))
    early = MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 1, 1))
    assert list(indicator.measurements.all()) == [early, late]


# --- removing a measurement entered by mistake -------------------------------------------


def test_an_agent_removes_a_measurement_of_a_running_défi_with_its_history():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    kept = MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 1, 5))
    wrong = MeasurementFactory(
        indicator=indicator, value=Decimal("4250"), measured_on=datetime.date(2026, 3, 1)
    )

    services_results.measurement_delete(measurement=wrong, by=agent)

    assert list(Measurement.objects.all()) == [kept]
    event = event_list_for(challenge).get(action=HistoryAction.MEASUREMENT_DELETED)
    assert event.actor == agent
    assert event.changes == {
        "indicateur": "Délai moyen de traitement",
        "valeur": "4\u202f250 jours",
        "date": "01/03/2026",
    }
    line = challenge_history(challenge=challenge, for_staff=False)[-1]
    assert line.label == "Mesure d’un indicateur supprimée"
    assert "01/03/2026" in line.details


@pytest.mark.parametrize("who", ["other_agent", "staff"])
def test_only_the_défi_s_agents_remove_measurements(who):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    by = AgentFactory() if who == "other_agent" else StaffFactory()
    with pytest.raises(DomainError, match="agents de l’administration porteuse"):
        services_results.measurement_delete(measurement=measurement, by=by)
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    assert not event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_DELETED).exists()


@pytest.mark.parametrize(
    "status", [ChallengeStatus.STAFFED, ChallengeStatus.COMPLETED, ChallengeStatus.WITHDRAWN]
)
def test_measurements_are_only_removed_while_the_défi_runs(status):
    agent, challenge = _agent_and_challenge(status)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    with pytest.raises(DomainError, match="pendant le défi"):
        services_results.measurement_delete(measurement=measurement, by=agent)
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    assert not event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_DELETED).exists()


def test_a_measurement_already_removed_is_refused_without_a_second_history_line():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    stale = Measurement.objects.get(pk=measurement.pk)  # what a second agent's page holds
    services_results.measurement_delete(measurement=measurement, by=agent)
    with pytest.raises(DomainError, match="déjà été supprimée"):
        services_results.measurement_delete(measurement=stale, by=agent)
    assert event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_DELETED).count() == 1


def test_a_measurement_of_another_défi_is_refused():
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    other = ChallengeFactory(
        organisation=challenge.organisation, complete=True, status=ChallengeStatus.COMPLETED
    )
    measurement = MeasurementFactory(indicator=other.indicators.get())
    measurement.indicator.challenge = challenge  # a forged object pointing at the running défi
    with pytest.raises(DomainError, match="n’existe plus"):
        services_results.measurement_delete(measurement=measurement, by=agent)
    assert Measurement.objects.filter(pk=measurement.pk).exists()
