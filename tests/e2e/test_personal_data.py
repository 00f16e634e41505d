"""A candidate looks at what the platform holds about them, downloads it, then deletes
their account and can no longer sign in. Every page passes axe."""

import json
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.accounts.models import User
from eig.candidacies.models import Candidacy
from tests.candidacies.applications import application
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import DEFAULT_PASSWORD

EMAIL = "ada.lovelace@example.fr"


@pytest.fixture
def candidacy(transactional_db):
    return application(
        email=EMAIL,
        first_name="Ada",
        last_name="Lovelace",
        phone="06 11 22 33 44",
        motivation="Mettre mon expérience au service de l’intérêt général.",
    )


def test_a_candidate_downloads_their_data_then_deletes_their_account(page, live_server, candidacy):
    sign_in_as(page, live_server, candidacy.candidate.user)

    # From their space, they open "Mes données".
    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("link", name="Mes données personnelles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")
    main = page.get_by_role("main")
    expect(main).to_contain_text(EMAIL)
    expect(main).to_contain_text("06 11 22 33 44")
    expect(main).to_contain_text("3 mois au plus après la décision")
    assert_accessible(page)

    # They download everything: a ZIP with their data and their CV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger toutes mes données").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mes-donnees-eig-")
    with zipfile.ZipFile(download.path()) as archive:
        data = json.loads(archive.read("data.json"))
        assert archive.read("cv.pdf").startswith(b"%PDF-")
    assert data["compte"]["adresse_email"] == EMAIL
    assert data["candidatures"][0]["motivation"].startswith("Mettre mon expérience")

    # They ask to delete their account: the consequences, then a typed confirmation.
    page.get_by_role("link", name="Supprimer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")
    expect(page.get_by_text("La suppression est définitive")).to_be_visible()
    assert_accessible(page)
    field = page.get_by_label("Pour confirmer, saisissez l’adresse e-mail de votre compte")
    field.fill("une.autre@example.fr")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_text("Ce n’est pas l’adresse e-mail de votre compte")).to_be_visible()
    assert_accessible(page)
    field.fill(EMAIL)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()

    expect(page.get_by_text("Votre compte est supprimé")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(email=EMAIL).exists()
    assert Candidacy.objects.get(pk=candidacy.pk).anonymised_at is not None

    # Signing in again fails.
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("candidacies:my_data"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Mes données")
