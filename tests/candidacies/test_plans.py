"""The applications' lists read no whole table, whatever their filters (issue 14, item 5).

Each filter the list's form offers is requested alone, then all together, and every query
of the request is explained with sequential scans disabled (tests/plans.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.forms.staff import CandidacyFilterForm
from eig.candidacies.selectors.staff import STAFF_STATUSES, experience_bands
from tests.api.tokens import bearer, token_secret
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import StaffFactory
from tests.plans import form_variants, request_whole_table_reads
from tests.selection.round_setup import selection_round

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="query plans are PostgreSQL's"),
]


@pytest.fixture
def candidacy():
    round_ = selection_round()
    return application(round_=round_, challenges=[recruiting_challenge(round_)])


def _variants(candidacy):
    form = CandidacyFilterForm({"round": str(candidacy.round_id)}, bands=experience_bands())
    variants = form_variants(form, search="cam")
    # « Toutes les sessions » is an empty round, which the list reads as every round.
    return variants + [{**variant, "round": ""} for variant in variants if "round" not in variant]


def test_the_staff_list_of_a_round_or_of_all_reads_no_whole_table(client, candidacy):
    client.force_login(StaffFactory())
    url = reverse("candidacies:staff_list")
    for variant in _variants(candidacy):
        assert request_whole_table_reads(client, url, variant) == {}, variant


def test_an_application_file_and_its_history_read_no_whole_table(client, candidacy):
    client.force_login(StaffFactory())
    url = reverse("candidacies:staff_detail", args=[candidacy.pk])
    assert request_whole_table_reads(client, url) == {}


def test_the_api_list_of_applications_reads_no_whole_table(client, candidacy):
    headers = bearer(token_secret("candidatures:read"))
    url = reverse("api:candidature_list")
    variants = [
        {},
        {"session": candidacy.round_id},
        {"cursor": candidacy.pk},
        *({"status": status.value} for status in STAFF_STATUSES),
    ]
    assert CandidacyStatus.DRAFT not in {v.get("status") for v in variants}
    for variant in variants:
        assert request_whole_table_reads(client, url, variant, **headers) == {}, variant


# An export finds the duplicates of every profile once, whatever its rows (two queries
# grouping the keys: eig.candidacies.selectors.staff.duplicates_all), so it reads the
# accounts and profiles whole, once. Nothing else may.
ONCE_PER_EXPORT = {"accounts_user", "candidacies_candidate"}


def test_the_staff_export_of_a_round_reads_no_whole_table_but_the_duplicate_keys(client, candidacy):
    """The export's rows are the list's: for a round (or any of its filters) it reads
    them, their wishes and ventures by index. The export of every round reads every
    application: that one is left out."""
    client.force_login(StaffFactory())
    variants = [variant for variant in _variants(candidacy) if variant.get("round")]
    assert variants
    for name in ("candidacies:staff_export_csv", "candidacies:staff_export_xlsx"):
        for variant in variants:
            found = request_whole_table_reads(client, reverse(name), variant)
            tables = {
                read.split(" on ")[1].split(" ")[0] for reads in found.values() for read in reads
            }
            assert tables <= ONCE_PER_EXPORT, (variant, found)
            assert len(found) <= 1, (variant, list(found))
