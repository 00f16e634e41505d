"""The programme team opens « Pilotage » and sees the current promotion at a glance.

A member of the team signs in, opens « Pilotage » from the menu and reads the places
filled under the cap, the défis and applications by status, the next deadline and the
contracts ending soon; a count opens the filtered list. The page passes axe.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from tests.contracts.contracts import make_contract
from tests.contracts.offers import fill_places
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import (
    CandidacyFactory,
    ChallengeFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
)


@pytest.fixture
def promotion(transactional_db):
    today = timezone.localdate()
    promotion = PromotionFactory(number=40, label="Promotion de l’année", year=today.year, cap=4)
    round_ = RoundFactory(
        promotion=promotion, number=1, opens_on=today - datetime.timedelta(days=7)
    )
    fill_places(promotion, 3)
    ChallengeFactory(
        title="Mieux instruire les demandes",
        promotion=promotion,
        round=round_,
        status=ChallengeStatus.SUBMITTED,
    )
    CandidacyFactory(round=round_, status="submitted", submitted_at=timezone.now())
    # A contract of last year's promotion, whose renewal is to decide.
    make_contract(
        promotion=PromotionFactory(number=39, year=today.year - 1),
        end=today + datetime.timedelta(days=30),
    )
    return promotion


def test_the_team_reads_the_promotion_at_a_glance(page, live_server, promotion):
    sign_in_as(page, live_server, StaffFactory())
    page.goto(live_server.url + reverse("accounts:dashboard"))

    open_from_menu(page, "Pilotage")

    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage du programme")
    expect(page.locator("#promotion")).to_contain_text("Promotion de l’année")
    expect(page.locator("#tile-places")).to_contain_text("3 sur 4 (plafond)")
    expect(page.locator("#tile-places")).to_contain_text("1 place restante")
    expect(page.locator("#next-deadline")).to_contain_text("Prochaine échéance")
    submitted = page.locator("#challenge-statuses tr[data-status='submitted']")
    expect(submitted.locator("td[data-total]")).to_have_text("1")
    expect(page.locator("#candidacy-statuses tr[data-status='hired'] td[data-total]")).to_have_text(
        "3"
    )
    expect(page.locator("#ending-contracts tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="Voir la page publique Impact")).to_be_visible()
    assert_accessible(page)

    submitted.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Défis à instruire")
    expect(page.get_by_role("link", name="Mieux instruire les demandes")).to_be_visible()
