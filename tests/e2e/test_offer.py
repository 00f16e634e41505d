"""The programme team makes an offer to a candidate of the pool, who accepts it.

Staff open the round's follow-up, pick a candidate retained by a défi's jury, see the
pay level the grid gives their 12 years of experience, and make the offer. The
candidate finds it in their space and accepts it, after a confirmation page that
says what accepting commits to; their application shows them hired
and the round's funnel counts them. Every page passes axe.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.candidacies.enums import CandidacyStatus
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from tests.contracts.offers import eig_pay_grid, pool_candidacy, recruiting_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import (
    CandidateFactory,
    CandidateProfileFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
)


@pytest.fixture
def arranged(transactional_db):
    round_ = RoundFactory(promotion=PromotionFactory(programme=ProgrammeFactory()))
    challenge = recruiting_challenge(round_.promotion, title="Simplifier les aides agricoles")
    person = CandidateFactory(first_name="Ada", last_name="Lovelace")
    profile = CandidateProfileFactory(user=person, complete=True, experience_years=12)
    candidacy, _ = pool_candidacy(round_=round_, challenge=challenge, candidate=profile)
    return {
        "round": round_,
        "candidacy": candidacy,
        "person": person,
        "staff": StaffFactory(),
        "level_2": eig_pay_grid()[1],
    }


def _heading(page):
    return page.get_by_role("heading", level=1)


def _menu(page, name):
    open_from_menu(page, name)


def _funnel_count(page, key):
    return page.locator(f'#funnel tr[data-step="{key}"] td')


def test_staff_make_an_offer_and_the_candidate_accepts_it(page, live_server, arranged):
    round_, candidacy = arranged["round"], arranged["candidacy"]

    # The programme team opens the round's follow-up.
    sign_in_as(page, live_server, arranged["staff"])
    page.goto(live_server.url + reverse("accounts:dashboard"))
    _menu(page, "Suivi et offres")
    expect(_heading(page)).to_have_text("Suivi des sessions")
    assert_accessible(page)
    page.get_by_role("link", name=f"Session {round_.number}").click()
    expect(_heading(page)).to_contain_text(f"Suivi de la session {round_.number}")
    expect(page.locator("#places")).to_contain_text("30 places restantes")
    expect(_funnel_count(page, "pool")).to_have_text("0")
    expect(_funnel_count(page, "hired")).to_have_text("0")
    assert_accessible(page)

    # They make the offer at the level the grid gives 12 years of experience.
    page.get_by_role("link", name="Faire une offre à Ada Lovelace").click()
    expect(_heading(page)).to_have_text("Faire une offre à Ada Lovelace")
    expect(page.locator("#derived-level")).to_contain_text("12 ans d’expérience")
    expect(page.locator("#derived-level")).to_contain_text("niveau 2")
    expect(page.get_by_label("Niveau de rémunération")).to_have_value(str(arranged["level_2"].pk))
    assert_accessible(page)
    page.get_by_role("button", name="Faire l’offre").click()
    expect(page.get_by_text("L’offre est faite")).to_be_visible()
    expect(_heading(page)).to_contain_text("Offre à Ada Lovelace")
    expect(page.get_by_text("5\u202f000,00\u00a0€")).to_be_visible()
    assert_accessible(page)
    offer = Offer.objects.get(candidacy=candidacy)
    assert offer.level == 2

    # The candidate finds the offer in their space and accepts it.
    page.context.clear_cookies()
    sign_in_as(page, live_server, arranged["person"])
    page.goto(live_server.url + reverse("accounts:dashboard"))
    _menu(page, "Mes offres")
    expect(_heading(page)).to_have_text("Mes offres")
    assert_accessible(page)
    page.get_by_role("link", name="Simplifier les aides agricoles").click()
    expect(_heading(page)).to_have_text("Offre pour le défi « Simplifier les aides agricoles »")
    assert_accessible(page)
    page.get_by_role("link", name="Accepter l’offre").click()
    # Accepting commits for a year: a confirmation page says so first.
    expect(_heading(page)).to_have_text("Accepter l’offre")
    expect(page.get_by_text("Vous vous engagez pour un an")).to_be_visible()
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE
    page.get_by_role("button", name="Confirmer : j’accepte l’offre").click()
    expect(page.get_by_text("Vous avez accepté l’offre")).to_be_visible()
    expect(page.locator("#historique")).to_contain_text("Offre acceptée")
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED

    # Their application shows them hired.
    page.goto(live_server.url + reverse("candidacies:detail", kwargs={"pk": candidacy.pk}))
    expect(page.get_by_text("Recrutée").first).to_be_visible()
    assert_accessible(page)
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.HIRED

    # The round's funnel counts them.
    page.context.clear_cookies()
    sign_in_as(page, live_server, arranged["staff"])
    page.goto(live_server.url + reverse("offers:followup", kwargs={"pk": round_.pk}))
    expect(_funnel_count(page, "offered")).to_have_text("1")
    expect(_funnel_count(page, "hired")).to_have_text("1")
    expect(page.locator("#places")).to_contain_text("29 places restantes")
    assert_accessible(page)
