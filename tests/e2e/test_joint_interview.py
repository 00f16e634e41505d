"""Staff propose a pool candidate to a recruiting défi; its administration's jury meets them.

Staff open the proposals for the défi, see the pool candidate who wished it first and
propose them; the défi's agent is told, sees only that candidate (not the one proposed to
another administration's défi) and downloads the CV; staff schedule a joint interview
(everyone invited gets an e-mail with a calendar); the agent records the jury's opinion
and ranks the candidate. Every page passes axe.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.core.templatetags.eig_french import french_date
from eig.notifications.models import Email
from eig.selection.models import Proposal
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import (
    AgentFactory,
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.selection.ics import parse
from tests.selection.interview_world import wish


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


def _pool(first, last, track="product"):
    user = CandidateFactory(first_name=first, last_name=last)
    profile = CandidateProfileFactory(user=user, complete=True, track=track, experience_years=14)
    return CandidacyFactory(candidate=profile, status="pool")


@pytest.fixture
def arranged(transactional_db):
    organisation = OrganisationFactory(name="Direction des services agricoles")
    challenge = ChallengeFactory(
        organisation=organisation,
        complete=True,
        status="recruiting",
        title="Simplifier les aides agricoles",
        wants_product=True,
        wants_tech=False,
    )
    agent = AgentFactory(organisation=organisation, first_name="Paul", last_name="Agent")
    claire = _pool("Claire", "Dubois")
    wish(candidacy=claire, challenge=challenge, rank=1)
    elsewhere = ChallengeFactory(complete=True, status="recruiting", title="Un autre défi")
    someone_else = _pool("Bruno", "Ailleurs")
    Proposal.objects.create(candidacy=someone_else, challenge=elsewhere)
    staff = StaffFactory(first_name="Anne", last_name="Équipe")
    return {
        "challenge": challenge,
        "agent": agent,
        "claire": claire,
        "staff": staff,
    }


def test_a_pool_candidate_is_proposed_met_and_ranked_by_the_jury(page, live_server, arranged):
    challenge, agent, staff = arranged["challenge"], arranged["agent"], arranged["staff"]
    claire = arranged["claire"]

    # Staff propose Claire, who wished this défi first.
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("interviews:proposal_challenges"))
    assert_accessible(page)
    page.get_by_role("link", name="Simplifier les aides agricoles").click()
    expect(page.get_by_text("vœu n° 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Proposer Claire Dubois").click()
    expect(page.get_by_text("ses agents sont prévenus")).to_be_visible()
    assert_accessible(page)
    proposal = Proposal.objects.get(candidacy=claire, challenge=challenge)
    assert Email.objects.filter(template="proposal_made", to=agent.email).exists()

    # The défi's agent sees only Claire, and her CV.
    _as(page, live_server, agent)
    page.goto(live_server.url + reverse("interviews:jury_index"))
    assert_accessible(page)
    page.get_by_role("link", name="Simplifier les aides agricoles").click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Claire Dubois")).to_be_visible()
    expect(page.get_by_text("Bruno Ailleurs")).to_have_count(0)
    page.get_by_role("link", name="Claire Dubois").click()
    expect(page.get_by_text("Le jury donne son avis après l’entretien conjoint.")).to_be_visible()
    assert_accessible(page)
    cv_link = page.get_by_role("link", name="Télécharger le CV de Claire Dubois (PDF)")
    cv = page.request.get(live_server.url + cv_link.get_attribute("href"))
    assert cv.status == 200
    assert cv.body().startswith(b"%PDF")
    assert "attachment" in cv.headers["content-disposition"]

    # Staff schedule the joint interview.
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("interviews:proposal_page", kwargs={"pk": challenge.pk}))
    page.get_by_role("link", name="Programmer l’entretien conjoint de Claire Dubois").click()
    assert_accessible(page)
    day = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("10:00")
    page.get_by_label("Lien de visioconférence").fill("https://visio.numerique.gouv.fr/eig-jury")
    page.get_by_label("Personnes qui mènent l’entretien").select_option(str(staff.pk))
    page.get_by_role("button", name="Programmer et envoyer les invitations").click()
    expect(page.get_by_text("L’entretien conjoint est programmé")).to_be_visible()
    assert_accessible(page)
    invitations = Email.objects.filter(template="interview_invitation")
    assert set(invitations.values_list("to", flat=True)) == {
        claire.candidate.user.email,
        staff.email,
        agent.email,
    }
    for email in invitations:
        (event,) = parse(email.attachments[0]["content"])["events"]
        assert event["DTSTART"].endswith("Z")
        assert event["URL"] == "https://visio.numerique.gouv.fr/eig-jury"

    # The agent records the jury's opinion, then its ranking.
    _as(page, live_server, agent)
    page.goto(
        live_server.url
        + reverse(
            "interviews:jury_candidate", kwargs={"pk": challenge.pk, "proposal_pk": proposal.pk}
        )
    )
    page.get_by_role("button", name="Enregistrer l’avis du jury").click()
    expect(page.get_by_role("textbox", name="Avis du jury")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)
    page.get_by_label("Décision du jury").select_option("retained")
    page.get_by_role("textbox", name="Avis du jury").fill("Une vraie expérience de produit public.")
    page.get_by_role("button", name="Enregistrer l’avis du jury").click()
    expect(page.get_by_text("L’avis du jury est enregistré.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rang de Claire Dubois").select_option("1")
    page.get_by_role("button", name="Enregistrer le classement").click()
    expect(page.get_by_text("Le classement du jury est enregistré.")).to_be_visible()
    # The jury's table gives the interview's date, under the jury's menu entry.
    expect(page.get_by_role("table")).to_contain_text(f"{french_date(day)} à 10:00")
    expect(page.locator(".fr-nav__link[aria-current]")).to_have_text("Candidat·es proposé·es")
    assert_accessible(page)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.jury_rank) == ("retained", 1)
    assert proposal.jury_opinion == "Une vraie expérience de produit public."
