"""The contract and the offer letter as PDF (WeasyPrint, local fonts and CSS only).

The HTML templates live in ``contracts/documents/``; nothing is fetched from the
network: the style is inline and the fonts are the system's.
"""

from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from weasyprint import HTML

from eig.contracts.models import Contract
from eig.core.money import euros, percent

STATE_PARTY = "Direction interministérielle du numérique (DINUM)"


def document_context(contract: Contract) -> dict[str, Any]:
    return {
        "contract": contract,
        "state_party": STATE_PARTY,
        "person": contract.person,
        "challenge": contract.challenge,
        "administration": contract.challenge.organisation,
        "monthly_net": euros(contract.monthly_net),
        "variable_rate": percent(contract.variable_rate),
        "max_variable": euros(contract.max_variable_yearly),
    }


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(f"contracts/documents/{template}.html", context)
    pdf = HTML(string=html, base_url=None).write_pdf()
    if pdf is None:  # write_pdf without a target returns the bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf


def documents_store(contract: Contract) -> None:
    """Render both documents and attach them to ``contract`` (the caller saves it)."""
    context = document_context(contract)
    for field, template, name in (
        ("contract_pdf", "contract", f"contrat-{contract.pk}.pdf"),
        ("offer_letter_pdf", "offer_letter", f"lettre-offre-{contract.pk}.pdf"),
    ):
        file = getattr(contract, field)
        if file:
            file.delete(save=False)
        file.save(name, ContentFile(pdf_render(template, context)), save=False)
