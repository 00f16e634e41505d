"""The public endpoints of the API: défis, indicators, figures, promotions, errors."""

import pytest
from django.urls import reverse

from eig.challenges.enums import ChallengeStatus
from tests.factories import (
    ChallengeFactory,
    IndicatorFactory,
    MeasurementFactory,
    OrganisationFactory,
    PromotionFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def public_challenge(**kwargs):
    kwargs.setdefault("status", ChallengeStatus.SELECTED)
    kwargs.setdefault("promotion", PromotionFactory())
    return ChallengeFactory(complete=True, **kwargs)


def test_the_schema_is_openapi_3_1_in_french(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "programme" in schema["info"]["description"]
    operation = schema["paths"]["/api/v1/defis"]["get"]
    assert operation["summary"] == "Lister les défis publics"
    assert PROBLEM in operation["responses"]["422"]["content"]


def test_the_documentation_is_served_with_local_assets(client):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "/static/ninja/redoc.standalone.js" in html
    assert "cdn" not in html


def test_the_list_has_the_open_data_columns_and_never_the_sponsor(client):
    challenge = public_challenge(sponsor_name="Hortense Tartempion")
    ChallengeFactory(complete=True)  # a draft
    response = client.get("/api/v1/defis")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["results"]] == [challenge.pk]
    assert body["results"][0]["titre"] == challenge.title
    assert "Tartempion" not in response.content.decode()
    assert "sponsor_name" not in body["results"][0]


def test_the_list_uses_the_catalogue_filters(client):
    kept = public_challenge(title="Cadastre solaire")
    public_challenge(title="Autre chose")
    response = client.get("/api/v1/defis", {"q": "cadastre"})
    assert [item["id"] for item in response.json()["results"]] == [kept.pk]
    response = client.get("/api/v1/defis", {"organisation": kept.organisation_id})
    assert [item["id"] for item in response.json()["results"]] == [kept.pk]


def test_cursor_pagination_walks_every_defi_once(client, django_assert_max_num_queries):
    challenges = [public_challenge() for _ in range(5)]
    seen = []
    url = "/api/v1/defis?page_size=2"
    while url:
        with django_assert_max_num_queries(3):
            body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(challenge.pk for challenge in challenges)


def test_a_bad_parameter_is_a_problem_naming_the_field(client):
    response = client.get("/api/v1/defis", {"promotion": "abc"})
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["errors"][0]["field"] == "promotion"
    assert "promotion" in problem["detail"]
    assert problem["title"] == "Paramètres invalides"


def test_an_unknown_promotion_gives_an_empty_list(client):
    public_challenge()
    response = client.get("/api/v1/defis", {"promotion": 999999})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_forged_cursor_is_a_422_naming_cursor(client):
    response = client.get("/api/v1/defis", {"cursor": "pas-un-curseur"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
    assert response.json()["errors"][0]["detail"] == "La valeur n’a pas le format attendu."


def test_a_draft_answers_404_like_a_missing_defi(client):
    draft = ChallengeFactory(complete=True)
    missing = client.get("/api/v1/defis/999999")
    hidden = client.get(f"/api/v1/defis/{draft.pk}")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
    assert hidden["Content-Type"] == PROBLEM


def test_the_indicators_come_with_their_measurements_once_running(client):
    challenge = public_challenge(status=ChallengeStatus.RUNNING)
    indicator = IndicatorFactory(challenge=challenge, name="Délai moyen")
    MeasurementFactory(indicator=indicator, comment="Première mesure")
    response = client.get(f"/api/v1/defis/{challenge.pk}/indicateurs")
    assert response.status_code == 200
    names = [item["nom"] for item in response.json()]
    assert "Délai moyen" in names
    mesures = next(i for i in response.json() if i["nom"] == "Délai moyen")["mesures"]
    assert mesures[0]["commentaire"] == "Première mesure"


@pytest.mark.parametrize(
    ("api_url", "file_url", "key"),
    [
        ("/api/v1/donnees/defis", "challenges:opendata_json", "defis"),
        ("/api/v1/impact/chiffres", "impact:figures_json", "chiffres"),
        ("/api/v1/promotions", "impact:promotions_json", "promotions"),
    ],
)
def test_the_api_returns_the_open_data_files(client, api_url, file_url, key):
    public_challenge(organisation=OrganisationFactory(acronym="DGFIP"))
    from_api = client.get(api_url).json()
    from_file = client.get(reverse(file_url)).json()
    from_api.pop("generated_at"), from_file.pop("generated_at")
    assert from_api == from_file
    assert from_api[key]
