"""The contracts' lists read no whole table (issue 14, item 5): the staff list of every
promotion or of one, a contract and its history, a promotion's budget. Every query of each
request is explained with sequential scans disabled (tests/plans.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.contracts.contracts import make_contract
from tests.factories import StaffFactory
from tests.plans import request_whole_table_reads

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="query plans are PostgreSQL's"),
]


def test_the_contracts_and_the_budget_read_no_whole_table(client):
    contract = make_contract()
    client.force_login(StaffFactory())
    pages = [
        (reverse("contracts:list"), {}),
        (reverse("contracts:list"), {"promotion": contract.promotion_id}),
        (reverse("contracts:detail", args=[contract.pk]), {}),
        (reverse("pay:budget_index"), {}),
        (reverse("pay:budget", args=[contract.promotion_id]), {}),
    ]
    for url, data in pages:
        assert request_whole_table_reads(client, url, data) == {}, url
