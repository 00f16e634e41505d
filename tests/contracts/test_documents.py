"""The contract and the offer letter as PDF: generated, readable, downloadable by the EIG
concerned and staff only."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from eig.contracts.documents import euros, percent
from eig.contracts.services.contracts import contract_documents_generate
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from tests.contracts.accepted import accepted_contract
from tests.factories import AgentFactory, CandidateFactory, CoachFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _text(file) -> str:
    with file.open("rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def _generated(**kwargs):
    contract = accepted_contract(**kwargs)
    contract.person.first_name, contract.person.last_name = "Ada", "Lovelace"
    contract.person.save()
    return contract_documents_generate(contract_id=contract.pk)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("4250"), "4 250,00 €"),
        (Decimal("3060.00"), "3 060,00 €"),
        (Decimal("999.995"), "1 000,00 €"),
        (Decimal("12"), "12,00 €"),
        (Decimal("1234567.8"), "1 234 567,80 €"),
    ],
)
def test_euros_in_french(amount, text):
    assert euros(amount).replace("\u202f", " ").replace("\xa0", " ") == text


def test_percent_in_french():
    assert percent(Decimal("6.00")).replace("\xa0", " ") == "6 %"
    assert percent(Decimal("10.00")).replace("\xa0", " ") == "10 %"
    assert percent(Decimal("7.50")).replace("\xa0", " ") == "7,5 %"


def test_the_level_1_contract_pdf_carries_parties_dates_and_amounts():
    contract = _generated(experience=3, start_date=datetime.date(2026, 9, 1))
    text = _text(contract.contract_pdf)
    assert "Direction interministérielle du numérique (DINUM)" in text
    assert "Ada Lovelace" in text
    assert contract.challenge.title in text
    assert str(contract.challenge.organisation) in text
    assert "01/09/2026" in text
    assert "31/08/2027" in text
    assert "Niveau 1" in text
    assert "4 250,00 €" in text
    assert "6 %" in text
    assert "3 060,00 €" in text
    assert "renouvelé" in text
    assert event_list_for(contract).filter(action=HistoryAction.DOCUMENTS_GENERATED).count() == 1


def test_the_level_2_offer_letter_pdf_carries_the_amounts():
    contract = _generated(experience=12, start_date=datetime.date(2027, 1, 4))
    text = _text(contract.offer_letter_pdf)
    assert "Lettre d’offre" in text or "Lettre d'offre" in text
    assert "Ada Lovelace" in text
    assert "04/01/2027" in text
    assert "03/01/2028" in text
    assert "5 000,00 €" in text
    assert "10 %" in text
    assert "6 000,00 €" in text


def test_generating_again_replaces_the_files():
    contract = _generated()
    first = contract.contract_pdf.name
    again = contract_documents_generate(contract_id=contract.pk)
    assert again.contract_pdf.name
    assert again.contract_pdf.storage.exists(again.contract_pdf.name)
    assert first == again.contract_pdf.name or not contract.contract_pdf.storage.exists(first)


def test_the_documents_are_generated_after_the_acceptance_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = accepted_contract()
    contract.refresh_from_db()
    assert contract.contract_pdf
    assert contract.offer_letter_pdf


def test_the_eig_gets_the_link_to_their_contract_once_its_pdf_is_ready(settings):
    contract = accepted_contract(start_date=datetime.date(2026, 9, 1))
    assert not Email.objects.filter(template="contract_documents_ready").exists()

    contract_documents_generate(contract_id=contract.pk)
    contract_documents_generate(contract_id=contract.pk)

    email = Email.objects.get(template="contract_documents_ready")
    assert email.to == contract.person.email
    assert "du 1er septembre 2026 au 31 août 2027" in email.subject
    download = settings.SITE_URL + reverse("contracts:download", args=[contract.pk, "contrat"])
    assert download in email.body_text
    assert f'href="{download}"' in email.body_html


@pytest.mark.parametrize("document", ["contrat", "lettre-offre"])
def test_the_eig_and_staff_download(client, document):
    contract = _generated()
    for user in (contract.person, StaffFactory()):
        client.force_login(user)
        response = client.get(reverse("contracts:download", args=[contract.pk, document]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_nobody_else_downloads(client):
    contract = _generated()
    url = reverse("contracts:download", args=[contract.pk, "contrat"])
    others = [
        CandidateFactory(),
        AgentFactory(organisation=contract.challenge.organisation),
        CoachFactory(),
    ]
    for user in others:
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_an_unknown_document_or_one_not_generated_is_404(client):
    contract = accepted_contract()
    client.force_login(contract.person)
    assert (
        client.get(reverse("contracts:download", args=[contract.pk, "contrat"])).status_code == 404
    )
    assert client.get(reverse("contracts:download", args=[contract.pk, "autre"])).status_code == 404
