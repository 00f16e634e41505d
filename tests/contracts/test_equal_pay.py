"""Equal pay: by gender and level, small groups hidden, and no pay off its grid."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from eig.contracts.models import Contract
from eig.contracts.selectors.pay import EQUAL_PAY_MIN_GROUP_SIZE, equal_pay_report, pay_mismatches
from eig.contracts.services.contracts import contract_renew
from eig.contracts.services.offers import offer_accept
from eig.contracts.services.pay import contract_pay_mismatches
from eig.programmes.services import PayLevelData, pay_grid_create
from tests.contracts.contracts import make_contract
from tests.contracts.offers import make_open_offer
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


def _contracts(gender: str, level: int, count: int) -> list[Contract]:
    return [make_contract(level=level, gender=gender, start=START) for _ in range(count)]


def _groups(today=START):
    return {(group.gender, group.level): group for group in equal_pay_report(today).groups}


def test_minimum_group_size_is_three():
    assert EQUAL_PAY_MIN_GROUP_SIZE == 3


def test_groups_by_gender_and_level_with_means():
    _contracts("female", 1, 3)
    _contracts("female", 2, 3)
    _contracts("male", 1, 4)

    groups = _groups()

    female_1 = groups[("female", 1)]
    assert (female_1.headcount, female_1.mean_monthly, female_1.mean_rate) == (
        3,
        Decimal("4250.00"),
        Decimal("6.00"),
    )
    assert groups[("female", 2)].mean_monthly == Decimal("5000.00")
    assert groups[("female", 2)].mean_rate == Decimal("10.00")
    assert groups[("male", 1)].headcount == 4
    assert ("male", 2) not in groups


def test_other_and_unsaid_are_grouped_as_not_given():
    _contracts("other", 1, 1)
    _contracts("unsaid", 1, 1)
    _contracts("", 1, 1)

    group = _groups()[("unsaid", 1)]

    assert (group.gender_label, group.headcount, group.shown) == ("Non renseigné", 3, True)


def test_small_groups_are_not_shown():
    _contracts("female", 2, 2)

    group = _groups()[("female", 2)]

    assert not group.shown
    assert group.mean_monthly is None
    assert group.mean_rate is None


def test_ended_contracts_are_not_counted():
    _contracts("male", 1, 3)

    assert _groups(today=datetime.date(2027, 1, 5)) == {}


def test_a_renewed_person_counts_once():
    contracts = _contracts("female", 2, 3)
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)):
        contract_renew(contract=contracts[0], level=2, by=StaffFactory())

    group = _groups()[("female", 2)]

    assert group.headcount == 3


def test_a_contract_off_its_grid_is_listed():
    contract, _ = _contracts("female", 1, 2)
    # Written behind the services' back (a raw update): the report must still catch it.
    Contract.objects.filter(pk=contract.pk).update(variable_rate=Decimal("5.00"))

    assert [c.pk for c in pay_mismatches()] == [contract.pk]


def test_no_contract_made_through_the_services_differs_from_its_grid():
    """An accepted offer, its renewal at another level, then a new grid: always the grid's pay."""
    offer = make_open_offer(experience=3)
    offer_accept(offer=offer, by=offer.candidacy.candidate.user)
    contract = Contract.objects.get(offer=offer)
    contract.end_date = timezone.localdate() + datetime.timedelta(days=20)
    contract.start_date = contract.end_date - datetime.timedelta(days=364)
    contract.save(update_fields=["start_date", "end_date"])
    renewal = contract_renew(
        contract=contract, level=2, reason="Nouvelles responsabilités", by=StaffFactory()
    )
    pay_grid_create(
        programme=contract.promotion.programme,
        name="Grille future",
        valid_from=timezone.localdate() + datetime.timedelta(days=400),
        levels=[
            PayLevelData(
                monthly_net=Decimal("4500"),
                variable_rate=Decimal(7),
                min_experience_years=0,
            ),
            PayLevelData(
                monthly_net=Decimal("5300"),
                variable_rate=Decimal(12),
                min_experience_years=10,
            ),
        ],
        by=StaffFactory(),
    )

    for made in Contract.objects.all():
        assert contract_pay_mismatches(made) == []
    assert pay_mismatches() == []
    renewal.refresh_from_db()
    assert (renewal.level, renewal.monthly_net, renewal.variable_rate) == (
        2,
        Decimal("5000.00"),
        Decimal("10.00"),
    )


# --- The page --------------------------------------------------------------------------


def test_page_hides_small_groups_with_bounded_queries(client, django_assert_max_num_queries):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    for gender, count in (("female", 3), ("male", 2)):
        for _ in range(count):
            make_contract(level=1, gender=gender, start=start)
    client.force_login(StaffFactory())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("pay:equal_pay"))

    page = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "4 250,00" in page
    assert page.count("effectif trop faible pour être affiché") == 1
    assert 'id="no-mismatch"' in page


def test_page_lists_a_mismatch(client):
    contract = make_contract(start=timezone.localdate())
    Contract.objects.filter(pk=contract.pk).update(monthly_net=Decimal("4300.00"))
    client.force_login(StaffFactory())

    page = client.get(reverse("pay:equal_pay")).content.decode()

    assert str(contract.person) in page
    assert 'id="no-mismatch"' not in page


def test_only_staff_see_the_report(client):
    contract = make_contract()
    client.force_login(contract.person)

    assert client.get(reverse("pay:equal_pay")).status_code == 403
