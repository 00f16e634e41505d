"""The programme team registers an administration and gives it its first agent."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.organisations.models import Organisation
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import OrganisationFactory, StaffFactory, valid_siret


@pytest.fixture
def staff_page(page, live_server, transactional_db):
    sign_in_as(page, live_server, StaffFactory())
    return page


def test_a_staff_member_creates_an_organisation_and_adds_a_member(staff_page, live_server):
    page = staff_page
    OrganisationFactory(name="Office français de la biodiversité", acronym="OFB")
    page.goto(live_server.url + reverse("organisations:list"))
    expect(page.get_by_text("Office français de la biodiversité")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nouvelle administration").click()
    page.get_by_label("Type").select_option(label="Administration centrale")
    page.get_by_label("Nom", exact=True).fill("Direction du numérique des ministères sociaux")
    page.get_by_label("Sigle").fill("DNUM")
    page.get_by_label("SIRET").fill("130 025 265 00012")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("clé de contrôle incorrecte")).to_be_visible()
    expect(page.get_by_label("SIRET")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    siret = valid_siret(4242)
    page.get_by_label("SIRET").fill(f"{siret[:9]} {siret[9:]}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Direction du numérique des ministères sociaux"
    )
    expect(page.get_by_text(siret, exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Adresse e-mail professionnelle").fill("camille.agent@sante.gouv.fr")
    page.get_by_label("Rôle dans l’administration").select_option(
        label="Référent·e de l’administration"
    )
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_role("button", name="Ajouter le membre").click()
    expect(
        page.get_by_text("camille.agent@sante.gouv.fr est membre de l’administration")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Référent·e de l’administration")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(email="camille.agent@sante.gouv.fr").role == Role.AGENT

    page.get_by_label("Adresse e-mail professionnelle").fill("camille.agent@sante.gouv.fr")
    page.get_by_role("button", name="Ajouter le membre").click()
    expect(page.get_by_text("est déjà membre de cette administration")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Modifier l’administration").click()
    page.get_by_label("Sigle").fill("DNUM-MS")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Sigle : DNUM → DNUM-MS")).to_be_visible()

    page.get_by_role("button", name="Retirer camille.agent@sante.gouv.fr").click()
    expect(page.get_by_text("n’est plus membre de l’administration")).to_be_visible()
    organisation = Organisation.objects.get(siret=siret)
    assert not organisation.memberships.exists()

    page.goto(live_server.url + reverse("organisations:list") + "?q=DNUM")
    expect(
        page.get_by_role("link", name="Direction du numérique des ministères sociaux")
    ).to_be_visible()
    expect(page.get_by_text("Office français de la biodiversité")).to_have_count(0)
