"""The défis' lists read no whole table, whatever their filters (issue 14, item 5): the
staff list, the public catalogue, a défi's page and history, the open data files and the
API's lists. Each filter the list's form offers is requested alone, then all together;
every query of the request is explained with sequential scans disabled (tests/plans.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from eig.challenges.enums import PUBLIC_STATUSES, ChallengeStatus
from eig.challenges.forms.public import CatalogueFilterForm
from eig.challenges.forms.staff import ChallengeFilterForm
from tests.api.tokens import bearer, token_secret
from tests.candidacies.applications import recruiting_challenge
from tests.factories import (
    IndicatorFactory,
    MeasurementFactory,
    PriorityPolicyFactory,
    StaffFactory,
)
from tests.plans import form_variants, request_whole_table_reads
from tests.selection.round_setup import selection_round

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="query plans are PostgreSQL's"),
]


@pytest.fixture
def challenge():
    round_ = selection_round()
    challenge = recruiting_challenge(
        round_, round=round_, priority_policy=PriorityPolicyFactory(), wants_tech=True
    )
    MeasurementFactory(indicator=IndicatorFactory(challenge=challenge))
    return challenge


def test_the_staff_list_reads_no_whole_table(client, challenge):
    client.force_login(StaffFactory())
    url = reverse("challenges:staff_list")
    for variant in [{}, *form_variants(ChallengeFilterForm(), search="cantine")]:
        assert request_whole_table_reads(client, url, variant) == {}, variant


def test_a_defi_s_page_and_its_history_read_no_whole_table(client, challenge):
    assert (
        request_whole_table_reads(client, reverse("challenges:public_detail", args=[challenge.pk]))
        == {}
    )
    client.force_login(StaffFactory())
    assert (
        request_whole_table_reads(client, reverse("challenges:staff_detail", args=[challenge.pk]))
        == {}
    )


@pytest.mark.parametrize(
    "name", ["challenges:catalogue", "challenges:opendata_csv", "challenges:opendata_json"]
)
def test_the_catalogue_and_its_open_data_read_no_whole_table(client, challenge, name):
    for variant in [{}, *form_variants(CatalogueFilterForm(), search="cantine")]:
        assert request_whole_table_reads(client, reverse(name), variant) == {}, variant


def test_the_api_lists_of_defis_read_no_whole_table(client, challenge):
    public = [
        {},
        {"q": "cantine"},
        {"promotion": challenge.promotion_id},
        {"organisation": challenge.organisation_id},
        {"profile": "tech"},
        {"cursor": challenge.pk},
        *({"status": status} for status in PUBLIC_STATUSES),
    ]
    for variant in public:
        assert request_whole_table_reads(client, reverse("api:defi_list"), variant) == {}, variant
    headers = bearer(token_secret("defis:read"))
    for variant in [{}, {"cursor": challenge.pk}, *({"status": s.value} for s in ChallengeStatus)]:
        found = request_whole_table_reads(
            client, reverse("api:private_defi_list"), variant, **headers
        )
        assert found == {}, variant
