"""The EIG sees their contract and downloads it; the programme team renews it.

An accepted offer created the contract and its PDF documents. The EIG opens « Mon
contrat », reads the figures and downloads the contract as PDF. Staff open the
contracts list, the contract, its variable part and back, and renew it for one year at
the other level with a reason. Every page passes axe.
"""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from eig.contracts.models import Contract
from eig.contracts.services import offers as services
from eig.contracts.services.contracts import contract_documents_generate
from tests.contracts.offers import make_open_offer
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import CandidateFactory, CandidateProfileFactory, StaffFactory


@pytest.fixture
def contract(transactional_db):
    person = CandidateFactory(first_name="Ada", last_name="Lovelace")
    profile = CandidateProfileFactory(user=person, complete=True, experience_years=3)
    offer = make_open_offer(candidate=profile)
    services.offer_accept(offer=offer, by=person)
    return contract_documents_generate(contract_id=Contract.objects.get(offer=offer).pk)


def test_the_eig_downloads_their_contract_and_staff_renew_it(page, live_server, contract):
    sign_in_as(page, live_server, contract.person)
    page.goto(live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Mon contrat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon contrat")
    expect(page.get_by_text(contract.challenge.title).first).to_be_visible()
    expect(page.get_by_text("4\u202f250,00\u00a0€").first).to_be_visible()
    breadcrumb = page.get_by_role("navigation", name="vous êtes ici :")
    expect(breadcrumb.get_by_role("link", name="Mon espace", include_hidden=True)).to_have_count(1)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le contrat").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    text = " ".join(reader.pages[0].extract_text().split()).replace("\xa0", " ")
    assert "Ada Lovelace" in text
    assert "4 250,00 €" in text

    page.context.clear_cookies()
    sign_in_as(page, live_server, StaffFactory())
    page.goto(live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Contrats")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrats de projet")
    assert_accessible(page)

    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrat de Ada Lovelace")
    expect(page.get_by_text("Contrat créé")).to_be_visible()
    assert_accessible(page)

    # The variable part is reached from the contract it belongs to, and leads back.
    page.get_by_role("link", name="Enregistrer la part variable").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Part variable de Ada Lovelace")
    assert_accessible(page)
    page.get_by_role("link", name="Retour au contrat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrat de Ada Lovelace")

    page.get_by_label("Niveau du nouveau contrat").select_option("2")
    page.get_by_role("button", name="Renouveler le contrat").click()
    expect(page.get_by_text("Indiquez la raison du changement de niveau.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Raison du changement de niveau").fill("Responsabilités élargies")
    page.get_by_role("button", name="Renouveler le contrat").click()
    expect(page.get_by_text("Le contrat est renouvelé pour un an.")).to_be_visible()
    expect(page.get_by_role("link", name="contrat précédent")).to_be_visible()
    assert_accessible(page)

    renewal = Contract.objects.get(renewal_of=contract)
    assert (renewal.level, str(renewal.monthly_net)) == (2, "5000.00")
    assert renewal.level_change_reason == "Responsabilités élargies"
