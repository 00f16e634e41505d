"""A promotion's budget: headcount by level, fixed pay, maximum variable part, forecast."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eig.contracts.selectors.pay import promotion_budget, remaining_months
from eig.contracts.services.contracts import contract_renew
from tests.contracts.accepted import accepted_contract
from tests.contracts.contracts import make_contract
from tests.factories import ProgrammeFactory, PromotionFactory, StaffFactory
from tests.staff_csv import staff_csv_table

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


@pytest.fixture
def promotion():
    promotion = PromotionFactory(programme=ProgrammeFactory())
    make_contract(level=1, promotion=promotion, start=START)
    make_contract(level=1, promotion=promotion, start=START)
    make_contract(level=2, promotion=promotion, start=START)
    # Ended before the report: not counted.
    make_contract(level=2, promotion=promotion, start=datetime.date(2024, 1, 5))
    return promotion


def test_on_the_first_day_every_contract_has_twelve_months_left(promotion):
    budget = promotion_budget(promotion, START)

    level_1, level_2 = budget.levels
    assert (level_1.level, level_1.headcount) == (1, 2)
    assert level_1.monthly_cost == Decimal("8500.00")
    assert level_1.annual_cost == Decimal("102000.00")
    assert level_1.max_variable == Decimal("6120.00")
    assert level_1.forecast == Decimal("102000.00")
    assert (level_2.level, level_2.headcount) == (2, 1)
    assert level_2.monthly_cost == Decimal("5000.00")
    assert level_2.annual_cost == Decimal("60000.00")
    assert level_2.max_variable == Decimal("6000.00")
    assert level_2.forecast == Decimal("60000.00")
    total = budget.total
    assert (total.headcount, total.monthly_cost, total.annual_cost) == (
        3,
        Decimal("13500.00"),
        Decimal("162000.00"),
    )
    assert (total.max_variable, total.forecast) == (Decimal("12120.00"), Decimal("162000.00"))


def test_forecast_counts_remaining_days_pro_rata(promotion):
    # 5 July 2026 to 4 January 2027, both included: 184 days = 184 × 12 / 365 months.
    today = datetime.date(2026, 7, 5)

    level_1, level_2 = promotion_budget(promotion, today).levels

    assert level_1.forecast == 2 * Decimal("25709.59")  # 4 250 × 184 × 12 / 365
    assert level_2.forecast == Decimal("30246.58")  # 5 000 × 184 × 12 / 365


def test_a_contract_not_yet_started_counts_in_full():
    contract = make_contract(start=datetime.date(2026, 9, 1))

    assert remaining_months(contract, datetime.date(2026, 7, 5)) == Decimal(12)


def test_a_contract_on_its_last_day_has_one_day_left_and_none_after():
    contract = make_contract(start=START)

    assert remaining_months(contract, contract.end_date) == Decimal(12) / 365
    assert remaining_months(contract, contract.end_date + datetime.timedelta(days=1)) == 0


def _hired_and_renewed(*, experience: int = 12):
    """One person hired from ``START`` (level 2 from 10 years), then renewed at level 2."""
    staff = StaffFactory()
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
        contract = accepted_contract(experience=experience, start_date=START)
        renewal = contract_renew(contract=contract, level=2, reason="Promotion.", by=staff)
    return contract, renewal


def test_a_renewed_person_counts_once_at_the_pay_in_force():
    contract, renewal = _hired_and_renewed()

    budget = promotion_budget(contract.promotion, START)

    (level_2,) = budget.levels
    assert (level_2.level, level_2.headcount) == (2, 1)
    assert level_2.monthly_cost == Decimal("5000.00")
    assert level_2.annual_cost == Decimal("60000.00")
    assert level_2.max_variable == Decimal("6000.00")
    # Two years, each day costed once: the year in force and the renewal's.
    assert level_2.forecast == Decimal("120000.00")
    assert budget.contracts == [contract, renewal]


def test_a_person_renewed_at_another_level_counts_at_the_level_in_force():
    contract, renewal = _hired_and_renewed(experience=3)
    assert (contract.level, renewal.level) == (1, 2)

    first_year = promotion_budget(contract.promotion, START)
    second_year = promotion_budget(contract.promotion, renewal.start_date)

    assert [(row.level, row.headcount) for row in first_year.levels] == [(1, 1)]
    assert first_year.total.monthly_cost == Decimal("4250.00")
    assert first_year.total.forecast == Decimal("111000.00")  # 12 × 4 250 + 12 × 5 000
    assert [(row.level, row.headcount) for row in second_year.levels] == [(2, 1)]
    assert second_year.total.monthly_cost == Decimal("5000.00")
    assert second_year.total.forecast == Decimal("60000.00")


def test_a_day_two_contracts_of_one_person_share_is_costed_once():
    first = make_contract(level=2, start=START)
    make_contract(
        level=2, promotion=first.promotion, candidacy=first.candidacy, start=first.end_date
    )

    budget = promotion_budget(first.promotion, START)

    assert budget.total.headcount == 1
    # 365 + 364 days at 5 000 € × 12 / 365.
    assert budget.total.forecast == Decimal("60000.00") + Decimal("59835.62")


def test_other_promotions_are_not_counted(promotion):
    make_contract(level=2, start=START)

    assert promotion_budget(promotion, START).total.headcount == 3


# --- Pages and exports -----------------------------------------------------------------


def _current_promotion(count: int = 3):
    promotion = PromotionFactory(programme=ProgrammeFactory())
    start = timezone.localdate() - datetime.timedelta(days=10)
    for index in range(count):
        make_contract(level=1 + index % 2, promotion=promotion, start=start)
    return promotion


def test_budget_page_with_bounded_queries(client, django_assert_max_num_queries):
    promotion = _current_promotion(6)
    client.force_login(StaffFactory())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("pay:budget", kwargs={"pk": promotion.pk}))

    page = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert response.status_code == 200
    assert "12 750,00" in page  # 3 level-1 contracts: 3 × 4 250 €
    for contract in promotion.contracts.all():
        assert reverse("pay:variable", kwargs={"pk": contract.pk}) in page


def test_budget_csv_is_streamed(client):
    promotion = _current_promotion(3)
    client.force_login(StaffFactory())

    response = client.get(reverse("pay:budget_csv", kwargs={"pk": promotion.pk}))

    assert response.streaming
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeffNiveau")
    rows = list(csv.reader(io.StringIO(staff_csv_table(content)), delimiter=";"))
    assert rows[0][0] == "Niveau"
    # Amounts with a decimal comma, as in every staff export.
    assert rows[1][:4] == ["1", "2", "8500,00", "102000,00"]
    assert rows[2][:4] == ["2", "1", "5000,00", "60000,00"]
    assert rows[3][:2] == ["Total", "3"]


def test_budget_xlsx(client):
    promotion = _current_promotion(3)
    client.force_login(StaffFactory())

    response = client.get(reverse("pay:budget_xlsx", kwargs={"pk": promotion.pk}))

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("1", 2, 8500)
    assert rows[3][0] == "Total"


def test_budget_index_lists_promotions(client):
    promotion = _current_promotion(1)
    client.force_login(StaffFactory())

    response = client.get(reverse("pay:budget_index"))

    assert reverse("pay:budget", kwargs={"pk": promotion.pk}) in response.content.decode()


def test_only_staff_see_the_budget(client):
    promotion = _current_promotion(1)
    client.force_login(promotion.contracts.get().person)

    assert client.get(reverse("pay:budget", kwargs={"pk": promotion.pk})).status_code == 403
    assert client.get(reverse("pay:budget_csv", kwargs={"pk": promotion.pk})).status_code == 403


def _budget_page(client, promotion, **params):
    return client.get(reverse("pay:budget", kwargs={"pk": promotion.pk}), params)


def _queries_for_budget(client, promotion, django_assert_num_queries, count):
    with django_assert_num_queries(count):
        return _budget_page(client, promotion)


def test_the_budget_lists_its_contracts_a_page_at_a_time_with_the_totals_of_all(
    client, settings, django_assert_num_queries
):
    settings.PAGE_SIZE = 2
    promotion = _current_promotion(2)
    client.force_login(StaffFactory())
    with CaptureQueriesContext(connection) as small:
        first = _budget_page(client, promotion)
    assert 'class="fr-pagination"' not in first.content.decode()

    for _index in range(3):
        make_contract(level=1, promotion=promotion, start=timezone.localdate())
    cache.clear()  # the page kept before these changes (the test's transaction never commits)
    with django_assert_num_queries(len(small)):
        first = _budget_page(client, promotion)
    last = _budget_page(client, promotion, page=99)

    assert len(first.context["page_obj"].object_list) == 2
    assert 'class="fr-pagination"' in first.content.decode()
    assert last.context["page_obj"].number == 3
    assert len(last.context["page_obj"].object_list) == 1
    # The totals are those of the five contracts, whatever the page.
    for response in (first, last):
        assert response.context["total"].headcount == 5
        assert response.context["total"].monthly_cost == 4 * Decimal("4250.00") + Decimal("5000.00")
        assert "5 contrats non terminés" in response.content.decode()


def test_the_budget_shown_again_reads_none_of_its_contracts(client):
    promotion = _current_promotion(2)
    client.force_login(StaffFactory())
    _budget_page(client, promotion)

    with CaptureQueriesContext(connection) as queries:
        again = _budget_page(client, promotion)

    assert not [query for query in queries.captured_queries if "contracts_" in query["sql"]]
    assert "2 contrats non terminés" in again.content.decode()


def test_a_contract_signed_shows_on_the_budget_at_once(client, django_capture_on_commit_callbacks):
    promotion = _current_promotion(2)
    client.force_login(StaffFactory())
    assert "2 contrats non terminés" in _budget_page(client, promotion).content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        make_contract(level=1, promotion=promotion, start=timezone.localdate())

    assert "3 contrats non terminés" in _budget_page(client, promotion).content.decode()
