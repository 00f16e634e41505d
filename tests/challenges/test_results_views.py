"""The pages of a défi's results: recording measurements and the outcome, and the
"Résultats" section of the agents', the programme team's and the public défi pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Measurement
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


def _measurement_url(challenge, indicator=None) -> str:
    indicator = indicator or challenge.indicators.get()
    return reverse(
        "challenges:measurement_add", kwargs={"pk": challenge.pk, "indicator_pk": indicator.pk}
    )


def _outcome_url(challenge) -> str:
    return reverse("challenges:outcome_record", kwargs={"pk": challenge.pk})


def _text(response) -> str:
    return response.content.decode()


# --- Recording a measurement ----------------------------------------------------------


def test_the_measurement_form_shows_the_indicator_and_its_measurements(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    MeasurementFactory(
        indicator=indicator, value=Decimal("62.5"), measured_on=datetime.date(2026, 2, 3)
    )
    client.force_login(agent)

    response = client.get(_measurement_url(challenge))

    assert response.status_code == 200
    page = _text(response)
    assert "Délai moyen de traitement" in page
    assert "90 jours" in page
    assert "15 jours" in page
    assert "Valeur mesurée (en jours)" in page
    assert "03/02/2026" in page
    assert "62,5 jours" in page
    assert 'role="img"' in page


def test_an_agent_records_a_measurement_and_returns_to_the_défi(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    client.force_login(agent)
    day = _today() - datetime.timedelta(days=2)

    response = client.post(
        _measurement_url(challenge),
        {"value": "1 234,5", "measured_on": f"{day:%Y-%m-%d}", "comment": "Après la refonte"},
        follow=True,
    )

    detail = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    assert response.redirect_chain == [(f"{detail}#indicateur-{indicator.pk}", 302)]
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("1234.5")
    assert measurement.measured_on == day
    assert measurement.comment == "Après la refonte"
    page = _text(response)
    assert "Mesure de l’indicateur « Délai moyen de traitement » enregistrée." in page
    assert f"{day:%d/%m/%Y}" in page
    assert "Après la refonte" in page
    assert event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_ADDED).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "beaucoup", "measured_on": "2026-01-01"}, "Indiquez un nombre"),
        ({"value": "", "measured_on": "2026-01-01"}, "Indiquez la valeur mesurée."),
        ({"value": "12", "measured_on": ""}, "Indiquez la date de la mesure."),
        ({"value": "12", "measured_on": "31/02/2026"}, "Indiquez une date valide"),
        ({"value": "12", "measured_on": "future"}, "ne peut pas être dans le futur"),
        (
            {"value": "12", "measured_on": "0001-01-01"},
            "Indiquez une date entre le 1er janvier 2016 et aujourd’hui",
        ),
    ],
)
def test_bad_input_saves_nothing_and_says_why_in_french(client, data, message):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    client.force_login(agent)
    if data["measured_on"] == "future":
        data = {**data, "measured_on": f"{_today() + datetime.timedelta(days=1):%Y-%m-%d}"}
    data = {**data, "comment": "Un commentaire à garder"}

    response = client.post(_measurement_url(challenge), data)

    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert "Un commentaire à garder" in page  # what was typed is shown back
    assert 'aria-invalid="true"' in page
    assert not Measurement.objects.exists()


def test_no_measurement_on_a_défi_that_is_not_running(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(agent)
    url = _measurement_url(challenge)
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "1", "measured_on": "2026-01-01"}).status_code == 404
    assert not Measurement.objects.exists()


def test_no_measurement_on_another_administration_s_défi(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    client.force_login(AgentFactory())
    assert client.get(_measurement_url(challenge)).status_code == 404


def test_an_indicator_of_another_défi_is_404(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    other = IndicatorFactory(challenge=ChallengeFactory(organisation=challenge.organisation))
    client.force_login(agent)
    assert client.get(_measurement_url(challenge, other)).status_code == 404


def test_the_programme_team_gets_403_on_the_agents_pages(client):
    _agent, running = _agent_and_challenge(ChallengeStatus.RUNNING)
    _agent, completed = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(StaffFactory())
    assert client.get(_measurement_url(running)).status_code == 403
    assert client.get(_outcome_url(completed)).status_code == 403


# --- Removing a measurement entered by mistake ------------------------------------------


def _delete_url(measurement, challenge=None, indicator=None) -> str:
    indicator = indicator or measurement.indicator
    challenge = challenge or indicator.challenge
    return reverse(
        "challenges:measurement_delete",
        kwargs={
            "pk": challenge.pk,
            "indicator_pk": indicator.pk,
            "measurement_pk": measurement.pk,
        },
    )


def test_the_confirmation_page_shows_what_will_be_removed(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(
        indicator=challenge.indicators.get(),
        value=Decimal("62.5"),
        measured_on=datetime.date(2026, 2, 3),
        comment="Saisie en double",
    )
    client.force_login(agent)

    response = client.get(_delete_url(measurement))

    assert response.status_code == 200
    page = _text(response)
    assert "<h1>Supprimer une mesure</h1>" in page
    assert "Délai moyen de traitement" in page
    assert "03/02/2026" in page
    assert "62,5 jours" in page
    assert "Saisie en double" in page
    assert "Supprimer la mesure" in page
    detail = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    assert f'href="{detail}#indicateur-{measurement.indicator_id}"' in page
    assert Measurement.objects.filter(pk=measurement.pk).exists()  # GET removes nothing


def test_an_agent_removes_a_measurement_and_returns_to_the_indicator(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    indicator = challenge.indicators.get()
    kept = MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 1, 5))
    wrong = MeasurementFactory(
        indicator=indicator, value=Decimal("4250"), measured_on=datetime.date(2026, 3, 1)
    )
    client.force_login(agent)

    response = client.post(_delete_url(wrong), follow=True)

    detail = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    assert response.redirect_chain == [(f"{detail}#indicateur-{indicator.pk}", 302)]
    assert list(Measurement.objects.all()) == [kept]
    page = _text(response)
    assert "Mesure du 01/03/2026 de l’indicateur « Délai moyen de traitement » supprimée." in page
    assert _delete_url(kept) in page
    assert event_list_for(challenge).filter(action=HistoryAction.MEASUREMENT_DELETED).exists()


def test_another_administration_s_agent_gets_404_and_nothing_is_removed(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    client.force_login(AgentFactory())
    assert client.get(_delete_url(measurement)).status_code == 404
    assert client.post(_delete_url(measurement)).status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_a_measurement_of_another_indicator_is_404(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    other = IndicatorFactory(challenge=challenge)
    measurement = MeasurementFactory(indicator=challenge.indicators.exclude(pk=other.pk).get())
    client.force_login(agent)
    url = _delete_url(measurement, indicator=other)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_no_removal_once_the_défi_is_completed(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    client.force_login(agent)
    assert client.get(_delete_url(measurement)).status_code == 404
    assert client.post(_delete_url(measurement)).status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_the_programme_team_gets_403_on_the_removal_page(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(indicator=challenge.indicators.get())
    client.force_login(StaffFactory())
    assert client.get(_delete_url(measurement)).status_code == 403
    assert client.post(_delete_url(measurement)).status_code == 403
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_the_remove_links_are_the_running_défi_s_agents_only(client):
    agent, running = _agent_and_challenge(ChallengeStatus.RUNNING)
    measurement = MeasurementFactory(
        indicator=running.indicators.get(), measured_on=datetime.date(2026, 3, 1)
    )
    client.force_login(agent)
    page = _text(client.get(reverse("challenges:detail", kwargs={"pk": running.pk})))
    assert _delete_url(measurement) in page
    assert "la mesure du 01/03/2026 de l’indicateur « Délai moyen de traitement »" in page

    for user, view in [(StaffFactory(), "staff_detail"), (None, "public_detail")]:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(reverse(f"challenges:{view}", kwargs={"pk": running.pk}))
        assert response.status_code == 200
        assert "01/03/2026" in _text(response)
        assert _delete_url(measurement) not in _text(response)

    agent, completed = _agent_and_challenge(ChallengeStatus.COMPLETED)
    old = MeasurementFactory(indicator=completed.indicators.get())
    client.force_login(agent)
    page = _text(client.get(reverse("challenges:detail", kwargs={"pk": completed.pk})))
    assert "30 jours" in page
    assert _delete_url(old) not in page


# --- Recording the outcome ------------------------------------------------------------


def test_an_agent_records_the_outcome_of_a_completed_défi(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(agent)
    assert client.get(_outcome_url(challenge)).status_code == 200

    response = client.post(
        _outcome_url(challenge),
        {"outcome": Outcome.CARRIED_ON, "text": "Le service est internalisé."},
        follow=True,
    )

    detail = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    assert response.redirect_chain == [(f"{detail}#devenir", 302)]
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.CARRIED_ON
    page = _text(response)
    assert "Le devenir du défi est enregistré." in page
    assert "Poursuivi dans l’administration" in page
    assert "Le service est internalisé." in page


def test_the_outcome_form_starts_from_the_recorded_outcome(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    challenge.outcome, challenge.outcome_text = Outcome.STOPPED, "Faute de budget."
    challenge.save()
    client.force_login(agent)
    page = _text(client.get(_outcome_url(challenge)))
    form = client.get(_outcome_url(challenge)).context["form"]
    assert form["outcome"].value() == Outcome.STOPPED
    assert "Faute de budget." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "", "text": "Un bilan gardé"}, "Indiquez ce que devient le défi"),
        ({"outcome": "perdu", "text": "Un bilan gardé"}, "Choisissez l’une des trois"),
        ({"outcome": "stopped", "text": "  "}, "Expliquez en quelques lignes"),
    ],
)
def test_an_incomplete_outcome_saves_nothing_and_says_why(client, data, message):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(agent)

    response = client.post(_outcome_url(challenge), data)

    assert response.status_code == 200
    assert message in _text(response)
    if data["text"].strip():
        assert data["text"] in _text(response)
    challenge.refresh_from_db()
    assert challenge.outcome == ""


def test_no_outcome_while_the_défi_runs(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    client.force_login(agent)
    assert client.get(_outcome_url(challenge)).status_code == 404


def test_the_programme_team_records_the_outcome(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(StaffFactory())
    url = reverse("challenges:staff_outcome_record", kwargs={"pk": challenge.pk})

    response = client.post(url, {"outcome": Outcome.TAKEN_OVER, "text": "Repris par l’ANCT."})

    detail = reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})
    assert response.status_code == 302
    assert response.url == f"{detail}#devenir"
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.TAKEN_OVER


def test_the_programme_team_gets_404_for_a_défi_not_completed(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    client.force_login(StaffFactory())
    url = reverse("challenges:staff_outcome_record", kwargs={"pk": challenge.pk})
    assert client.get(url).status_code == 404


# --- The "Résultats" sections ---------------------------------------------------------


def test_the_agent_s_page_of_a_running_défi_shows_results_and_the_add_button(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
    MeasurementFactory(indicator=challenge.indicators.get(), comment="Premier relevé")
    client.force_login(agent)

    page = _text(client.get(reverse("challenges:detail", kwargs={"pk": challenge.pk})))

    assert 'id="resultats"' in page
    assert "Premier relevé" in page
    assert _measurement_url(challenge) in page
    assert "Devenir du défi" not in page


def test_the_agent_s_page_of_a_completed_défi_shows_the_outcome_and_its_button(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    client.force_login(agent)

    page = _text(client.get(reverse("challenges:detail", kwargs={"pk": challenge.pk})))

    assert "Devenir du défi" in page
    assert "pas encore renseigné" in page
    assert _outcome_url(challenge) in page
    assert _measurement_url(challenge) not in page


def test_a_draft_has_no_results_section(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.DRAFT)
    client.force_login(agent)
    page = _text(client.get(reverse("challenges:detail", kwargs={"pk": challenge.pk})))
    assert 'id="resultats"' not in page


def test_the_staff_page_shows_results_and_the_outcome_button(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    MeasurementFactory(indicator=challenge.indicators.get(), value=Decimal("20"))
    client.force_login(StaffFactory())

    page = _text(client.get(reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})))

    assert 'id="resultats"' in page
    assert "20 jours" in page
    assert reverse("challenges:staff_outcome_record", kwargs={"pk": challenge.pk}) in page


def test_the_public_page_shows_results_and_outcome_without_buttons_or_names(client):
    agent, challenge = _agent_and_challenge(ChallengeStatus.COMPLETED)
    challenge.outcome, challenge.outcome_text = Outcome.CARRIED_ON, "Internalisé en 2026."
    challenge.save()
    MeasurementFactory(indicator=challenge.indicators.get(), value=Decimal("18"), recorded_by=agent)

    response = client.get(reverse("challenges:public_detail", kwargs={"pk": challenge.pk}))

    page = _text(response)
    assert 'id="resultats"' in page
    assert "18 jours" in page
    assert "Poursuivi dans l’administration" in page
    assert "Internalisé en 2026." in page
    assert "Enregistrer le devenir" not in page
    assert "Ajouter une mesure" not in page
    assert agent.email not in page
    assert agent.last_name not in page
    # The chart's coordinates keep their decimal point whatever the language.
    assert 'role="img"' in page
    assert not re.search(r'\b(?:x|y|cx|cy|x1|y1|x2|y2)="-?\d+,\d', page)
    assert re.search(r'\bcy="\d+\.\d"', page)


def test_the_public_page_of_a_défi_not_public_is_still_404(client):
    _agent, challenge = _agent_and_challenge(ChallengeStatus.DRAFT)
    url = reverse("challenges:public_detail", kwargs={"pk": challenge.pk})
    assert client.get(url).status_code == 404


def _volume(challenge, indicators: int, measurements: int) -> None:
    for _index in range(indicators - 1):
        IndicatorFactory(challenge=challenge)
    start = datetime.date(2025, 1, 1)
    for indicator in challenge.indicators.all():
        for day in range(measurements):
            MeasurementFactory(
                indicator=indicator, measured_on=start + datetime.timedelta(days=day)
            )


def test_the_public_page_runs_the_same_queries_whatever_the_results(
    client, django_assert_num_queries
):
    _agent, small = _agent_and_challenge(ChallengeStatus.RUNNING)
    _volume(small, indicators=1, measurements=1)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse("challenges:public_detail", args=[small.pk])).status_code == 200
    assert len(small_queries) <= 5

    _agent, large = _agent_and_challenge(ChallengeStatus.RUNNING)
    _volume(large, indicators=6, measurements=25)
    with django_assert_num_queries(len(small_queries)):
        response = client.get(reverse("challenges:public_detail", args=[large.pk]))
    assert response.status_code == 200
    assert _text(response).count('role="img"') == 6


@pytest.mark.parametrize("view", ["detail", "staff_detail"])
def test_the_private_pages_run_the_same_queries_whatever_the_results(
    client, django_assert_num_queries, view
):
    counts = []
    for indicators, measurements in [(1, 1), (5, 20)]:
        agent, challenge = _agent_and_challenge(ChallengeStatus.RUNNING)
        _volume(challenge, indicators=indicators, measurements=measurements)
        client.force_login(agent if view == "detail" else StaffFactory())
        url = reverse(f"challenges:{view}", args=[challenge.pk])
        client.get(url)  # the first page of a session fills caches (content types...)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
