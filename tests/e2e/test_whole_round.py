"""A whole round, through the pages, as the issue checks it.

Only people, the round, two recruiting défis and two submitted applications are
arranged. Staff screen both applications and run the automatic assignment (plan, then
confirmation); reviewer A submits a file review; reviewer B cannot see it before
submitting theirs, then sees it. Staff invite Alice to a programme interview (the
invitations carry a valid calendar), put both candidates in the pool and publish,
confirming Bruno's decision made without his reviews (the e-mails go out then, not
before), propose Alice to the agricultural défi and Bruno to another administration's
défi. The défi's agent sees only Alice (Bruno is a 404 by
URL); staff schedule the joint interview; the agent records the jury's opinion and
ranking; staff make the offer at the level derived from experience; Alice accepts it;
her application shows her hired and the round's funnel counts her. Each person uses
their own browser context; every page visited passes axe.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.candidacies.enums import CandidacyStatus
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.notifications.models import Email
from eig.selection.models import Interview, Proposal, Review
from tests.contracts.offers import eig_pay_grid, recruiting_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import (
    AgentFactory,
    OrganisationFactory,
    ReviewerFactory,
    StaffFactory,
)
from tests.selection.ics import parse
from tests.selection.interview_world import wish
from tests.selection.round_setup import selection_round, submitted

FILE_CRITERIA = ("Cohérence du profil", "Expérience entrepreneuriale")


@pytest.fixture
def arranged(transactional_db):
    round_ = selection_round(anonymous=True)
    eig_pay_grid()
    organisation = OrganisationFactory(name="Direction des services agricoles")
    challenge = recruiting_challenge(
        round_.promotion, organisation=organisation, title="Simplifier les aides agricoles"
    )
    elsewhere = recruiting_challenge(round_.promotion, title="Un défi d’une autre administration")
    alice = submitted(
        round_, first_name="Alice", last_name="Durand", track="product", experience_years=12
    )
    bruno = submitted(
        round_, first_name="Bruno", last_name="Petit", track="product", experience_years=4
    )
    wish(candidacy=alice, challenge=challenge, rank=1)
    wish(candidacy=bruno, challenge=elsewhere, rank=1)
    return {
        "round": round_,
        "challenge": challenge,
        "elsewhere": elsewhere,
        "alice": alice,
        "bruno": bruno,
        "agent": AgentFactory(organisation=organisation, first_name="Paul", last_name="Agent"),
        "staff": StaffFactory(first_name="Sam", last_name="Équipe"),
        "reviewer_a": ReviewerFactory(first_name="Ada", last_name="Lovelace"),
        "reviewer_b": ReviewerFactory(first_name="Blaise", last_name="Pascal"),
    }


class People:
    """One browser context per person, signed in once."""

    def __init__(self, browser, live_server, context_args) -> None:
        self.browser, self.live_server, self.context_args = browser, live_server, context_args
        self.contexts: list = []

    def page_for(self, user):
        context = self.browser.new_context(**self.context_args)
        self.contexts.append(context)
        page = context.new_page()
        sign_in_as(page, self.live_server, user)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser, live_server, browser_context_args):
    crowd = People(browser, live_server, browser_context_args)
    yield crowd
    crowd.close()


def _visit(page, url: str):
    response = page.goto(url)
    assert_accessible(page)
    return response


def _heading(page):
    return page.get_by_role("heading", level=1)


def _file_review(page, *, scores: tuple[str, str], comment: str) -> None:
    for label, score in zip(FILE_CRITERIA, scores, strict=True):
        group = page.locator("fieldset", has_text=label)
        group.get_by_label("Note de 0 à 5").select_option(score)
        group.get_by_label("Commentaire").fill(f"{comment} — {label}")
    page.get_by_label("Recommandation générale").select_option(label="Favorable")
    page.get_by_role("button", name="Rendre l’évaluation").click()
    # Submitting is for good: a confirmation says so first.
    expect(page.get_by_text("Une évaluation rendue est définitive")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Rendre définitivement l’évaluation").click()
    expect(page.get_by_text("Votre évaluation est rendue.")).to_be_visible()
    assert_accessible(page)


def _plan_form(page, *, days: int, hour: str) -> None:
    day = timezone.localdate() + datetime.timedelta(days=days)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill(hour)


def _screen_and_assign(page, live_server, arranged) -> None:
    round_ = arranged["round"]
    _visit(page, live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Sélection")
    assert_accessible(page)
    page.get_by_role("link", name=f"Session {round_.number}").click()
    assert_accessible(page)
    page.get_by_label("Choisir Alice Durand").check()
    page.get_by_label("Choisir Bruno Petit").check()
    page.get_by_label("Décision à enregistrer").select_option(label="Recevable")
    page.get_by_role("button", name="Enregistrer la décision groupée").click()
    expect(page.get_by_text("2 décisions enregistrées.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Attribuer les évaluations").click()
    plan = page.get_by_role("table", name="Évaluations à créer")
    expect(plan.get_by_role("row")).to_have_count(5)  # header + 2 applications × 2
    assert_accessible(page)
    assert not Review.objects.exists()
    page.get_by_role("button", name="Confirmer l’attribution").click()
    expect(page.get_by_text("4 évaluations attribuées.")).to_be_visible()
    assert_accessible(page)
    reviewers = {arranged["reviewer_a"].pk, arranged["reviewer_b"].pk}
    for candidacy in (arranged["alice"], arranged["bruno"]):
        assert set(candidacy.reviews.values_list("reviewer_id", flat=True)) == reviewers


def _two_blind_reviews(page_a, page_b, live_server, alice) -> None:
    _visit(page_a, live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page_a, "Mes évaluations")
    assert_accessible(page_a)
    page_a.get_by_role("link", name=f"Dossier n° {alice.pk}").click()
    expect(page_a.get_by_text("Examen anonyme")).to_be_visible()
    expect(page_a.get_by_text("Durand")).to_have_count(0)
    assert_accessible(page_a)
    _file_review(page_a, scores=("5", "4"), comment="Avis d’Ada")

    _visit(page_b, live_server.url + reverse("selection:reviewer_home"))
    page_b.get_by_role("link", name=f"Dossier n° {alice.pk}").click()
    expect(
        page_b.get_by_text(
            "Vous verrez les évaluations des autres personnes une fois la vôtre rendue."
        )
    ).to_be_visible()
    expect(page_b.get_by_text("Avis d’Ada")).to_have_count(0)
    assert_accessible(page_b)
    _file_review(page_b, scores=("4", "4"), comment="Avis de Blaise")
    expect(page_b.get_by_text("Avis d’Ada — Cohérence du profil")).to_be_visible()


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _programme_interview(page, live_server, arranged) -> None:
    alice, reviewer_a = arranged["alice"], arranged["reviewer_a"]
    _visit(page, live_server.url + reverse("interviews:staff_list"))
    page.get_by_role("link", name="Inviter Alice Durand à un entretien").click()
    assert_accessible(page)
    _plan_form(page, days=5, hour="14:30")
    page.get_by_label("Lieu").fill("20 avenue de Ségur, Paris")
    page.get_by_label("Personnes qui mènent l’entretien").select_option(str(reviewer_a.pk))
    page.get_by_role("button", name="Programmer et envoyer les invitations").click()
    expect(page.get_by_text("L’entretien est programmé")).to_be_visible()
    assert_accessible(page)
    interview = Interview.objects.get(candidacy=alice, challenge__isnull=True)
    invitations = Email.objects.filter(template="interview_invitation")
    assert set(invitations.values_list("to", flat=True)) == {
        alice.candidate.user.email,
        reviewer_a.email,
    }
    for email in invitations:
        (attachment,) = email.attachments
        assert attachment["filename"].endswith(".ics")
        assert attachment["mimetype"].startswith("text/calendar")
        calendar = parse(attachment["content"])
        assert calendar["calendar"]["VERSION"] == "2.0"
        assert calendar["calendar"]["METHOD"] == "REQUEST"
        assert calendar["calendar"]["PRODID"]
        (event,) = calendar["events"]
        assert event["UID"]
        assert event["DTSTAMP"]
        assert event["SEQUENCE"] == "0"
        assert event["DTSTART"] == utc_stamp(interview.starts_at)
        assert event["DTEND"] == utc_stamp(
            interview.starts_at + datetime.timedelta(minutes=interview.duration_minutes)
        )
        assert "Ségur" in event["LOCATION"]
        attendees = {value.lower() for _params, value in event["ATTENDEE"]}
        assert f"mailto:{alice.candidate.user.email}".lower() in attendees


def _committee_and_publish(page, live_server, arranged) -> None:
    round_, alice, bruno = arranged["round"], arranged["alice"], arranged["bruno"]
    for candidacy, reason in (
        (alice, "Parcours entrepreneurial solide, évaluations concordantes."),
        (bruno, "Profil produit prometteur."),
    ):
        _visit(page, live_server.url + reverse("selection:application", args=[candidacy.pk]))
        page.get_by_role("combobox", name="Décision du comité").select_option(
            label="Rejoint le vivier"
        )
        page.get_by_role("textbox", name="Raison").fill(reason)
        page.get_by_role("button", name="Enregistrer la décision du comité").click()
        expect(page.get_by_text("La décision du comité est enregistrée.")).to_be_visible()
        assert_accessible(page)
    # Nothing is sent to the candidates before publication.
    assert not Email.objects.filter(template__startswith="selection_").exists()
    alice.refresh_from_db()
    assert alice.status == CandidacyStatus.SUBMITTED

    page.get_by_role("link", name=f"Retour à la session {round_.number}").click()
    assert_accessible(page)
    page.get_by_role("link", name="Publier les décisions de la session").click()
    # Nobody reviewed Bruno's file: his decision is named, and published only once confirmed.
    missing = page.locator("#missing-reviews")
    expect(missing).to_contain_text("Bruno Petit")
    expect(missing).not_to_contain_text("Alice Durand")
    assert_accessible(page)
    page.get_by_role("button", name="Publier les décisions").click()
    expect(page.get_by_text("Rien n’est publié")).to_be_visible()
    assert_accessible(page)
    assert not Email.objects.filter(template__startswith="selection_").exists()
    # The DSFR box is drawn by its label: click it, as a person does.
    page.get_by_text(
        "Je confirme la publication de ces décisions sans toutes leurs évaluations"
    ).click()
    page.get_by_role("button", name="Publier les décisions").click()
    expect(page.get_by_text("2 décisions publiées")).to_be_visible()
    assert_accessible(page)
    alice.refresh_from_db()
    assert alice.status == CandidacyStatus.POOL
    pool_email = Email.objects.get(to=alice.candidate.user.email, template="selection_pool")
    assert "vivier" in pool_email.subject


def _propose(page, live_server, *, challenge_title: str, name: str) -> None:
    _visit(page, live_server.url + reverse("interviews:proposal_challenges"))
    page.get_by_role("link", name=challenge_title).click()
    expect(page.get_by_text("vœu n° 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Proposer {name}").click()
    expect(page.get_by_text("ses agents sont prévenus")).to_be_visible()
    assert_accessible(page)


def _agent_sees_only_alice(page, live_server, arranged) -> Proposal:
    challenge, elsewhere = arranged["challenge"], arranged["elsewhere"]
    proposal = Proposal.objects.get(candidacy=arranged["alice"], challenge=challenge)
    other = Proposal.objects.get(candidacy=arranged["bruno"], challenge=elsewhere)
    _visit(page, live_server.url + reverse("interviews:jury_index"))
    page.get_by_role("link", name="Simplifier les aides agricoles").click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Alice Durand")).to_be_visible()
    expect(page.get_by_text("Bruno Petit")).to_have_count(0)
    page.get_by_role("link", name="Alice Durand").click()
    assert_accessible(page)
    for kwargs in (
        {"pk": elsewhere.pk, "proposal_pk": other.pk},
        {"pk": challenge.pk, "proposal_pk": other.pk},
    ):
        for name in ("interviews:jury_candidate", "interviews:jury_cv"):
            response = page.goto(live_server.url + reverse(name, kwargs=kwargs))
            assert response.status == 404, (name, kwargs)
    response = page.goto(
        live_server.url + reverse("interviews:jury_list", kwargs={"pk": elsewhere.pk})
    )
    assert response.status == 404
    assert_accessible(page)
    return proposal


def _joint_interview(page, live_server, arranged) -> None:
    challenge, alice, staff = arranged["challenge"], arranged["alice"], arranged["staff"]
    Email.objects.filter(template="interview_invitation").delete()
    _visit(page, live_server.url + reverse("interviews:proposal_page", args=[challenge.pk]))
    page.get_by_role("link", name="Programmer l’entretien conjoint d’Alice Durand").click()
    assert_accessible(page)
    _plan_form(page, days=10, hour="10:00")
    page.get_by_label("Lien de visioconférence").fill("https://visio.numerique.gouv.fr/eig-jury")
    page.get_by_label("Personnes qui mènent l’entretien").select_option(str(staff.pk))
    page.get_by_role("button", name="Programmer et envoyer les invitations").click()
    expect(page.get_by_text("L’entretien conjoint est programmé")).to_be_visible()
    assert_accessible(page)
    invitations = Email.objects.filter(template="interview_invitation")
    assert set(invitations.values_list("to", flat=True)) == {
        alice.candidate.user.email,
        staff.email,
        arranged["agent"].email,
    }
    for email in invitations:
        (event,) = parse(email.attachments[0]["content"])["events"]
        assert event["URL"] == "https://visio.numerique.gouv.fr/eig-jury"


def _jury_decides(page, live_server, proposal) -> None:
    _visit(
        page,
        live_server.url
        + reverse(
            "interviews:jury_candidate",
            kwargs={"pk": proposal.challenge_id, "proposal_pk": proposal.pk},
        ),
    )
    page.get_by_label("Décision du jury").select_option("retained")
    page.get_by_role("textbox", name="Avis du jury").fill("Une vraie expérience de produit public.")
    page.get_by_role("button", name="Enregistrer l’avis du jury").click()
    expect(page.get_by_text("L’avis du jury est enregistré.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rang de Alice Durand").select_option("1")
    page.get_by_role("button", name="Enregistrer le classement").click()
    expect(page.get_by_text("Le classement du jury est enregistré.")).to_be_visible()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.jury_rank) == ("retained", 1)


def _funnel_count(page, key):
    return page.locator(f'#funnel tr[data-step="{key}"] td')


def _offer(page, live_server, round_) -> None:
    _visit(page, live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Suivi et offres")
    assert_accessible(page)
    page.get_by_role("link", name=f"Session {round_.number}").click()
    expect(_funnel_count(page, "hired")).to_have_text("0")
    assert_accessible(page)
    page.get_by_role("link", name="Faire une offre à Alice Durand").click()
    expect(page.locator("#derived-level")).to_contain_text("12 ans d’expérience")
    expect(page.locator("#derived-level")).to_contain_text("niveau 2")
    assert_accessible(page)
    page.get_by_role("button", name="Faire l’offre").click()
    expect(page.get_by_text("L’offre est faite")).to_be_visible()
    expect(page.get_by_text("5\u202f000,00\u00a0€")).to_be_visible()
    assert_accessible(page)


def _candidate_accepts(page, live_server, alice) -> None:
    _visit(page, live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Mes offres")
    assert_accessible(page)
    page.get_by_role("link", name="Simplifier les aides agricoles").click()
    assert_accessible(page)
    page.get_by_role("link", name="Accepter l’offre").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer : j’accepte l’offre").click()
    expect(page.get_by_text("Vous avez accepté l’offre")).to_be_visible()
    assert_accessible(page)
    _visit(page, live_server.url + reverse("candidacies:detail", kwargs={"pk": alice.pk}))
    expect(page.get_by_text("Recrutée").first).to_be_visible()


def test_a_whole_round_from_screening_to_hiring(people, live_server, arranged):
    round_, alice = arranged["round"], arranged["alice"]
    staff = people.page_for(arranged["staff"])
    reviewer_a = people.page_for(arranged["reviewer_a"])
    reviewer_b = people.page_for(arranged["reviewer_b"])
    agent = people.page_for(arranged["agent"])
    candidate = people.page_for(alice.candidate.user)

    _screen_and_assign(staff, live_server, arranged)
    _two_blind_reviews(reviewer_a, reviewer_b, live_server, alice)
    _programme_interview(staff, live_server, arranged)

    _committee_and_publish(staff, live_server, arranged)

    _propose(
        staff, live_server, challenge_title="Simplifier les aides agricoles", name="Alice Durand"
    )
    _propose(
        staff,
        live_server,
        challenge_title="Un défi d’une autre administration",
        name="Bruno Petit",
    )
    assert Email.objects.filter(template="proposal_made", to=arranged["agent"].email).count() == 1
    proposal = _agent_sees_only_alice(agent, live_server, arranged)
    _joint_interview(staff, live_server, arranged)
    _jury_decides(agent, live_server, proposal)

    _offer(staff, live_server, round_)
    offer = Offer.objects.get(candidacy=alice)
    assert (offer.level, offer.challenge_id) == (2, arranged["challenge"].pk)
    _candidate_accepts(candidate, live_server, alice)
    offer.refresh_from_db()
    alice.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert alice.status == CandidacyStatus.HIRED

    _visit(staff, live_server.url + reverse("offers:followup", kwargs={"pk": round_.pk}))
    expect(_funnel_count(staff, "hired")).to_have_text("1")
    expect(_funnel_count(staff, "pool")).to_have_text("2")
    expect(staff.locator("#places")).to_contain_text("29 places restantes")
    assert_accessible(staff)
