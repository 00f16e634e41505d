"""A défi's results: the agent records a measurement of a running défi and the outcome of a
completed one; the public page shows the charts, the tables and the outcome.

The agent opens "Mes défis", their running défi, adds a measurement and finds it in
the table and the chart of the indicator; they remove a measurement entered by mistake;
they record what became of their completed défi; a visitor reads both on the public
pages. Every page passes axe.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Measurement
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import AgentFactory, ChallengeFactory, MeasurementFactory, StaffFactory


@pytest.fixture
def arranged(transactional_db):
    agent = AgentFactory(first_name="Alex", last_name="Martin")
    organisation = agent.memberships.get().organisation
    running = ChallengeFactory(
        organisation=organisation,
        complete=True,
        status=ChallengeStatus.RUNNING,
        title="Réduire le délai des aides au logement",
    )
    MeasurementFactory(
        indicator=running.indicators.get(),
        value=Decimal("70"),
        measured_on=timezone.localdate() - datetime.timedelta(days=60),
        comment="Premier relevé",
    )
    completed = ChallengeFactory(
        organisation=organisation,
        complete=True,
        status=ChallengeStatus.COMPLETED,
        title="Ouvrir les données des marchés publics",
    )
    return {"agent": agent, "running": running, "completed": completed}


def _heading(page):
    return page.get_by_role("heading", level=1)


def test_an_agent_measures_an_indicator_and_records_the_outcome(page, live_server, arranged):
    agent, running, completed = arranged["agent"], arranged["running"], arranged["completed"]
    indicator = running.indicators.get()
    sign_in_as(page, live_server, agent)
    page.goto(live_server.url + reverse("accounts:dashboard"))

    # The running défi shows its results: a chart and a table per indicator.
    open_from_menu(page, "Mes défis")
    page.get_by_role("link", name=running.title).click()
    expect(_heading(page)).to_have_text(running.title)
    results = page.locator("#resultats")
    expect(results.get_by_role("img", name="Évolution de l’indicateur")).to_be_visible()
    expect(results.get_by_role("table")).to_contain_text("Premier relevé")
    assert_accessible(page)

    # The agent adds a measurement.
    results.get_by_role("link", name="Ajouter une mesure").click()
    expect(_heading(page)).to_have_text("Ajouter une mesure")
    expect(page.get_by_text("Valeur de départ : 90 jours", exact=True)).to_be_visible()
    assert_accessible(page)
    # A date in the future is refused, in French, and nothing is saved.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Valeur mesurée (en jours)").fill("42,5")
    page.get_by_label("Date de la mesure").fill(f"{tomorrow:%Y-%m-%d}")
    page.get_by_label("Commentaire").fill("Après la refonte du formulaire")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(
        page.get_by_text("Indiquez une date entre le 1er janvier 2016 et aujourd’hui : elle ne")
    ).to_be_visible()
    assert Measurement.objects.count() == 1
    assert_accessible(page)
    day = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date de la mesure").fill(f"{day:%Y-%m-%d}")
    page.get_by_role("button", name="Enregistrer la mesure").click()

    expect(_heading(page)).to_have_text(running.title)
    expect(
        page.get_by_text("Mesure de l’indicateur « Délai moyen de traitement » enregistrée.")
    ).to_be_visible()
    table = page.locator(f"#indicateur-{indicator.pk}").get_by_role("table")
    row = table.get_by_role("row").filter(has_text=f"{day:%d/%m/%Y}")
    expect(row).to_contain_text("42,5 jours")
    expect(row).to_contain_text("Après la refonte du formulaire")
    chart = page.locator(f"#indicateur-{indicator.pk} svg[role=img]")
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart.locator("polyline")).to_have_count(1)
    expect(chart.locator("desc")).to_contain_text("Dernière valeur mesurée : 42,5 jours")
    assert_accessible(page)

    # The completed défi: the agent records what became of it.
    page.goto(live_server.url + reverse("challenges:detail", kwargs={"pk": completed.pk}))
    expect(page.get_by_text("Le devenir de ce défi n’est pas encore renseigné.")).to_be_visible()
    page.get_by_role("link", name="Enregistrer le devenir").click()
    expect(_heading(page)).to_have_text("Enregistrer le devenir du défi")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le devenir").click()
    expect(page.get_by_text("Indiquez ce que devient le défi").first).to_be_visible()
    page.locator("label", has_text="Repris par une autre structure").click()
    page.get_by_label("Bilan").fill("Le service est repris par l’agence nationale.")
    page.get_by_role("button", name="Enregistrer le devenir").click()

    expect(page.get_by_text("Le devenir du défi est enregistré.")).to_be_visible()
    outcome = page.locator("#devenir")
    expect(outcome).to_contain_text("Repris par une autre structure")
    expect(outcome).to_contain_text("Le service est repris par l’agence nationale.")
    completed.refresh_from_db()
    assert completed.outcome == Outcome.TAKEN_OVER
    assert_accessible(page)


def test_an_agent_removes_a_measurement_entered_by_mistake(page, live_server, arranged):
    agent, running = arranged["agent"], arranged["running"]
    indicator = running.indicators.get()
    wrong = MeasurementFactory(
        indicator=indicator,
        value=Decimal("4250"),
        measured_on=timezone.localdate() - datetime.timedelta(days=3),
        comment="Saisie en trop",
    )
    day = f"{wrong.measured_on:%d/%m/%Y}"
    sign_in_as(page, live_server, agent)
    page.goto(live_server.url + reverse("challenges:detail", kwargs={"pk": running.pk}))

    table = page.locator(f"#indicateur-{indicator.pk}").get_by_role("table")
    link_name = f"Supprimer la mesure du {day} de l’indicateur « {indicator.name} »"
    table.get_by_role("link", name=link_name).click()

    # The confirmation page says what will be removed; "Annuler" goes back untouched.
    expect(_heading(page)).to_have_text("Supprimer une mesure")
    expect(page.get_by_text(f"Date de la mesure : {day}")).to_be_visible()
    expect(page.get_by_text("Valeur mesurée : 4\u202f250 jours")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    expect(_heading(page)).to_have_text(running.title)
    assert Measurement.objects.filter(pk=wrong.pk).exists()

    table.get_by_role("link", name=link_name).click()
    page.get_by_role("button", name="Supprimer la mesure").click()

    expect(_heading(page)).to_have_text(running.title)
    expect(
        page.get_by_text(f"Mesure du {day} de l’indicateur « {indicator.name} » supprimée.")
    ).to_be_visible()
    expect(table).not_to_contain_text("Saisie en trop")
    expect(table).to_contain_text("Premier relevé")
    chart = page.locator(f"#indicateur-{indicator.pk} svg[role=img]")
    expect(chart.locator("circle")).to_have_count(1)
    assert not Measurement.objects.filter(pk=wrong.pk).exists()
    expect(page.locator("main")).to_contain_text("Mesure d’un indicateur supprimée")
    assert_accessible(page)


def test_the_public_pages_show_the_results_and_the_outcome(page, live_server, arranged):
    running, completed = arranged["running"], arranged["completed"]
    completed.outcome, completed.outcome_text = Outcome.CARRIED_ON, "Internalisé en 2026."
    completed.save()

    page.goto(live_server.url + reverse("challenges:public_detail", kwargs={"pk": running.pk}))
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", name="Résultats")).to_be_visible()
    expect(results.get_by_role("img", name="Évolution de l’indicateur")).to_be_visible()
    expect(results.get_by_role("table")).to_contain_text("70 jours")
    expect(results.get_by_role("link", name="Ajouter une mesure")).to_have_count(0)
    expect(page.get_by_text("Martin")).to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + reverse("challenges:public_detail", kwargs={"pk": completed.pk}))
    outcome = page.locator("#devenir")
    expect(outcome).to_contain_text("Poursuivi dans l’administration")
    expect(outcome).to_contain_text("Internalisé en 2026.")
    expect(outcome.get_by_role("link")).to_have_count(0)
    assert_accessible(page)


def test_the_programme_team_corrects_the_outcome_of_a_completed_defi(page, live_server, arranged):
    completed = arranged["completed"]
    completed.outcome, completed.outcome_text = Outcome.STOPPED, "Arrêté faute d’usagers."
    completed.save()
    sign_in_as(page, live_server, StaffFactory())

    page.goto(live_server.url + reverse("challenges:staff_detail", kwargs={"pk": completed.pk}))
    expect(page.locator("#devenir")).to_contain_text("Arrêté faute d’usagers.")
    assert_accessible(page)
    page.get_by_role("link", name="Enregistrer le devenir").click()
    expect(_heading(page)).to_have_text("Enregistrer le devenir du défi")
    assert_accessible(page)
    page.locator("label", has_text="Poursuivi dans l’administration").click()
    page.get_by_label("Bilan").fill("Finalement repris par la direction métier.")
    page.get_by_role("button", name="Enregistrer le devenir").click()

    expect(page.get_by_text("Le devenir du défi est enregistré.")).to_be_visible()
    expect(page.locator("#devenir")).to_contain_text("Finalement repris par la direction métier.")
    completed.refresh_from_db()
    assert completed.outcome == Outcome.CARRIED_ON
