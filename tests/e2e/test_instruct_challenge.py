"""The programme team instructs a défi with a coach's opinion, then selects it.

Staff filter the list and open a submitted défi, add a private note, ask a coach for
an opinion; the coach reads the file and gives it; staff request changes; the agent
resubmits (through the service); staff select the défi with a reason. The agent and
the coach got their e-mails, and every page passes axe.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge, PriorityPolicy
from eig.challenges.services import challenges as services
from eig.notifications.models import Email
from tests.challenges.instruction import submitted_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import AgentFactory, ChallengeFactory, CoachFactory, StaffFactory


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


@pytest.fixture
def people(transactional_db):
    return {
        "agent": AgentFactory(),
        "coach": CoachFactory(first_name="Camille", last_name="Coach"),
        "staff": StaffFactory(),
    }


def test_staff_instruct_a_défi_with_a_coach_and_select_it(page, live_server, people):
    agent, coach, staff = people["agent"], people["coach"], people["staff"]
    challenge = submitted_challenge(agent=agent, title="Simplifier les aides au logement")
    ChallengeFactory(title="Un brouillon d’une autre administration")

    # Staff filter the list on the submitted défis.
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Défis à instruire"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Défis à instruire")
    expect(page.get_by_role("link", name="Un brouillon d’une autre administration")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Statut").select_option(label="Déposé")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Simplifier les aides au logement")).to_be_visible()
    expect(page.get_by_role("link", name="Un brouillon d’une autre administration")).to_have_count(
        0
    )
    assert_accessible(page)

    # They open it and add a private note.
    page.get_by_role("link", name="Simplifier les aides au logement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simplifier les aides au logement")
    expect(page.get_by_text("Dossier complet")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nouvelle annotation").fill("Sponsor rencontré : très engagé.")
    page.get_by_role("button", name="Ajouter l’annotation").click()
    notes = page.get_by_role("region", name="Annotations privées")
    expect(notes.get_by_text("Sponsor rencontré : très engagé.")).to_be_visible()
    history = page.get_by_role("region", name="Historique")
    expect(history).not_to_contain_text("Sponsor rencontré")
    assert_accessible(page)

    # They ask the coach for an opinion.
    page.get_by_label("Coach beta.gouv.fr").select_option(label="Camille Coach")
    page.get_by_label("Message au coach").fill("L’équipe tient-elle la route ?")
    page.get_by_role("button", name="Demander l’avis").click()
    expect(page.get_by_text("Avis demandé à Camille Coach")).to_be_visible()
    assert_accessible(page)

    # The coach signs in, finds the défi and gives a reserved opinion.
    _as(page, live_server, coach)
    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Avis demandés"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Simplifier les aides au logement").click()
    expect(page.get_by_text("L’équipe tient-elle la route ?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Transmettre mon avis").click()
    expect(page.get_by_text("Choisissez un avis")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Réservé").check(force=True)
    page.get_by_label("Argumentaire").fill("Il manque un développeur dans l’équipe.")
    page.get_by_role("button", name="Transmettre mon avis").click()
    expect(page.get_by_text("votre avis a été transmis")).to_be_visible()
    expect(page.get_by_text("Avis réservé")).to_be_visible()
    assert_accessible(page)

    # Staff read the opinion and request changes.
    _as(page, live_server, staff)
    detail = live_server.url + reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})
    page.goto(detail)
    expect(page.get_by_text("Il manque un développeur dans l’équipe.")).to_be_visible()
    # One decision form: the decision first, then one message whose requirement follows it.
    message = page.get_by_role("textbox", name=re.compile("Message à l’administration"))
    expect(page.locator("label[for=decision_message]")).to_contain_text(
        "obligatoire pour « Demander des modifications »"
    )
    page.locator("label[for=decision_action_investigate]").click()
    expect(page.locator("label[for=decision_message]")).to_contain_text(
        "facultatif pour cette décision"
    )
    page.locator("label[for=decision_action_request_changes]").click()
    expect(page.locator("label[for=decision_message]")).to_contain_text(
        "obligatoire pour cette décision"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Appliquer la décision").click()
    expect(page.get_by_text("Écrivez le message qui motive cette décision")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("Demander des modifications"))).to_be_checked()
    assert_accessible(page)
    message.fill("Précisez qui rejoint l’équipe.")
    page.get_by_role("button", name="Appliquer la décision").click()
    expect(page.get_by_text("L’administration en est informée")).to_be_visible()
    expect(page.locator(".fr-badge").first).to_contain_text("Modifications demandées")
    assert_accessible(page)

    # The agent answers and resubmits.
    challenge.refresh_from_db()
    services.challenge_update(
        challenge=challenge, by=agent, data={"team": "Un agent et un développeur à plein temps."}
    )
    services.challenge_submit(challenge=challenge, by=agent)

    # Staff select it, with a reason.
    page.goto(detail)
    page.locator("label[for=decision_action_select]").click()
    message.fill("Un défi prioritaire et bien porté.")
    page.get_by_role("button", name="Appliquer la décision").click()
    expect(page.get_by_text("L’administration en est informée")).to_be_visible()
    expect(page.locator(".fr-badge").first).to_contain_text("Retenu")
    expect(page.get_by_text("Un défi prioritaire et bien porté.").first).to_be_visible()
    assert_accessible(page)

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SELECTED
    to_agent = Email.objects.filter(to=agent.email, template="challenge_status_changed")
    assert to_agent.count() == 2
    assert any("Précisez qui rejoint l’équipe." in email.body_text for email in to_agent)
    assert any("Un défi prioritaire et bien porté." in email.body_text for email in to_agent)
    to_coach = Email.objects.get(to=coach.email, template="opinion_requested")
    assert "L’équipe tient-elle la route ?" in to_coach.body_text
    assert Email.objects.filter(to=staff.email, template="opinion_given_staff").exists()


def test_staff_keep_the_priority_policies_up_to_date(page, live_server, people):
    _as(page, live_server, people["staff"])
    page.goto(live_server.url + reverse("challenges:staff_list"))
    page.get_by_role("link", name="Politiques prioritaires").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une politique").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_label("Intitulé")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Intitulé").fill("Transition écologique")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("link", name="Transition écologique")).to_be_visible()

    page.get_by_role("link", name="Transition écologique").click()
    assert_accessible(page)
    page.get_by_label("Proposée aux administrations").uncheck(force=True)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Politique « Transition écologique » enregistrée.")).to_be_visible()
    assert not PriorityPolicy.objects.get(name="Transition écologique").is_active
    assert Challenge.objects.count() == 0


def test_staff_decide_on_several_défis_at_once(page, live_server, people):
    first = submitted_challenge(title="Premier dépôt")
    second = submitted_challenge(title="Second dépôt")
    ChallengeFactory(title="Brouillon en cours")
    _as(page, live_server, people["staff"])
    page.goto(live_server.url + reverse("challenges:staff_list"))
    for title in ("Premier dépôt", "Second dépôt", "Brouillon en cours"):
        page.get_by_role("checkbox", name=f"Sélectionner « {title} »").check(force=True)
    page.get_by_role("combobox", name="Décision").select_option(label="Ouvrir l’investigation")
    page.get_by_role("button", name="Appliquer aux défis cochés").click()
    expect(page.get_by_text("appliqué à 2 défi(s)")).to_be_visible()
    expect(page.get_by_text("refusé pour « Brouillon en cours »")).to_be_visible()
    assert_accessible(page)
    statuses = set(
        Challenge.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == {ChallengeStatus.INVESTIGATION}


def test_staff_page_through_the_défis_to_instruct(page, live_server, people, settings):
    settings.PAGE_SIZE = 2
    for index in range(3):
        ChallengeFactory(title=f"Un défi à instruire n° {index + 1}")

    _as(page, live_server, people["staff"])
    page.goto(live_server.url + reverse("challenges:staff_list"))
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.get_by_role("link", name="Page précédente")).to_have_attribute(
        "aria-disabled", "true"
    )
    assert_accessible(page)

    pagination.get_by_role("link", name="Page suivante").click()
    expect(pagination.get_by_text("Page 2 sur 2")).to_be_visible()
    assert_accessible(page)
