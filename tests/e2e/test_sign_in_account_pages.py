"""A candidate's account pages: forgotten password, password and e-mail change, lockout."""

import re

from django.conf import settings
from playwright.sync_api import expect

from eig.notifications.models import Email
from tests.e2e.accessibility import assert_accessible
from tests.factories import DEFAULT_PASSWORD, CandidateFactory

NEW_PASSWORD = "un-nouveau-secret-bien-long"


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter", exact=True).click()


def test_a_candidate_who_forgot_their_password_chooses_a_new_one(page, live_server):
    candidate = CandidateFactory()
    page.goto(f"{live_server.url}/compte/login/")
    expect(heading(page)).to_have_text("Connexion candidat·e")
    assert_accessible(page)

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(heading(page)).to_have_text("Mot de passe oublié")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(candidate.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(heading(page)).to_have_text("E-mail envoyé")
    assert_accessible(page)

    email = Email.objects.get(to=candidate.email, template="accounts/password_reset_key")
    page.goto(re.search(r"https?://\S+", email.body_text).group(0))
    expect(heading(page)).to_have_text("Choisir un nouveau mot de passe")
    assert_accessible(page)
    page.get_by_label("Nouveau mot de passe 12 caractères au moins").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(heading(page)).to_have_text("Mot de passe changé")
    assert_accessible(page)

    page.goto(f"{live_server.url}/compte/password/reset/key/zz-deja-servi/")
    expect(heading(page)).to_have_text("Lien invalide")
    assert_accessible(page)

    sign_in(page, live_server, candidate.email, NEW_PASSWORD)
    expect(heading(page)).to_have_text("Mon espace")


def test_a_candidate_changes_password_and_email_then_signs_out(page, live_server):
    candidate = CandidateFactory()
    sign_in(page, live_server, candidate.email, DEFAULT_PASSWORD)
    expect(heading(page)).to_have_text("Mon espace")

    page.get_by_role("link", name="Changer mon mot de passe").click()
    expect(heading(page)).to_have_text("Changer mon mot de passe")
    assert_accessible(page)
    page.get_by_label("Mot de passe actuel").fill("pas-le-bon")
    page.get_by_label("Nouveau mot de passe 12 caractères au moins").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.locator("#id_oldpassword-messages")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mot de passe actuel").fill(DEFAULT_PASSWORD)
    page.get_by_label("Nouveau mot de passe 12 caractères au moins").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("status")).to_be_visible()

    page.goto(f"{live_server.url}/compte/mon-espace/")
    page.get_by_role("link", name="Changer mon adresse e-mail").click()
    expect(heading(page)).to_have_text("Changer mon adresse e-mail")
    assert_accessible(page)
    page.get_by_label("Nouvelle adresse e-mail").fill("nouvelle.adresse@example.fr")
    page.get_by_role("button", name="Changer d’adresse").click()
    expect(page.get_by_role("main")).to_contain_text("nouvelle.adresse@example.fr")
    assert_accessible(page)
    assert Email.objects.filter(to="nouvelle.adresse@example.fr").exists()

    page.goto(f"{live_server.url}/compte/reauthenticate/")
    expect(heading(page)).to_have_text("Confirmer votre identité")
    assert_accessible(page)

    page.goto(f"{live_server.url}/compte/logout/")
    expect(heading(page)).to_have_text("Se déconnecter")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()


def test_repeated_failures_lock_the_sign_in_with_a_french_page(page, live_server):
    candidate = CandidateFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, live_server, candidate.email, "pas-le-bon-mot-de-passe")

    expect(heading(page)).to_have_text("Connexion temporairement bloquée")
    assert_accessible(page)


def test_the_dead_ends_of_the_account_pages_guide_the_visitor(page, live_server):
    page.goto(f"{live_server.url}/compte/confirm-email/lien-perime/")
    expect(heading(page)).to_have_text("Confirmer votre adresse e-mail")
    expect(page.get_by_role("main")).to_contain_text("a expiré")
    assert_accessible(page)

    page.goto(f"{live_server.url}/compte/inactive/")
    expect(heading(page)).to_have_text("Compte désactivé")
    assert_accessible(page)

    page.goto(f"{live_server.url}/compte/confirm-email/")
    expect(heading(page)).to_have_text("Vérifiez votre adresse e-mail")
    assert_accessible(page)
