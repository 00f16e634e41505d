"""An agent proposes a défi: drafts it, is told what is missing, completes it, submits it.

The agent creates a draft from "Mes défis", tries to submit it and is told what is
missing section by section; they fill every section (one indicator, a PDF attachment
after a fake one is refused), submit it to the open round, and see the confirmation,
the receipt e-mail and the history. Every page passes axe.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.impact.history_import import history_import
from eig.notifications.models import Email
from eig.organisations.models import Membership
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import AgentFactory, PriorityPolicyFactory, RoundFactory, StaffFactory
from tests.impact.history import defi, personne, write_source
from tests.pdfs import minimal_pdf

PDF = minimal_pdf()


@pytest.fixture
def arranged(transactional_db):
    organisation_agent = AgentFactory(first_name="Alex", last_name="Martin")
    return {
        "agent": organisation_agent,
        "staff": StaffFactory(),
        "round": RoundFactory(opens_on=timezone.localdate() - datetime.timedelta(days=2)),
        "policy": PriorityPolicyFactory(name="Transition écologique"),
    }


def _heading(page):
    return page.get_by_role("heading", level=1)


def _choose(page, label):
    """Tick a DSFR radio button or checkbox the way a person does: on its label."""
    page.locator("label", has_text=label).click()


def _save_and_continue(page):
    page.get_by_role("button", name="Enregistrer et passer à la section suivante").click()


def test_an_agent_drafts_completes_and_submits_a_défi(page, live_server, arranged):
    agent, open_round = arranged["agent"], arranged["round"]
    sign_in_as(page, live_server, agent)

    # "Mes défis" is empty and guides to a first défi.
    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes défis"
    ).click()
    expect(_heading(page)).to_have_text("Mes défis")
    expect(page.get_by_text("Proposez votre premier défi")).to_be_visible()
    assert_accessible(page)

    # The agent gives a title: a draft is created.
    page.get_by_role("link", name="Proposer un défi").first.click()
    expect(_heading(page)).to_have_text("Proposer un défi")
    assert_accessible(page)
    page.get_by_label("Titre du défi").fill("Réduire le délai des aides au logement")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(_heading(page)).to_have_text("Réduire le délai des aides au logement")
    expect(page.get_by_text("Votre brouillon est créé")).to_be_visible()
    expect(page.get_by_text("Ce qu’il reste à compléter avant de déposer le défi")).to_be_visible()
    assert_accessible(page)
    challenge = Challenge.objects.get()

    # Trying to submit: what is missing, section by section, and no way to confirm.
    page.get_by_role("link", name="Déposer le défi").click()
    expect(_heading(page)).to_have_text("Déposer le défi")
    missing = page.locator("#manquants")
    expect(missing).to_contain_text("Le problème : la description du problème, qui souffre")
    expect(missing).to_contain_text("Le sponsor : le nom du sponsor")
    expect(missing).to_contain_text("Les indicateurs de réussite : au moins un indicateur")
    expect(missing).to_contain_text("Les profils recherchés")
    expect(page.get_by_role("button", name="Confirmer le dépôt")).to_have_count(0)
    assert_accessible(page)

    # The agent fills the sections one after the other.
    missing.get_by_role("link", name="Le problème").click()
    expect(_heading(page)).to_have_text("Le problème")
    assert_accessible(page)
    page.locator("#id_problem").fill("Les demandes d’aide attendent trois mois en moyenne.")
    page.locator("#id_affected_users").fill("40 000 foyers par an et 200 agents instructeurs.")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("La politique prioritaire")
    page.get_by_text("Autre", exact=True).click()
    _save_and_continue(page)
    expect(page.get_by_text("Précisez la politique prioritaire")).to_be_visible()
    assert_accessible(page)
    _choose(page, "Transition écologique")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("Le sponsor")
    assert_accessible(page)
    page.locator("#id_sponsor_name").fill("Claire Dupont")
    page.locator("#id_sponsor_role").fill("Directrice générale")
    page.locator("#id_sponsor_commitment").fill("Un point toutes les deux semaines avec l’équipe.")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("Le plan d’expérimentation")
    assert_accessible(page)
    page.locator("#id_first_users").fill("Deux caisses pilotes.")
    page.locator("#id_plan_3_months").fill("Un formulaire en ligne testé par 50 foyers.")
    page.locator("#id_plan_6_months").fill("Le service ouvert dans 10 départements.")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("L’équipe, le budget et l’autonomie")
    assert_accessible(page)
    page.locator("#id_team").fill("Une cheffe de projet à plein temps.")
    page.locator("#id_budget").fill("150 000 € par an.")
    page.locator("#id_autonomy").fill("L’équipe choisit ses outils et publie son code.")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("L’approche beta.gouv.fr")
    assert_accessible(page)
    _choose(page, "Le projet a besoin d’une phase d’investigation")
    _save_and_continue(page)

    expect(_heading(page)).to_have_text("Les profils recherchés")
    assert_accessible(page)
    _choose(page, "Un·e directeur·rice produit")
    _choose(page, "Un·e directeur·rice technique")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    # Back on the défi: only the indicator is missing. The agent adds one.
    expect(_heading(page)).to_have_text("Réduire le délai des aides au logement")
    completeness = page.locator("#completude")
    expect(completeness).to_contain_text("Les indicateurs de réussite")
    expect(completeness).not_to_contain_text("Le sponsor")
    page.get_by_role("link", name="Ajouter un indicateur").click()
    expect(_heading(page)).to_have_text("Ajouter un indicateur")
    assert_accessible(page)
    page.locator("#id_name").fill("Délai moyen de traitement")
    page.locator("#id_baseline").fill("90")
    page.locator("#id_target").fill("15,5")
    page.locator("#id_unit").fill("jours")
    page.locator("#id_data_source").fill("Tableau de bord des caisses")
    page.get_by_role("button", name="Enregistrer l’indicateur").click()
    expect(page.get_by_text("Le dossier est complet")).to_be_visible()
    expect(page.get_by_role("cell", name="15,50 jours")).to_be_visible()

    # A fake PDF is refused with a clear message; a real one is attached.
    page.get_by_role("link", name="Ajouter une pièce jointe").click()
    expect(_heading(page)).to_have_text("Ajouter une pièce jointe")
    assert_accessible(page)
    upload = page.get_by_label("Document PDF")
    upload.set_input_files({"name": "faux.pdf", "mimeType": "application/pdf", "buffer": b"MZ"})
    page.get_by_role("button", name="Ajouter le document").click()
    expect(page.get_by_text("n’est pas un PDF : seuls les PDF sont acceptés")).to_be_visible()
    assert_accessible(page)
    upload.set_input_files(
        {"name": "lettre-sponsor.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Ajouter le document").click()
    expect(page.get_by_text("Pièce jointe « lettre-sponsor.pdf » ajoutée.")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger lettre-sponsor.pdf")).to_be_visible()
    assert_accessible(page)

    # The agent submits to the open round.
    page.get_by_role("link", name="Déposer le défi").click()
    expect(page.locator("#session")).to_contain_text(
        f"Votre défi sera examiné dans la session {open_round.number}"
    )
    assert_accessible(page)
    page.get_by_role(
        "button", name=f"Confirmer le dépôt pour la session {open_round.number}"
    ).click()
    expect(page.get_by_text("Votre défi est déposé")).to_be_visible()
    expect(page.locator(".fr-badge").first).to_have_text("Déposé")
    history = page.locator("#historique")
    expect(history).to_contain_text("Alex Martin")
    expect(history).to_contain_text("Brouillon → Déposé")
    expect(history).to_contain_text("Pièce jointe ajoutée")
    assert_accessible(page)

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert challenge.round == open_round
    receipt = Email.objects.get(template="challenge_submitted", to=agent.email)
    assert "Réduire le délai des aides au logement" in receipt.subject
    assert f"session {open_round.number}" in receipt.body_text
    assert Email.objects.filter(
        template="challenge_submitted_staff", to=arranged["staff"].email
    ).exists()

    # The défi is listed, and the withdrawal page asks before doing anything.
    page.get_by_role("link", name="Retirer le défi").click()
    expect(_heading(page)).to_have_text("Retirer le défi")
    assert_accessible(page)
    page.get_by_role("link", name="Garder le défi").click()
    page.get_by_role("link", name="Mes défis").first.click()
    expect(page.get_by_role("link", name="Réduire le délai des aides au logement")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text(f"Session {open_round.number}")
    assert_accessible(page)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


def test_an_agent_finds_the_imported_défis_of_their_administration_with_their_promotion(
    page, live_server, arranged, tmp_path
):
    agent = arranged["agent"]
    history_import(
        path=write_source(
            tmp_path,
            defis={"alpha.md": defi("Un défi de la 2e promotion", promo="Promotion 2")},
            personnes={"personne-001.md": personne("Personne 001", defis=("Alpha",))},
        )
    )
    imported = Challenge.objects.get(title="Un défi de la 2e promotion")
    Membership.objects.create(user=agent, organisation=imported.organisation)
    sign_in_as(page, live_server, agent)

    page.goto(live_server.url + reverse("challenges:list"))

    row = page.get_by_role("row").filter(has_text="Un défi de la 2e promotion")
    expect(row.get_by_role("cell", name="2e promotion", exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="Repris de l’historique du programme")).to_be_visible()
    expect(row).not_to_contain_text("Pas encore déposé")
    assert_accessible(page)
