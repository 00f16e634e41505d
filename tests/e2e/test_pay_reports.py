"""Staff record a variable part and see its calculation; the EIG reads it in their space;
staff open the promotion's budget and the equal-pay report. Every page passes axe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.core.french import elide
from tests.contracts.contracts import make_contract
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import ProgrammeFactory, PromotionFactory, StaffFactory

CALCULATION = "6 % × 12 × 4 250,00 € × 75 % = 2 295,00 €"


@pytest.fixture
def promotion(transactional_db):
    promotion = PromotionFactory(programme=ProgrammeFactory())
    start = timezone.localdate() - datetime.timedelta(days=300)
    for gender in ("female", "female", "female", "male"):
        make_contract(level=1, gender=gender, promotion=promotion, start=start)
    return promotion


def test_staff_record_a_variable_part_the_eig_sees_it(page, live_server, promotion):
    contract = promotion.contracts.filter(candidacy__candidate__gender="male").get()
    sign_in_as(page, live_server, StaffFactory())

    page.goto(live_server.url + reverse("pay:budget_index"))
    assert_accessible(page)
    page.get_by_role("link", name=str(promotion)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget")
    assert_accessible(page)

    # « de » elided before a vowel: « Part variable d’Aurélie Rousseau ».
    page.get_by_role("link", name=f"Part variable {elide('de', contract.person)}").click()
    assert_accessible(page)
    page.get_by_label("Atteinte des objectifs (%)").fill("75")
    page.get_by_label("Appréciation").fill("Objectifs atteints aux trois quarts.")
    page.get_by_role("button", name="Enregistrer la part variable").click()
    expect(page.locator("#calculation")).to_have_text(CALCULATION)
    assert_accessible(page)

    page.goto(live_server.url + reverse("pay:equal_pay"))
    expect(page.get_by_text("effectif trop faible pour être affiché")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_as(page, live_server, contract.person)
    page.goto(live_server.url + reverse("pay:mine"))
    expect(page.get_by_text(CALCULATION)).to_be_visible()
    assert_accessible(page)
