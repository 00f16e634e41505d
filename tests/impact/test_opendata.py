"""The Impact figures and the per-promotion breakdown as open data (eig/impact/opendata.py)."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.core.opendata import LICENCE, LICENCE_URL, csv_cell
from eig.impact.enums import Workplace
from eig.impact.opendata import FIGURE_COLUMNS, PROMOTION_COLUMNS
from eig.programmes.models import Programme, Promotion
from tests.factories import (
    AlumniPathFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    PromotionFactory,
)

pytestmark = pytest.mark.django_db

# The columns are a contract with the reusers: these lists change only by appending.
FIGURE_HEADER = ["indicateur", "libelle", "valeur", "unite", "base", "statut"]
PROMOTION_HEADER = [
    "promotion",
    "numero",
    "annee",
    "annexe_de",
    "defis",
    "administrations",
    "eig",
    "defis_devenir_connu",
    "defis_poursuivis",
    "part_defis_poursuivis",
    "alumni_repondants",
    "alumni_secteur_public",
    "part_secteur_public",
    "defis_devenir_inconnu",
    "eig_affectes_appariement",
    "part_deux_premiers_choix",
]


def csv_rows(response) -> tuple[list[str], list[dict[str, str]]]:
    text = response.content.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def history():
    """Promotion 3 with its side promotion: 4 completed défis with a known outcome (3
    carried on), one without; 2 alumni answers, under a threshold of 4."""
    Programme.objects.filter(slug="eig").update(impact_min_answers=4)
    third = PromotionFactory(number=3, year=2019, label="3e promotion")
    dig = Promotion.objects.create(
        programme=third.programme, number=3, year=2019, label="3e promotion – DIG", parent=third
    )
    for outcome in (Outcome.CARRIED_ON, Outcome.CARRIED_ON, Outcome.CARRIED_ON, Outcome.STOPPED):
        ChallengeFactory(
            complete=True, promotion=third, status=ChallengeStatus.COMPLETED, outcome=outcome
        )
    ChallengeFactory(complete=True, promotion=dig, status=ChallengeStatus.COMPLETED)
    HistoricalParticipantFactory(promotions=[third])
    HistoricalParticipantFactory(promotions=[third, dig])
    for answer in (Workplace.PUBLIC_SECTOR, Workplace.PRIVATE_SECTOR):
        AlumniPathFactory(promotion=third, answer=answer, answered_at=timezone.now())
    return third, dig


def test_the_headers_are_the_documented_contract():
    assert [column.name for column in FIGURE_COLUMNS] == FIGURE_HEADER
    assert [column.name for column in PROMOTION_COLUMNS] == PROMOTION_HEADER


def test_the_figures_csv_has_one_row_per_figure_and_withholds_small_shares(client, history):
    response = client.get(reverse("impact:figures_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-impact-eig.csv"'
    assert "licence-ouverte" in response["Link"]
    assert response.content.startswith(b"indicateur,libelle,valeur,unite,base,statut\r\n")
    header, rows = csv_rows(response)
    assert header == FIGURE_HEADER
    by_key = {row["indicateur"]: row for row in rows}
    assert by_key["promotions"]["valeur"] == "1"
    assert by_key["eig"]["valeur"] == "2"
    assert by_key["defis"]["valeur"] == "5"
    assert by_key["defis_termines_devenir_inconnu"]["valeur"] == "1"
    assert by_key["part_defis_poursuivis"] == {
        "indicateur": "part_defis_poursuivis",
        "libelle": "Part des défis terminés poursuivis dans leur administration",
        "valeur": "75.0",
        "unite": "pourcentage",
        "base": "4",
        "statut": "publie",
    }
    # Two answers, under the threshold: neither the share nor the number of answers.
    assert by_key["part_alumni_secteur_public"]["valeur"] == ""
    assert by_key["part_alumni_secteur_public"]["base"] == ""
    assert by_key["part_alumni_secteur_public"]["statut"] == "pas_assez_de_reponses"
    assert by_key["alumni_repondants"]["valeur"] == ""
    assert by_key["alumni_repondants"]["statut"] == "pas_assez_de_reponses"


def test_the_promotions_csv_has_a_row_per_promotion_with_side_promotions_marked(client, history):
    response = client.get(reverse("impact:promotions_csv"))

    assert response["Content-Disposition"] == 'attachment; filename="promotions-eig.csv"'
    header, rows = csv_rows(response)
    assert header == PROMOTION_HEADER
    third, dig = rows
    assert third == {
        "promotion": "3e promotion",
        "numero": "3",
        "annee": "2019",
        "annexe_de": "",
        "defis": "4",
        "administrations": "4",
        "eig": "2",
        "defis_devenir_connu": "4",
        "defis_poursuivis": "3",
        "part_defis_poursuivis": "75.0",
        # Under the threshold, neither the share, nor the count, nor the exact number of
        # answers is published.
        "alumni_repondants": "",
        "alumni_secteur_public": "",
        "part_secteur_public": "",
        "defis_devenir_inconnu": "0",
        "eig_affectes_appariement": "",
        "part_deux_premiers_choix": "",
    }
    assert dig["promotion"] == "3e promotion – DIG"
    assert dig["annexe_de"] == "3e promotion"
    assert dig["eig"] == "1"
    assert dig["part_defis_poursuivis"] == ""
    assert dig["defis_devenir_inconnu"] == "1"


def test_a_total_that_would_give_away_a_withheld_promotion_is_left_empty(client):
    """Promotion A: 12 answers, 8 in the public sector; promotion B: a single answer. The
    total (13 answers, 9 in the public sector) would tell where B's alumnus works."""
    first = PromotionFactory(number=1, year=2017, label="1re promotion")
    second = PromotionFactory(number=2, year=2018, label="2e promotion")
    for promotion, answers in (
        (first, [Workplace.PUBLIC_SECTOR] * 8 + [Workplace.PRIVATE_SECTOR] * 4),
        (second, [Workplace.PUBLIC_SECTOR]),
    ):
        for answer in answers:
            AlumniPathFactory(promotion=promotion, answer=answer, answered_at=timezone.now())

    _header, rows = csv_rows(client.get(reverse("impact:promotions_csv")))
    row_a, row_b = rows
    assert (row_a["alumni_repondants"], row_a["alumni_secteur_public"]) == ("12", "8")
    assert row_a["part_secteur_public"] == "66.7"
    assert (row_b["alumni_repondants"], row_b["alumni_secteur_public"]) == ("", "")
    assert row_b["part_secteur_public"] == ""

    _header, figures = csv_rows(client.get(reverse("impact:figures_csv")))
    by_key = {row["indicateur"]: row for row in figures}
    for key in ("alumni_repondants", "part_alumni_secteur_public"):
        assert by_key[key]["valeur"] == ""
        assert by_key[key]["base"] == ""
        assert by_key[key]["statut"] == "secret_statistique"

    document = client.get(reverse("impact:figures_json")).json()
    [total] = [item for item in document["chiffres"] if item["indicateur"] == "alumni_repondants"]
    assert total["valeur"] is None
    assert "13" not in json.dumps(document["chiffres"])


def test_the_challenges_counts_stay_published_under_the_threshold(client, history):
    Programme.objects.filter(slug="eig").update(impact_min_answers=10)

    _header, figures = csv_rows(client.get(reverse("impact:figures_csv")))
    by_key = {row["indicateur"]: row for row in figures}
    assert by_key["part_defis_poursuivis"]["valeur"] == ""
    assert by_key["part_defis_poursuivis"]["base"] == "4"
    assert by_key["part_defis_poursuivis"]["statut"] == "pas_assez_de_donnees"
    assert by_key["defis_termines_devenir_connu"]["valeur"] == "4"
    _header, rows = csv_rows(client.get(reverse("impact:promotions_csv")))
    assert (rows[0]["defis_devenir_connu"], rows[0]["defis_poursuivis"]) == ("4", "3")


def test_the_column_docs_explain_the_withheld_cells():
    docs = {column.name: str(column.description) for column in FIGURE_COLUMNS}
    assert "secret_statistique" in docs["statut"]
    assert "pas_assez_de_donnees" in docs["statut"]
    promotion_docs = {column.name: str(column.description) for column in PROMOTION_COLUMNS}
    assert (
        "vide quand la promotion compte moins de réponses" in (promotion_docs["alumni_repondants"])
    )


@pytest.mark.parametrize(
    ("url_name", "key", "columns", "filename"),
    [
        ("impact:figures_json", "chiffres", FIGURE_COLUMNS, "chiffres-impact-eig.json"),
        ("impact:promotions_json", "promotions", PROMOTION_COLUMNS, "promotions-eig.json"),
    ],
)
def test_the_json_files_carry_licence_source_and_column_docs(
    client, history, url_name, key, columns, filename
):
    response = client.get(reverse(url_name))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content.decode("utf-8"))
    assert document["licence"] == LICENCE
    assert document["licence_url"] == LICENCE_URL
    assert document["producteur"] == "Direction interministérielle du numérique (DINUM)"
    assert document["source"] == settings.SITE_URL + reverse("impact:page")
    assert document["generated_at"]
    assert document["seuil_reponses"] == 4
    assert list(document["colonnes"]) == [column.name for column in columns]
    assert all(document["colonnes"].values())
    assert document[key]
    for record in document[key]:
        assert list(record) == [column.name for column in columns]


def test_the_json_gives_numbers_and_null_for_a_withheld_share(client, history):
    document = client.get(reverse("impact:figures_json")).json()

    by_key = {item["indicateur"]: item for item in document["chiffres"]}
    assert by_key["defis"]["valeur"] == 5
    assert by_key["part_defis_poursuivis"]["valeur"] == 75.0
    assert by_key["part_alumni_secteur_public"]["valeur"] is None
    assert by_key["part_alumni_secteur_public"]["statut"] == "pas_assez_de_reponses"


def test_an_empty_platform_gives_files_with_headers(client):
    _header, rows = csv_rows(client.get(reverse("impact:promotions_csv")))
    assert rows == []
    assert client.get(reverse("impact:promotions_json")).json()["promotions"] == []


def test_the_shared_csv_cell_is_formula_safe_and_plain():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"
    assert csv_cell(12) == 12
