"""The variable part: rate × 12 × monthly net × achievement, recorded once by staff."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from eig.contracts.models import VariablePay
from eig.contracts.services.pay import (
    contract_pay_mismatches,
    variable_pay_amount,
    variable_pay_calculation,
    variable_pay_record,
)
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from tests.contracts.contracts import make_contract
from tests.factories import CandidateFactory, StaffFactory

CALCULATION = "6\u00a0% × 12 × 4\u202f250,00\u00a0€ × 75\u00a0% = 2\u202f295,00\u00a0€"

pytestmark = pytest.mark.django_db


def test_the_issue_figures_for_both_levels():
    level_1 = make_contract(level=1)
    level_2 = make_contract(level=2)

    assert (level_1.monthly_net, level_1.variable_rate) == (Decimal("4250.00"), Decimal("6.00"))
    assert level_1.max_variable_yearly == Decimal("3060.00")
    assert (level_2.monthly_net, level_2.variable_rate) == (Decimal("5000.00"), Decimal("10.00"))
    assert level_2.max_variable_yearly == Decimal("6000.00")


def test_75_percent_at_level_1_gives_2295_euros_with_the_calculation():
    contract = make_contract(level=1)

    pay = variable_pay_record(
        contract=contract,
        achievement=Decimal("75"),
        comment="Objectifs largement atteints",
        by=StaffFactory(),
    )

    assert pay.amount == Decimal("2295.00")
    assert (
        variable_pay_calculation(
            rate=contract.variable_rate,
            monthly_net=contract.monthly_net,
            achievement=pay.achievement,
            amount=pay.amount,
        )
        == CALCULATION
    )


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [("0", "0.00"), ("100", "6000.00"), ("33.33", "1999.80"), ("12.345", "740.70")],
)
def test_amount_is_rounded_to_the_cent_half_up(achievement, expected):
    amount = variable_pay_amount(
        rate=Decimal("10.00"), monthly_net=Decimal("5000.00"), achievement=Decimal(achievement)
    )

    assert amount == Decimal(expected)


def test_half_cent_rounds_up():
    # 1 % × 12 × 0.125 € × 100 % = 0.015 € → 0.02 €
    assert variable_pay_amount(
        rate=Decimal(1), monthly_net=Decimal("0.125"), achievement=Decimal(100)
    ) == Decimal("0.02")


def test_recorded_once_then_refused_and_history_written():
    contract = make_contract(level=1)
    staff = StaffFactory()
    variable_pay_record(contract=contract, achievement=Decimal("75"), by=staff)

    with pytest.raises(DomainError, match="déjà enregistrée"):
        variable_pay_record(contract=contract, achievement=Decimal("100"), by=staff)

    assert VariablePay.objects.get(contract=contract).achievement == Decimal("75")
    event = event_list_for(contract).get(action=HistoryAction.VARIABLE_PAY_RECORDED)
    assert event.actor == staff
    assert event.comment == CALCULATION


def test_only_staff_record_it():
    contract = make_contract()

    with pytest.raises(DomainError):
        variable_pay_record(contract=contract, achievement=Decimal(50), by=contract.person)

    assert not VariablePay.objects.exists()


@pytest.mark.parametrize("achievement", ["-1", "100.01"])
def test_achievement_between_0_and_100(achievement):
    with pytest.raises(ValidationError):
        variable_pay_record(
            contract=make_contract(), achievement=Decimal(achievement), by=StaffFactory()
        )


def test_a_contract_cannot_hold_figures_other_than_its_grid():
    contract = make_contract(level=1)
    contract.monthly_net = Decimal("4300.00")

    with pytest.raises(ValidationError, match="niveau de la grille"):
        contract.full_clean()
    assert contract_pay_mismatches(contract) == ["monthly_net"]


# --- Pages ---------------------------------------------------------------------------


def test_staff_record_on_the_page_and_see_the_calculation(client):
    contract = make_contract(level=1)
    client.force_login(StaffFactory())
    url = reverse("pay:variable", kwargs={"pk": contract.pk})

    response = client.post(url, {"achievement": "75", "comment": "Bien"}, follow=True)

    assert response.status_code == 200
    assert CALCULATION in response.content.decode()
    assert VariablePay.objects.get().amount == Decimal("2295.00")


def test_a_second_recording_on_the_page_is_refused(client):
    contract = make_contract(level=1)
    staff = StaffFactory()
    variable_pay_record(contract=contract, achievement=Decimal("75"), by=staff)
    client.force_login(staff)

    response = client.post(
        reverse("pay:variable", kwargs={"pk": contract.pk}), {"achievement": "100"}
    )

    assert response.status_code == 200
    assert "ne peut plus être modifiée" in response.content.decode()
    assert VariablePay.objects.get().achievement == Decimal("75")


def test_invalid_achievement_keeps_what_was_typed(client):
    contract = make_contract()
    client.force_login(StaffFactory())

    response = client.post(
        reverse("pay:variable", kwargs={"pk": contract.pk}),
        {"achievement": "120", "comment": "Texte saisi"},
    )

    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "Texte saisi" in page
    assert not VariablePay.objects.exists()


def test_the_eig_sees_their_own_variable_part_only(client):
    mine = make_contract(level=1)
    other = make_contract(level=2)
    staff = StaffFactory()
    variable_pay_record(contract=mine, achievement=Decimal("75"), by=staff)
    variable_pay_record(contract=other, achievement=Decimal("50"), by=staff)
    client.force_login(mine.person)

    page = client.get(reverse("pay:mine")).content.decode()

    assert CALCULATION in page
    assert "3\u202f000,00\u00a0€" not in page
    assert other.challenge.title not in page


def test_the_eig_cannot_open_the_staff_page(client):
    contract = make_contract()
    client.force_login(contract.person)

    response = client.get(reverse("pay:variable", kwargs={"pk": contract.pk}))

    assert response.status_code == 403


def test_someone_without_contract_sees_none(client):
    client.force_login(CandidateFactory())

    response = client.get(reverse("pay:mine"))

    assert "pas de contrat de projet" in response.content.decode()
