"""The whole life of a défi, through the pages, for the four people concerned.

An agent drafts a défi, is told what is missing section by section, completes and
submits it; staff request a change, the agent answers and resubmits; staff ask a coach
for an opinion, the coach gives it; staff select the défi and open recruitment; an
anonymous visitor finds it in the public catalogue, whose page was 404 before. Each
person gets the expected e-mails, and every page visited passes axe.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.challenges.services import challenges as services
from eig.notifications.models import Email
from eig.programmes.models import Promotion
from tests.challenges.instruction import submitted_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import (
    AgentFactory,
    CoachFactory,
    OrganisationFactory,
    PriorityPolicyFactory,
    StaffFactory,
    open_round,
)
from tests.pdfs import minimal_pdf
from tests.public.programme_data import TEST_PROMOTION_NUMBER, eig_programme_with_settings

TITLE = "Réduire le délai des aides au logement"
PDF = minimal_pdf()
# Screenshots of every page, for a human look: /tmp/journey-*.png
SHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def world(transactional_db):
    eig_programme_with_settings()
    promotion = Promotion.objects.get(number=TEST_PROMOTION_NUMBER)
    organisation = OrganisationFactory(name="Caisse nationale des allocations familiales")
    other_coach = CoachFactory(first_name="Dominique", last_name="Autre")
    return {
        "agent": AgentFactory(first_name="Alex", last_name="Martin", organisation=organisation),
        "staff": StaffFactory(first_name="Sam", last_name="Équipe"),
        "coach": CoachFactory(first_name="Camille", last_name="Coach"),
        "other_coach": other_coach,
        "round": open_round(promotion=promotion),
        "policy": PriorityPolicyFactory(name="Transition écologique"),
    }


def _person(browser, live_server, user):
    """A browser of its own for one person, signed in."""
    page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    sign_in_as(page, live_server, user)
    return page


def _visit(page, name: str) -> None:
    """Every page visited passes axe; a screenshot is kept for a human look."""
    page.screenshot(path=SHOTS / f"journey-{name}.png", full_page=True)
    assert_accessible(page)


def _h1(page):
    return page.get_by_role("heading", level=1)


def _choose(page, label: str) -> None:
    page.locator("label", has_text=label).click()


def _next(page) -> None:
    page.get_by_role("button", name="Enregistrer et passer à la section suivante").click()


def _public_status(visitor, live_server, challenge) -> int:
    url = live_server.url + reverse("challenges:public_detail", kwargs={"pk": challenge.pk})
    response = visitor.goto(url)
    assert response is not None
    return response.status


def _emails(to: str, template: str) -> list[Email]:
    return list(Email.objects.filter(to=to, template=template).order_by("pk"))


def _draft_and_submit(agent_page, live_server, visitor) -> Challenge:
    page = agent_page
    page.goto(live_server.url + reverse("accounts:dashboard"))
    _visit(page, "01-agent-dashboard")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes défis"
    ).click()
    expect(_h1(page)).to_have_text("Mes défis")
    _visit(page, "02-agent-list-empty")
    page.get_by_role("link", name="Proposer un défi").first.click()
    expect(_h1(page)).to_have_text("Proposer un défi")
    _visit(page, "03-agent-create")
    page.get_by_label("Titre du défi").fill(TITLE)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(_h1(page)).to_have_text(TITLE)
    _visit(page, "04-agent-draft")
    challenge = Challenge.objects.get(title=TITLE)
    assert challenge.status == ChallengeStatus.DRAFT
    assert _public_status(visitor, live_server, challenge) == 404

    # Trying to submit: what is missing, section by section, and no way to confirm.
    page.get_by_role("link", name="Déposer le défi").click()
    missing = page.locator("#manquants")
    expect(missing).to_contain_text("Le problème : la description du problème, qui souffre")
    expect(missing).to_contain_text("Le sponsor : le nom du sponsor")
    expect(missing).to_contain_text("Les indicateurs de réussite : au moins un indicateur")
    expect(missing).to_contain_text("Les profils recherchés")
    expect(page.get_by_role("button", name="Confirmer le dépôt")).to_have_count(0)
    _visit(page, "05-agent-submit-missing")

    missing.get_by_role("link", name="Le problème").click()
    expect(_h1(page)).to_have_text("Le problème")
    _visit(page, "06-agent-problem")
    page.locator("#id_problem").fill("Les demandes d’aide attendent trois mois en moyenne.")
    page.locator("#id_affected_users").fill("40 000 foyers par an et 200 agents instructeurs.")
    _next(page)
    expect(_h1(page)).to_have_text("La politique prioritaire")
    _visit(page, "07-agent-policy")
    _choose(page, "Transition écologique")
    _next(page)
    expect(_h1(page)).to_have_text("Le sponsor")
    _visit(page, "08-agent-sponsor")
    page.locator("#id_sponsor_name").fill("Claire Dupont")
    page.locator("#id_sponsor_role").fill("Directrice générale")
    page.locator("#id_sponsor_commitment").fill("Un point toutes les deux semaines avec l’équipe.")
    _next(page)
    expect(_h1(page)).to_have_text("Le plan d’expérimentation")
    _visit(page, "09-agent-plan")
    page.locator("#id_first_users").fill("Deux caisses pilotes.")
    page.locator("#id_plan_3_months").fill("Un formulaire en ligne testé par 50 foyers.")
    page.locator("#id_plan_6_months").fill("Le service ouvert dans 10 départements.")
    _next(page)
    expect(_h1(page)).to_have_text("L’équipe, le budget et l’autonomie")
    _visit(page, "10-agent-team")
    page.locator("#id_team").fill("Une cheffe de projet à plein temps.")
    page.locator("#id_budget").fill("150 000 € par an.")
    page.locator("#id_autonomy").fill("L’équipe choisit ses outils et publie son code.")
    _next(page)
    expect(_h1(page)).to_have_text("L’approche beta.gouv.fr")
    _visit(page, "11-agent-approach")
    _choose(page, "Le projet a besoin d’une phase d’investigation")
    _next(page)
    expect(_h1(page)).to_have_text("Les profils recherchés")
    _visit(page, "12-agent-profiles")
    _choose(page, "Un·e directeur·rice produit")
    _choose(page, "Un·e directeur·rice technique")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(_h1(page)).to_have_text(TITLE)
    expect(page.locator("#completude")).to_contain_text("Les indicateurs de réussite")
    page.get_by_role("link", name="Ajouter un indicateur").click()
    expect(_h1(page)).to_have_text("Ajouter un indicateur")
    _visit(page, "13-agent-indicator")
    page.locator("#id_name").fill("Délai moyen de traitement")
    page.locator("#id_baseline").fill("90")
    page.locator("#id_target").fill("15")
    page.locator("#id_unit").fill("jours")
    page.locator("#id_data_source").fill("Tableau de bord des caisses")
    page.get_by_role("button", name="Enregistrer l’indicateur").click()
    expect(page.get_by_text("Le dossier est complet")).to_be_visible()

    page.get_by_role("link", name="Ajouter une pièce jointe").click()
    expect(_h1(page)).to_have_text("Ajouter une pièce jointe")
    _visit(page, "14-agent-attachment")
    page.get_by_label("Document PDF").set_input_files(
        {"name": "lettre-sponsor.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Ajouter le document").click()
    expect(page.get_by_role("link", name="Télécharger lettre-sponsor.pdf")).to_be_visible()
    _visit(page, "15-agent-complete")

    page.get_by_role("link", name="Déposer le défi").click()
    _visit(page, "16-agent-submit-confirm")
    page.get_by_role("button", name="Confirmer le dépôt pour la session").click()
    expect(page.get_by_text("Votre défi est déposé")).to_be_visible()
    expect(page.locator(".fr-badge").first).to_have_text("Déposé")
    _visit(page, "17-agent-submitted")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert _public_status(visitor, live_server, challenge) == 404
    return challenge


def test_a_défi_from_draft_to_the_public_catalogue(browser, live_server, world):
    agent, staff, coach = world["agent"], world["staff"], world["coach"]
    # Another défi awaits another coach's opinion: our coach must not see it.
    elsewhere = submitted_challenge(title="Un défi d’une autre administration")
    services.opinion_request(challenge=elsewhere, coach=world["other_coach"], by=staff)
    Email.objects.all().delete()

    visitor = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    agent_page = _person(browser, live_server, agent)
    staff_page = _person(browser, live_server, staff)
    coach_page = _person(browser, live_server, coach)

    # 1. The agent drafts, is told what is missing, completes and submits.
    challenge = _draft_and_submit(agent_page, live_server, visitor)
    assert len(_emails(agent.email, "challenge_submitted")) == 1
    assert len(_emails(staff.email, "challenge_submitted_staff")) == 1

    # 2. Staff find the défi and request a change with a message.
    staff_page.goto(live_server.url + reverse("accounts:dashboard"))
    staff_page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Défis à instruire"
    ).click()
    expect(_h1(staff_page)).to_have_text("Défis à instruire")
    _visit(staff_page, "20-staff-list")
    staff_page.get_by_role("link", name=TITLE).click()
    expect(_h1(staff_page)).to_have_text(TITLE)
    expect(staff_page.get_by_text("Dossier complet")).to_be_visible()
    _visit(staff_page, "21-staff-detail")
    staff_page.locator(
        "label[for=decision_action_request_changes]"
    ).click()  # Demander des modifications
    staff_page.get_by_role("textbox", name=re.compile("Message à l’administration")).fill(
        "Précisez qui, dans votre administration, rejoint l’équipe."
    )
    staff_page.get_by_role("button", name="Appliquer la décision").click()
    expect(staff_page.locator(".fr-badge").first).to_contain_text("Modifications demandées")
    _visit(staff_page, "22-staff-changes-requested")
    change_request = _emails(agent.email, "challenge_status_changed")
    assert len(change_request) == 1
    assert "Précisez qui, dans votre administration, rejoint l’équipe." in (
        change_request[0].body_text
    )

    # 3. The agent reads the message on the défi, edits a section and resubmits.
    agent_page.goto(live_server.url + reverse("challenges:detail", kwargs={"pk": challenge.pk}))
    message = agent_page.locator("#message-equipe")
    expect(message).to_contain_text("Précisez qui, dans votre administration, rejoint l’équipe.")
    expect(message).to_contain_text("Sam Équipe")
    _visit(agent_page, "30-agent-changes-requested")
    assert _public_status(visitor, live_server, challenge) == 404
    agent_page.locator("#section-team").get_by_role("link", name="Modifier").click()
    expect(_h1(agent_page)).to_have_text("L’équipe, le budget et l’autonomie")
    _visit(agent_page, "31-agent-team-edit")
    agent_page.locator("#id_team").fill(
        "Une cheffe de projet à plein temps et un développeur de la DSI à mi-temps."
    )
    agent_page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(agent_page.locator("#section-team")).to_contain_text("un développeur de la DSI")
    agent_page.get_by_role("link", name="Déposer à nouveau le défi").click()
    _visit(agent_page, "32-agent-resubmit-confirm")
    agent_page.get_by_role("button", name="Confirmer le nouveau dépôt").click()
    expect(agent_page.locator(".fr-badge").first).to_have_text("Déposé")
    expect(agent_page.locator("#historique")).to_contain_text("Modifications demandées → Déposé")
    _visit(agent_page, "33-agent-resubmitted")
    assert len(_emails(agent.email, "challenge_submitted")) == 2
    assert len(_emails(staff.email, "challenge_submitted_staff")) == 2

    # 4. Staff ask the coach for an opinion.
    detail = live_server.url + reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})
    staff_page.goto(detail)
    expect(staff_page.get_by_text("un développeur de la DSI")).to_be_visible()
    staff_page.get_by_label("Coach beta.gouv.fr").select_option(label="Camille Coach")
    staff_page.get_by_label("Message au coach").fill("L’équipe tient-elle la route ?")
    staff_page.get_by_role("button", name="Demander l’avis").click()
    expect(staff_page.get_by_text("Avis demandé à Camille Coach")).to_be_visible()
    _visit(staff_page, "40-staff-opinion-requested")
    to_coach = _emails(coach.email, "opinion_requested")
    assert len(to_coach) == 1
    assert "L’équipe tient-elle la route ?" in to_coach[0].body_text

    # 5. The coach sees only that défi and gives a favourable opinion.
    coach_page.goto(live_server.url + reverse("accounts:dashboard"))
    coach_page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Avis demandés"
    ).click()
    expect(coach_page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(coach_page.get_by_text("Un défi d’une autre administration")).to_have_count(0)
    expect(coach_page.get_by_role("table")).to_have_count(1)
    _visit(coach_page, "50-coach-list")
    coach_page.get_by_role("link", name=TITLE).click()
    expect(coach_page.get_by_text("L’équipe tient-elle la route ?")).to_be_visible()
    _visit(coach_page, "51-coach-detail")
    coach_page.get_by_role("radio", name="Favorable", exact=True).check(force=True)
    coach_page.get_by_label("Argumentaire").fill("Sponsor engagé, équipe crédible.")
    coach_page.get_by_role("button", name="Transmettre mon avis").click()
    expect(coach_page.get_by_text("votre avis a été transmis")).to_be_visible()
    _visit(coach_page, "52-coach-given")
    assert len(_emails(staff.email, "opinion_given_staff")) == 1

    # 6. Staff read the opinion, select the défi with a reason, then open recruitment.
    staff_page.goto(detail)
    expect(staff_page.get_by_text("Sponsor engagé, équipe crédible.")).to_be_visible()
    staff_page.locator("label[for=decision_action_select]").click()
    staff_page.get_by_role("textbox", name=re.compile("Message à l’administration")).fill(
        "Un défi prioritaire et bien porté."
    )
    staff_page.get_by_role("button", name="Appliquer la décision").click()
    expect(staff_page.locator(".fr-badge").first).to_contain_text("Retenu")
    _visit(staff_page, "60-staff-selected")
    staff_page.get_by_role("button", name="Ouvrir le recrutement").click()
    expect(staff_page.locator(".fr-badge").first).to_contain_text("En recrutement")
    _visit(staff_page, "61-staff-recruiting")
    decisions = _emails(agent.email, "challenge_status_changed")
    assert len(decisions) == 3
    assert "Un défi prioritaire et bien porté." in decisions[1].body_text
    assert "est retenu" in decisions[1].subject
    assert "recrutement est ouvert" in decisions[2].subject

    # 7. An anonymous visitor finds it in the catalogue and opens its page.
    visitor.goto(live_server.url + reverse("challenges:catalogue"))
    expect(_h1(visitor)).to_have_text("Les défis")
    expect(visitor.get_by_text("Un défi d’une autre administration")).to_have_count(0)
    card = visitor.get_by_role("listitem").filter(has_text=TITLE)
    expect(card).to_contain_text("En recrutement")
    expect(card).to_contain_text("Caisse nationale des allocations familiales")
    _visit(visitor, "70-public-catalogue")
    visitor.get_by_role("link", name=TITLE).click()
    expect(_h1(visitor)).to_have_text(TITLE)
    expect(visitor.get_by_text("Les demandes d’aide attendent trois mois")).to_be_visible()
    _visit(visitor, "71-public-detail")
    assert _public_status(visitor, live_server, challenge) == 200

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.RECRUITING
    # Nobody else got e-mails about this défi: the other coach was not asked.
    assert not Email.objects.filter(to=world["other_coach"].email).exists()
