"""Signing in, for every role: candidates by e-mail, the others with ProConnect, demo accounts."""

import re

import pytest
from playwright.sync_api import expect

from eig.accounts.demo import demo_email
from eig.notifications.models import Email
from eig.organisations.models import Membership
from tests.accounts.oidc_provider import local_provider, proconnect_identity
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    OrganisationFactory,
    ReviewerFactory,
    StaffFactory,
)

PASSWORD = "un-secret-bien-long-2026"


def link_in(email: Email) -> str:
    return re.search(r"https?://[^\s\"<]+", email.body_text).group(0)


def sign_out(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()


def test_a_candidate_signs_up_verifies_their_email_and_signs_in(page, live_server):
    page.goto(f"{live_server.url}/compte/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Créer un compte candidat·e").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte candidat·e")
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Jeanne")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Adresse e-mail").fill("jeanne.martin@example.fr")
    page.get_by_label("Mot de passe 12 caractères au moins").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")
    assert_accessible(page)

    email = Email.objects.get(to="jeanne.martin@example.fr")
    page.goto(link_in(email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre adresse e-mail")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    sign_out(page)

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_role("main").get_by_role("link", name="Se connecter avec un e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion candidat·e")
    page.get_by_label("Adresse e-mail").fill("jeanne.martin@example.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("main").get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("main")).to_contain_text("en tant que candidat·e")
    assert_accessible(page)


@pytest.fixture
def block_external_requests(page):
    # The local provider's page loads a stylesheet from a CDN: not needed, and offline here.
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    return page


def test_an_agent_signs_in_with_proconnect_and_is_attached_to_their_administration(
    page, live_server, settings, block_external_requests
):
    organisation = OrganisationFactory(name="Direction générale des finances publiques")
    claire = proconnect_identity(
        sub="claire-proconnect",
        email="claire.agent@dgfip.finances.gouv.fr",
        siret=organisation.siret,
    )
    with local_provider(settings, [claire]):
        page.goto(f"{live_server.url}/compte/connexion/")
        page.get_by_role("main").get_by_role("link", name="S’identifier avec ProConnect").click()
        page.get_by_role("button", name="Authorize as claire-proconnect").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("main")).to_contain_text("Direction générale des finances publiques")
    expect(page.get_by_role("main")).to_contain_text("en tant qu’agent d’une administration")
    assert_accessible(page)
    assert Membership.objects.filter(
        user__email="claire.agent@dgfip.finances.gouv.fr", organisation=organisation
    ).exists()


def test_an_agent_of_an_unknown_administration_learns_how_to_be_attached(
    page, live_server, settings, block_external_requests
):
    paul = proconnect_identity(sub="paul", email="paul@prefecture.gouv.fr", siret="11000201100044")
    with local_provider(settings, [paul]):
        page.goto(f"{live_server.url}/compte/connexion/")
        page.get_by_role("main").get_by_role("link", name="S’identifier avec ProConnect").click()
        page.get_by_role("button", name="Authorize as paul").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Rattachement à une administration"
        )
    expect(page.get_by_role("main")).to_contain_text("11000201100044")
    assert_accessible(page)


# Per role: navigation links shown, and links that must not be.
NAVIGATION = {
    "candidate": (["Mon espace", "Comptes de démo"], ["Paramètres du programme"]),
    "agent": (["Mon espace", "Comptes de démo"], ["Paramètres du programme", "Candidater"]),
    "reviewer": (["Mon espace"], ["Paramètres du programme", "Administrations"]),
    "coach": (["Mon espace"], ["Paramètres du programme", "Administrations"]),
    "staff": (["Mon espace", "Défis à instruire"], ["Candidater"]),
}


def test_each_demo_role_signs_in_from_the_demo_page_and_sees_its_navigation(page, live_server):
    organisation = OrganisationFactory(name="Office français de la biodiversité")
    users = {
        "candidate": CandidateFactory(email=demo_email("candidate")),
        "agent": AgentFactory(email=demo_email("agent"), organisation=organisation),
        "reviewer": ReviewerFactory(email=demo_email("evaluatrice")),
        "coach": CoachFactory(email=demo_email("coach")),
        "staff": StaffFactory(email=demo_email("equipe")),
    }
    page.goto(f"{live_server.url}/demo/comptes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptes de démonstration")
    assert_accessible(page)

    for role, user in users.items():
        page.goto(f"{live_server.url}/demo/comptes/")
        page.get_by_role("button", name=f"Se connecter en tant que {user.email}").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
        navigation = page.get_by_role("navigation", name="Menu principal")
        shown, hidden = NAVIGATION[role]
        for label in shown:
            expect(navigation.get_by_role("link", name=label, exact=True)).to_have_count(1)
        for label in hidden:
            expect(navigation.get_by_role("link", name=label, exact=True)).to_have_count(0)
        if role == "staff":
            for menu in ("Recrutement", "Paramètres"):
                expect(navigation.get_by_role("button", name=menu)).to_have_count(1)
        assert_accessible(page)
        sign_out(page)
