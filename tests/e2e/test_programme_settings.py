"""The programme team configures the programme: a promotion and its rounds, a new
version of the pay grid, the scoring criteria and the general settings."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.programmes.models import PayGrid, Promotion
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import StaffFactory

migration = importlib.import_module("eig.programmes.migrations.0003_eig_programme")


@pytest.fixture
def staff_page(page, live_server, transactional_db):
    # The browser tests empty the database between them: put the programme back.
    migration.create_eig_programme(apps, schema_editor=None)
    sign_in_as(page, live_server, StaffFactory())
    return page


def test_a_staff_member_creates_a_promotion_and_generates_its_rounds(staff_page, live_server):
    page = staff_page
    page.goto(live_server.url + reverse("programmes:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Paramètres du programme")
    assert_accessible(page)

    page.get_by_role("link", name="Promotions et sessions").click()
    expect(page.get_by_role("cell", name="7e promotion")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nouvelle promotion").click()
    page.get_by_label("Numéro").fill("10")
    page.get_by_label("Libellé").fill("10e promotion")
    page.get_by_label("Année").fill("2027")
    page.get_by_label("Nombre maximal d’EIG").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("supérieure ou égale à 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nombre maximal d’EIG").fill("30")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("10e promotion")
    assert_accessible(page)
    page.get_by_role("link", name="Générer les sessions de l’année").click()
    expect(page.get_by_text("Sera créée")).to_have_count(6)
    assert_accessible(page)
    page.get_by_role("button", name="Créer les 6 sessions").click()

    expect(page.get_by_text("6 sessions créées.")).to_be_visible()
    # The second opening and the first start.
    expect(page.get_by_role("cell", name="1er mars 2027")).to_have_count(2)
    promotion = Promotion.objects.get(number=10)
    assert promotion.rounds.count() == 6

    page.get_by_role("link", name="Session 1 — modifier").click()
    page.get_by_label("Comité de sélection").fill("2027-02-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Le comité de sélection doit se tenir le jour de la date limite")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Comité de sélection").fill("2027-02-22")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La session est enregistrée.")).to_be_visible()
    expect(page.get_by_text("Comité de sélection : 2027-02-19 → 2027-02-22")).to_be_visible()

    page.get_by_role("link", name="Ajouter une session").click()
    expect(page.get_by_label("Numéro")).to_have_value("7")
    assert_accessible(page)

    page.goto(live_server.url + reverse("programmes:promotion_edit", args=[promotion.pk]))
    expect(page.get_by_label("Année")).to_have_value("2027")
    assert_accessible(page)


def test_a_staff_member_creates_a_new_version_of_the_pay_grid(staff_page, live_server):
    page = staff_page
    starts = timezone.localdate() + datetime.timedelta(days=40)
    page.goto(live_server.url + reverse("programmes:pay_grid_list"))
    expect(page.get_by_text("En vigueur", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Créer une nouvelle version").first.click()
    expect(page.locator('[name="levels-0-monthly_net"]')).to_have_value("4250.00")
    expect(page.locator('[name="levels-1-min_experience_years"]')).to_have_value("10")
    assert_accessible(page)
    page.get_by_label("Nom de la version").fill("Grille revalorisée")
    page.get_by_label("En vigueur à partir du").fill(starts.isoformat())
    page.locator('[name="levels-0-monthly_net"]').fill("4400")
    page.get_by_role("button", name="Enregistrer la version").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Grille revalorisée")
    expect(page.get_by_text("À venir", exact=True)).to_be_visible()
    # 4,400 € × 12 × 6 % = 3,168 € of variable part at most per year.
    expect(page.get_by_role("cell", name="3 168,00 €")).to_be_visible()
    assert_accessible(page)
    grid = PayGrid.objects.get(name="Grille revalorisée")
    assert grid.valid_from == starts
    assert PayGrid.objects.get(valid_from=datetime.date(2024, 1, 1)).levels.count() == 2

    page.get_by_role("link", name="Modifier cette version à venir").click()
    expect(page.locator('[name="levels-0-monthly_net"]')).to_have_value("4400.00")
    assert_accessible(page)


def test_a_staff_member_edits_the_scoring_criteria_and_the_settings(staff_page, live_server):
    page = staff_page
    page.goto(live_server.url + reverse("programmes:scoring_grid_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Grille d’évaluation des candidatures").click()
    expect(page.get_by_text("Intérêt pour les thématiques")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ajouter un critère").click()
    page.get_by_label("Étape", exact=True).select_option(label="Entretien")
    page.get_by_label("Intitulé").fill("Sens du collectif")
    page.get_by_role("spinbutton", name="Ordre").fill("6")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le critère est ajouté.")).to_be_visible()

    page.get_by_role("link", name="Sens du collectif — modifier").click()
    page.get_by_label("Note maximale").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La note maximale doit être supérieure")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("programmes:settings_edit"))
    page.get_by_label("Nombre maximal de vœux par candidature").fill("4")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Les paramètres du programme sont enregistrés.")).to_be_visible()
    expect(page.get_by_text("Nombre maximal de vœux par candidature : 3 → 4")).to_be_visible()
