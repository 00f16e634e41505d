"""The alumni survey's page (eig/impact/views/survey.py), reached from the e-mail's link."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from eig.impact.enums import Workplace
from eig.impact.models import AlumniPath
from tests.factories import AlumniPathFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    person = CandidateFactory(
        first_name="Albertine", last_name="Sarrazin", email="albertine.sarrazin@example.org"
    )
    return AlumniPathFactory(person=person, contract_end=datetime.date(2027, 1, 4))


def _url(survey: AlumniPath) -> str:
    return reverse("impact:survey", kwargs={"token": survey.token})


def test_an_unknown_token_is_404(client, survey):
    response = client.get(reverse("impact:survey", kwargs={"token": "pas-un-jeton"}))

    assert response.status_code == 404


def test_the_page_asks_the_question_without_signing_in(client, survey):
    response = client.get(_url(survey))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre contrat EIG s’est terminé le 4 janvier 2027" in html
    assert "<fieldset" in html
    assert "<legend" in html
    assert "Où travaillez-vous aujourd’hui ?" in html
    for choice in Workplace:
        assert f'value="{choice.value}"' in html
    assert 'type="radio"' in html
    assert "noindex" in html
    assert "Votre réponse actuelle" not in html


def test_the_page_says_nothing_personal(client, survey):
    survey.answer = Workplace.PUBLIC_SECTOR
    survey.save(update_fields=["answer"])

    html = client.get(_url(survey)).content.decode()

    assert "Albertine" not in html
    assert "Sarrazin" not in html
    assert "albertine.sarrazin@example.org" not in html
    assert "example.org" not in html


def test_answering_thanks_and_shows_the_answer(client, survey):
    response = client.post(_url(survey), {"answer": Workplace.OWN_VENTURE}, follow=True)

    assert response.redirect_chain == [(_url(survey), 302)]
    survey.refresh_from_db()
    assert survey.answer == Workplace.OWN_VENTURE
    html = response.content.decode()
    assert "Merci ! Votre réponse est enregistrée." in html
    assert "Votre réponse actuelle : <strong>Dans ma propre entreprise</strong>" in html
    assert 'value="own_venture" id="id_answer_2" required checked' in html
    assert "Modifier ma réponse" in html


def test_answering_again_changes_the_answer(client, survey):
    client.post(_url(survey), {"answer": Workplace.PUBLIC_SECTOR})
    client.post(_url(survey), {"answer": Workplace.PRIVATE_SECTOR})

    survey.refresh_from_db()
    assert survey.answer == Workplace.PRIVATE_SECTOR


@pytest.mark.parametrize("data", [{}, {"answer": "astronaute"}])
def test_a_missing_or_unknown_answer_shows_a_french_error_and_keeps_the_previous_one(
    client, survey, data
):
    survey.answer = Workplace.PUBLIC_SECTOR
    survey.save(update_fields=["answer"])

    response = client.post(_url(survey), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "fr-fieldset--error" in html
    assert "Choisissez" in html
    survey.refresh_from_db()
    assert survey.answer == Workplace.PUBLIC_SECTOR


def test_the_form_is_protected_against_cross_site_requests(survey):
    response = Client(enforce_csrf_checks=True).post(
        _url(survey), {"answer": Workplace.PUBLIC_SECTOR}
    )

    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.answer == ""


def test_the_page_reads_a_fixed_number_of_queries(client, survey, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(_url(survey))
