"""A visitor browses the défis: searches and filters the catalogue, opens a défi, downloads
the open data."""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    ChallengeFactory,
    IndicatorFactory,
    OrganisationFactory,
    PromotionFactory,
)
from tests.public.programme_data import eig_programme_with_settings


@pytest.fixture
def challenges(transactional_db):
    """Three public défis of two promotions, and a draft nobody may see, on a configured site."""
    eig_programme_with_settings()
    seventh = PromotionFactory(label="7e promotion", year=2024)
    eighth = PromotionFactory(label="8e promotion", year=2025)
    water = ChallengeFactory(
        complete=True,
        status=ChallengeStatus.RECRUITING,
        title="Cartographier les captages d’eau",
        organisation=OrganisationFactory(name="Office français de la biodiversité", acronym="OFB"),
        promotion=eighth,
        public_summary="Savoir où l’on prélève l’eau, pour mieux la protéger.",
        wants_product=True,
        wants_tech=False,
    )
    IndicatorFactory(
        challenge=water, name="Captages cartographiés", unit="captages", baseline=0, target=500
    )
    ChallengeFactory(
        complete=True,
        status=ChallengeStatus.RUNNING,
        title="Des aides à l’eau plus simples",
        organisation=OrganisationFactory(name="Agence de l’eau Loire-Bretagne"),
        promotion=seventh,
        wants_product=False,
        wants_tech=True,
    )
    ChallengeFactory(
        complete=True,
        status=ChallengeStatus.COMPLETED,
        title="Un registre des forêts",
        promotion=seventh,
    )
    ChallengeFactory(complete=True, title="Un brouillon d’eau confidentiel")
    return water


def test_a_visitor_searches_filters_opens_a_challenge_and_downloads_the_data(
    page, live_server, challenges
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Les défis"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Les défis")
    expect(page.get_by_role("heading", name="3 défis")).to_be_visible()
    expect(page.get_by_text("Un brouillon d’eau confidentiel")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Rechercher un défi").fill("eau")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^2 défis"))).to_be_visible()

    page.get_by_label("Profil recherché").select_option(label="Directeur·rice produit")
    page.get_by_label("Promotion").select_option(label="8e promotion")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^1 défi"))).to_be_visible()
    expect(page.get_by_label("Rechercher un défi")).to_have_value("eau")
    card = page.get_by_role("listitem").filter(has_text="Cartographier les captages d’eau")
    expect(card).to_contain_text("En recrutement")
    expect(card).to_contain_text("Office français de la biodiversité (OFB)")
    expect(card).to_contain_text("Savoir où l’on prélève l’eau")

    csv_link = page.get_by_role("link", name="Télécharger en CSV")
    response = page.request.get(live_server.url + csv_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="defis-eig.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [row["titre"] for row in rows] == ["Cartographier les captages d’eau"]

    page.get_by_role("link", name="Cartographier les captages d’eau").click()

    expect(page).to_have_url(
        live_server.url + reverse("challenges:public_detail", kwargs={"pk": challenges.pk})
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Cartographier les captages d’eau")
    expect(page.get_by_role("rowheader", name="Captages cartographiés")).to_be_visible()
    expect(page.get_by_role("heading", name="L’équipe", exact=True)).to_be_visible()
    breadcrumb = page.get_by_role("navigation", name="vous êtes ici :")
    expect(breadcrumb).to_contain_text("Les défis")
    assert_accessible(page)

    page.get_by_role("link", name="Tous les défis").click()
    expect(page.get_by_role("heading", name="3 défis")).to_be_visible()


def test_a_search_without_result_explains_what_to_do(page, live_server, challenges):
    page.goto(live_server.url + reverse("challenges:catalogue") + "?q=volcan")

    expect(page.get_by_role("heading", name=re.compile(r"^0 défi"))).to_be_visible()
    expect(page.get_by_text("Aucun défi ne correspond à votre recherche")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Voir tous les défis").click()
    expect(page.get_by_role("heading", name="3 défis")).to_be_visible()


def test_the_open_data_columns_are_described_on_the_catalogue(page, live_server, challenges):
    page.goto(live_server.url + reverse("challenges:catalogue"))

    page.get_by_role("button", name="Description des colonnes").click()

    expect(page.get_by_role("rowheader", name="type_administration")).to_be_visible()
    assert_accessible(page)


def test_a_draft_has_no_public_page(page, live_server, challenges):
    draft = ChallengeFactory(complete=True, title="Un autre brouillon")

    response = page.goto(
        live_server.url + reverse("challenges:public_detail", kwargs={"pk": draft.pk})
    )

    assert response is not None
    assert response.status == 404


def test_a_visitor_pages_through_the_catalogue_whose_unavailable_links_are_disabled(
    page, live_server, challenges, settings
):
    settings.PAGE_SIZE = 2

    page.goto(live_server.url + reverse("challenges:catalogue"))
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.get_by_role("link", name="Page précédente")).to_have_attribute(
        "aria-disabled", "true"
    )
    expect(pagination.get_by_text("Page 1 sur 2")).to_be_visible()
    assert_accessible(page)

    pagination.get_by_role("link", name="Page suivante").click()
    expect(pagination.get_by_text("Page 2 sur 2")).to_be_visible()
    expect(pagination.get_by_role("link", name="Page suivante")).to_have_attribute(
        "aria-disabled", "true"
    )
    assert_accessible(page)
    pagination.get_by_role("link", name="Page précédente").click()
    expect(pagination.get_by_text("Page 1 sur 2")).to_be_visible()


def test_a_long_administration_menu_becomes_a_field_that_filters_by_name(
    page, live_server, challenges, monkeypatch
):
    # Past the limit, the menu would list every administration: it is a text field instead.
    monkeypatch.setattr("eig.core.filter_menus.MENU_LIMIT", 1)
    page.goto(live_server.url + reverse("challenges:catalogue"))
    field = page.get_by_role("combobox", name=re.compile("^Administration"))
    expect(field).to_have_attribute("type", "text")
    assert_accessible(page)

    field.fill("biodiversité")
    field.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"^1 défi"))).to_be_visible()
    expect(page.get_by_text("Cartographier les captages d’eau")).to_be_visible()
    assert_accessible(page)
