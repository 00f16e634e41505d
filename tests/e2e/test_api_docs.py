"""A developer reads the API's interactive documentation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible


@pytest.fixture
def refused_by_csp(page):
    """What the CSP refused, except Redoc's "powered by" logo, which it links from its CDN:
    the CSP blocking it is what we want (no asset comes from elsewhere)."""
    refused: list[str] = []

    def record(message):
        text = message.text
        if "Content Security Policy" in text and "cdn.redoc.ly/redoc/logo-mini.svg" not in text:
            refused.append(text)

    page.on("console", record)
    return refused


def test_a_developer_reads_the_documentation_under_the_csp(
    page, live_server, transactional_db, refused_by_csp
):
    page.goto(live_server.url + "/api/v1/docs")

    expect(page.get_by_role("heading", name="API de la plateforme EIG", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Lister les défis publics").first).to_be_visible()
    assert not refused_by_csp, refused_by_csp
    assert_accessible(page)


def test_staff_create_a_token_and_revoke_it(page, live_server, transactional_db):
    from tests.e2e.helpers import sign_in_as
    from tests.factories import StaffFactory

    sign_in_as(page, live_server, StaffFactory())
    page.goto(live_server.url + "/equipe/api/jetons/")
    expect(page.get_by_role("heading", name="Jetons d’API", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nom du jeton").fill("Tableur du programme")
    page.get_by_label("Portée").select_option("candidatures:read")
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("status")).to_contain_text("Copiez-le maintenant")
    expect(page.locator("#token-secret")).to_contain_text("eig_")
    assert_accessible(page)

    page.get_by_role("button", name="Révoquer le jeton « Tableur du programme »").click()
    expect(page.get_by_role("cell", name="Révoqué")).to_be_visible()


def test_staff_register_a_webhook_and_read_its_log(page, live_server, transactional_db):
    from tests.e2e.helpers import sign_in_as
    from tests.factories import StaffFactory

    sign_in_as(page, live_server, StaffFactory())
    page.goto(live_server.url + "/equipe/api/webhooks/")
    expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Adresse qui reçoit les événements").fill("http://127.0.0.1:9/eig")
    page.get_by_label("Offre acceptée").check()
    page.get_by_role("button", name="Enregistrer le webhook").click()
    expect(page.locator("#webhook-secret")).to_contain_text("whsec_")
    assert_accessible(page)

    page.get_by_role("link", name="http://127.0.0.1:9/eig").click()
    expect(page.get_by_role("heading", level=2, name="Journal des envois")).to_be_visible()
    assert_accessible(page)
