"""A visitor reads the programme's impact: figures, charts with their tables, methodology,
and the open data page."""

import csv
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.impact.enums import Workplace
from eig.programmes.models import Promotion
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu
from tests.factories import (
    AlumniPathFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    PromotionFactory,
)
from tests.public.programme_data import eig_programme_with_settings


@pytest.fixture
def history(transactional_db):
    """Two past promotions and a side promotion: défis (some carried on), EIGs, answers."""
    eig_programme_with_settings()
    first = PromotionFactory(number=1, year=2017, label="1re promotion")
    third = PromotionFactory(number=3, year=2019, label="3e promotion")
    dig = Promotion.objects.create(
        programme=third.programme,
        number=3,
        year=2019,
        label="3e promotion – DIG (annexe)",
        parent=third,
    )
    for promotion, count in ((first, 4), (third, 7), (dig, 2)):
        for index in range(count):
            ChallengeFactory(
                complete=True,
                promotion=promotion,
                status=ChallengeStatus.COMPLETED,
                outcome=Outcome.CARRIED_ON if index % 3 else "",
            )
            HistoricalParticipantFactory(promotions=[promotion])
    AlumniPathFactory(promotion=first, answer=Workplace.PUBLIC_SECTOR, answered_at=timezone.now())
    return first


def test_a_visitor_reads_the_impact_figures_and_downloads_them(page, live_server, history):
    page.goto(live_server.url + "/")
    open_from_menu(page, "Impact")

    expect(page.get_by_role("heading", level=1)).to_have_text("Impact du programme")
    key_figures = page.get_by_role("region", name="Les chiffres clés")
    expect(key_figures).to_contain_text("2 promotions")
    expect(key_figures).to_contain_text("13 EIG recruté·es")
    expect(key_figures).to_contain_text("13 défis")
    carried_on = key_figures.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Défis terminés poursuivis dans leur administration")
    )
    expect(carried_on).to_contain_text("Pas assez de données")
    expect(carried_on).to_contain_text("sur 7 défis terminés dont le devenir est connu")
    alumni = key_figures.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Alumni qui travaillent dans le secteur public")
    )
    expect(alumni).to_contain_text("Pas assez de réponses")
    expect(alumni).to_contain_text("sur moins de 10 réponses à l’enquête")
    table = page.get_by_role("table", name="Chiffres par promotion")
    expect(table.get_by_role("rowheader", name="3e promotion – DIG (annexe)")).to_be_visible()
    chart = page.get_by_role("img", name="Nombre d’EIG par promotion")
    expect(chart).to_be_visible()
    chart_table = page.get_by_role(
        "table", name="Nombre d’EIG par promotion : les données du graphique"
    )
    expect(chart_table.get_by_role("row", name="3e promotion 7")).to_be_visible()
    expect(page.get_by_role("heading", name="Méthodologie")).to_be_visible()
    published = page.get_by_role(
        "table", name="Chiffres publiés fin 2023 et chiffres calculés, promotions 1 à 6"
    )
    expect(published.get_by_role("row", name="Défis 101 13 Différent")).to_be_visible()
    expect(
        published.get_by_role("row", name="Défis poursuivis dans leur administration")
    ).to_contain_text("Pas assez de données Inconnu (pas assez de données)")
    assert_accessible(page)

    href = page.get_by_role("link", name="Chiffres par promotion en CSV").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [row["promotion"] for row in rows] == [
        "1re promotion",
        "3e promotion",
        "3e promotion – DIG (annexe)",
    ]

    page.get_by_role("link", name="Toutes les données ouvertes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")


def test_a_visitor_reads_the_open_data_page_from_the_footer(page, live_server, history):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Données ouvertes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(
        page.get_by_role("link", name="Licence Ouverte / Open Licence version 2.0")
    ).to_be_visible()
    for title in ("Les défis publics", "Les chiffres d’impact", "Les chiffres par promotion"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    columns = page.get_by_role("table", name="Colonnes du fichier : les chiffres par promotion")
    expect(columns.get_by_role("rowheader", name="part_secteur_public")).to_be_visible()
    assert_accessible(page)
