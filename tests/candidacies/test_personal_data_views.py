""" "Mes données": the page, the download, and the deletion of the account."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from eig.accounts.models import User
from eig.candidacies.models import Candidacy
from eig.notifications.models import Email
from tests.candidacies.applications import application
from tests.factories import DEFAULT_PASSWORD, CandidateFactory

pytestmark = pytest.mark.django_db

MY_DATA = reverse("candidacies:my_data")
EXPORT = reverse("candidacies:my_data_export")
DELETE = reverse("candidacies:account_delete")


@pytest.fixture
def applied(client):
    candidacy = application(
        first_name="Ada", last_name="Lovelace", phone="06 11 22 33 44", motivation="Servir."
    )
    Email.objects.create(
        template="candidacy_submitted",
        to=candidacy.candidate.user.email,
        subject="Votre candidature est bien déposée",
        body_text="…",
    )
    client.force_login(candidacy.candidate.user)
    return candidacy


def test_the_page_tells_what_is_held_why_and_how_long(client, applied):
    response = client.get(MY_DATA)

    content = response.content.decode()
    assert response.status_code == 200
    for expected in (
        applied.candidate.user.email,
        "Ada Lovelace",
        "06 11 22 33 44",
        applied.candidate.ventures.get().name,
        str(applied.round),
        "Votre candidature est bien déposée",
        "3 mois au plus après la décision",
        "24 mois au plus après le dernier contact",
        "Pourquoi",
        EXPORT,
        DELETE,
    ):
        assert expected in content, expected


def test_the_page_gives_the_anonymisation_day_once_nothing_is_under_way(client):
    candidacy = application(status="withdrawn")
    client.force_login(candidacy.candidate.user)

    content = client.get(MY_DATA).content.decode()

    assert "vos données seront anonymisées le" in content


def test_a_candidate_without_profile_sees_the_page(client):
    client.force_login(CandidateFactory())

    response = client.get(MY_DATA)

    assert response.status_code == 200
    assert "Vous n’avez pas encore de profil" in response.content.decode()


def test_the_download_is_a_zip_of_the_data_and_the_cv(client, applied):
    response = client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-eig-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["compte"]["adresse_email"] == applied.candidate.user.email
    assert data["candidatures"][0]["motivation"] == "Servir."
    assert archive.read("cv.pdf").startswith(b"%PDF-")


def test_the_deletion_asks_for_the_email_address_and_keeps_the_account_otherwise(client, applied):
    assert "La suppression est définitive" in client.get(DELETE).content.decode()

    response = client.post(DELETE, {"email": "quelqu.un@example.fr"})

    assert response.status_code == 200
    assert "Ce n’est pas l’adresse e-mail de votre compte" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    user = applied.candidate.user
    user.refresh_from_db()
    assert user.is_active


def test_the_deletion_erases_the_account_and_signs_out(client, applied):
    user = applied.candidate.user
    email = user.email

    response = client.post(DELETE, {"email": f"  {email.upper()} "}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("public:home")
    assert "Votre compte est supprimé" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(email=email).exists()
    assert Candidacy.objects.filter(pk=applied.pk).exists()  # counted, anonymously
    client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    assert client.get(MY_DATA).status_code == 302  # not signed in


def test_deletion_needs_a_post(client, applied):
    client.get(DELETE)

    applied.candidate.user.refresh_from_db()
    assert applied.candidate.user.is_active
