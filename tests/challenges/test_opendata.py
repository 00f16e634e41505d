"""The public défis as open data, in CSV and JSON."""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from eig.challenges import opendata
from eig.challenges.enums import ChallengeStatus
from eig.challenges.opendata import HEADER, LICENCE
from eig.organisations.enums import OrganisationKind
from tests.factories import (
    AgentFactory,
    ChallengeFactory,
    IndicatorFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

CSV_URL = reverse("challenges:opendata_csv")
JSON_URL = reverse("challenges:opendata_json")
PARIS = ZoneInfo("Europe/Paris")

# The columns are a contract with the reusers: this list changes only by appending.
EXPECTED_HEADER = [
    "id",
    "titre",
    "administration",
    "sigle",
    "type_administration",
    "siret",
    "promotion",
    "promotion_annee",
    "session",
    "statut",
    "statut_libelle",
    "profil_produit",
    "profil_technique",
    "politique_prioritaire",
    "probleme",
    "usagers_concernes",
    "presentation",
    "date_selection",
    "url",
    "historique",
    "description",
    "devenir",
    "devenir_texte",
]


def public_challenge(**kwargs):
    kwargs.setdefault("status", ChallengeStatus.SELECTED)
    return ChallengeFactory(complete=True, **kwargs)


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def json_document(response):
    return json.loads(response.content.decode("utf-8"))


@pytest.fixture
def challenge():
    promotion = PromotionFactory(label="7e promotion", year=2024)
    return public_challenge(
        title="Des cantines locales",
        organisation=OrganisationFactory(
            name="Direction de l’alimentation",
            acronym="DGAL",
            kind=OrganisationKind.CENTRAL,
            siret="11000201100044",
        ),
        promotion=promotion,
        round=RoundFactory(promotion=promotion, number=3),
        status=ChallengeStatus.RECRUITING,
        wants_tech=False,
        priority_policy__name="Alimentation durable",
        problem="Les cantines achètent loin.",
        affected_users="Les élèves et les producteurs.",
        public_summary="Manger local à la cantine.",
        decided_at=datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC),
    )


def test_the_header_is_the_documented_contract():
    assert HEADER == EXPECTED_HEADER


def test_the_csv_holds_one_row_per_public_challenge_with_stable_columns(client, challenge):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="defis-eig.csv"'
    assert "licence-ouverte" in response["Link"]
    assert response.streaming
    [row] = csv_rows(response)
    assert row == {
        "id": str(challenge.pk),
        "titre": "Des cantines locales",
        "administration": "Direction de l’alimentation",
        "sigle": "DGAL",
        "type_administration": "Administration centrale",
        "siret": "11000201100044",
        "promotion": "7e promotion",
        "promotion_annee": "2024",
        "session": "3",
        "statut": "recruiting",
        "statut_libelle": "En recrutement",
        "profil_produit": "true",
        "profil_technique": "false",
        "politique_prioritaire": "Alimentation durable",
        "probleme": "Les cantines achètent loin.",
        "usagers_concernes": "Les élèves et les producteurs.",
        "presentation": "Manger local à la cantine.",
        # 23:30 UTC on 31 March is 1 April in Paris.
        "date_selection": "2024-04-01",
        "url": settings.SITE_URL + reverse("challenges:public_detail", kwargs={"pk": challenge.pk}),
        "historique": "false",
        "description": "",
        "devenir": "",
        "devenir_texte": "",
    }


def test_the_csv_is_utf8_without_byte_order_mark_and_comma_separated(client, challenge):
    content = b"".join(client.get(CSV_URL).streaming_content)

    assert content.startswith(b"id,titre,")
    assert "Direction de l’alimentation".encode() in content


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_the_csv(client):
    public_challenge(title='=HYPERLINK("http://example.com")', problem="-2+3")

    [row] = csv_rows(client.get(CSV_URL))

    assert row["titre"] == '\'=HYPERLINK("http://example.com")'
    assert row["probleme"] == "'-2+3"


def test_the_json_holds_the_licence_the_source_and_the_same_rows(client, challenge):
    IndicatorFactory(challenge=challenge, name="Part de produits locaux", baseline=10, target=50)

    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="defis-eig.json"'
    document = json_document(response)
    assert document["licence"] == LICENCE
    assert document["source"].endswith(reverse("challenges:catalogue"))
    generated_at = datetime.datetime.fromisoformat(document["generated_at"])
    assert generated_at.utcoffset() is not None
    assert list(document["colonnes"]) == EXPECTED_HEADER
    [item] = document["defis"]
    assert list(item) == [*EXPECTED_HEADER, "indicateurs"]
    assert item["id"] == challenge.pk
    assert item["profil_produit"] is True
    assert item["profil_technique"] is False
    assert item["session"] == 3
    assert item["date_selection"] == "2024-04-01"
    assert item["titre"] == "Des cantines locales"
    assert {"nom": "Part de produits locaux", "unite": "jours"}.items() <= item["indicateurs"][
        -1
    ].items()
    assert item["indicateurs"][-1]["valeur_depart"] == "10.00"
    assert item["indicateurs"][-1]["cible"] == "50.00"


def test_the_json_gives_the_texts_exactly_as_typed(client):
    public_challenge(problem="-2+3 dossiers")

    assert json_document(client.get(JSON_URL))["defis"][0]["probleme"] == "-2+3 dossiers"


def test_a_challenge_without_promotion_or_round_has_empty_cells(client):
    public_challenge(promotion=None, round=None, decided_at=None)

    [row] = csv_rows(client.get(CSV_URL))
    [item] = json_document(client.get(JSON_URL))["defis"]

    assert (row["promotion"], row["session"], row["date_selection"]) == ("", "", "")
    assert (item["promotion_annee"], item["session"], item["date_selection"]) == (
        None,
        None,
        None,
    )


def test_the_open_data_never_holds_personal_or_internal_data(client):
    agent = AgentFactory(email="agent.secret@administration.gouv.fr", last_name="Agentsecret")
    public_challenge(
        organisation=agent.memberships.get().organisation,
        created_by=agent,
        sponsor_name="Claire Secrète",
        sponsor_role="Fonction secrète",
        sponsor_commitment="Engagement secret",
        team="Équipe secrète",
        budget="Budget secret",
        autonomy="Autonomie secrète",
    )

    csv_text = b"".join(client.get(CSV_URL).streaming_content).decode()
    json_text = client.get(JSON_URL).content.decode()

    for text in (csv_text, json_text):
        for secret in ("Secrète", "secrète", "secret", "@", "Agentsecret", "sponsor"):
            assert secret not in text, secret


def test_the_open_data_accepts_the_filters_of_the_catalogue(client):
    promotion = PromotionFactory()
    kept = public_challenge(promotion=promotion, title="Les forêts", wants_tech=False)
    public_challenge(title="Les forêts en cours", status=ChallengeStatus.RUNNING)
    public_challenge(title="Autre chose")
    query = {"q": "forêts", "promotion": promotion.pk, "status": "selected", "profile": "product"}

    assert [row["id"] for row in csv_rows(client.get(CSV_URL, query))] == [str(kept.pk)]
    assert [item["id"] for item in json_document(client.get(JSON_URL, query))["defis"]] == [kept.pk]


def test_the_dates_are_those_of_paris():
    # A guard for the test above: 23:30 UTC on 31 March 2024 is the next day in Paris.
    moment = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert moment.astimezone(PARIS).date() == datetime.date(2024, 4, 1)


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_open_data_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, count, url
):
    promotion = PromotionFactory()
    for _index in range(count):
        challenge = public_challenge(promotion=promotion, round=RoundFactory(promotion=promotion))
        IndicatorFactory(challenge=challenge)

    with django_assert_max_num_queries(4):
        response = client.get(url, {"profile": "tech"})
        body = b"".join(response.streaming_content) if response.streaming else response.content

    assert body.count("Défi numéro".encode()) == count


def test_the_open_data_only_answers_reads(client):
    assert client.post(CSV_URL).status_code == 405
    assert client.post(JSON_URL).status_code == 405


def test_a_completed_defi_gives_its_outcome_and_a_historical_one_says_so(client):
    public_challenge(
        title="Terminé et poursuivi",
        status=ChallengeStatus.COMPLETED,
        outcome="carried_on",
        outcome_text="Le service est repris par la direction.",
    )
    public_challenge(
        title="De l’historique",
        status=ChallengeStatus.COMPLETED,
        source_ref="eig-site:defis/historique.md",
        public_description="## Le défi\n\nUn service ouvert.",
    )

    rows = {row["titre"]: row for row in csv_rows(client.get(CSV_URL))}

    completed, historical = rows["Terminé et poursuivi"], rows["De l’historique"]
    assert (completed["devenir"], completed["devenir_texte"], completed["historique"]) == (
        "carried_on",
        "Le service est repris par la direction.",
        "false",
    )
    assert (historical["historique"], historical["devenir"]) == ("true", "")
    assert historical["description"] == "## Le défi\n\nUn service ouvert."


@pytest.mark.parametrize("count", [2, 7])
def test_the_json_file_runs_the_same_queries_whatever_the_number_of_chunks(
    client, django_assert_num_queries, monkeypatch, count
):
    # Chunks of 3 défis: 2 fit in one, 7 take three.
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 3)
    promotion = PromotionFactory()
    challenges = [public_challenge(promotion=promotion) for _index in range(count)]
    for challenge in challenges:
        IndicatorFactory(challenge=challenge, name=f"Indicateur du défi {challenge.pk}")

    with django_assert_num_queries(2):  # the défis, then every indicator of theirs
        document = json_document(client.get(JSON_URL))

    names = {item["id"]: {i["nom"] for i in item["indicateurs"]} for item in document["defis"]}
    assert all(f"Indicateur du défi {pk}" in found for pk, found in names.items())
    assert len(names) == count
