"""The selection's lists read no whole table, whatever their filters and orderings (issue 14,
item 5): the board of a round, a reviewer's home and the API's list of decisions. Every
query of each request is explained with sequential scans disabled (tests/plans.py)."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from eig.selection.enums import DecisionOutcome
from eig.selection.selectors.review import (
    LINE_FIELDS,
    SORTS,
    board_selection,
    rounds_for_selection,
)
from tests.api.tokens import bearer, token_secret
from tests.factories import StaffFactory
from tests.plans import captured_sql, queryset_plan, request_whole_table_reads
from tests.selection.round_setup import file_reviewed, selection_round, submitted

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="query plans are PostgreSQL's"),
]


@pytest.fixture
def review():
    round_ = selection_round()
    file_reviewed(submitted(round_))
    return file_reviewed(submitted(round_, first_name="Léa"), done=False)


def _board_variants():
    """The board's filters and orderings, as its view reads them."""
    outcomes = [*DecisionOutcome.values, "none"]
    return [
        {},
        *({"recevabilite": outcome} for outcome in outcomes),
        *({"comite": outcome} for outcome in outcomes),
        {"desaccord": "1"},
        *({"tri": sort} for name in SORTS for sort in (name, f"-{name}")),
        {"recevabilite": "none", "comite": "none", "desaccord": "1", "tri": "-mean"},
    ]


def test_the_board_of_a_round_reads_no_whole_table(client, review):
    client.force_login(StaffFactory())
    url = reverse("selection:board", args=[review.candidacy.round_id])
    for variant in _board_variants():
        assert request_whole_table_reads(client, url, variant) == {}, variant


def test_a_reviewer_s_home_reads_no_whole_table(client, review):
    client.force_login(review.reviewer)
    assert request_whole_table_reads(client, reverse("selection:reviewer_home")) == {}


def test_the_api_list_of_decisions_reads_no_whole_table(client, review):
    headers = bearer(token_secret("decisions:read"))
    url = reverse("api:decision_list")
    for variant in [{}, {"session": review.candidacy.round_id}, {"cursor": 1}]:
        assert request_whole_table_reads(client, url, variant, **headers) == {}, variant


def test_the_round_list_counts_every_round_by_index(client, review):
    """Every round's counts are one aggregate over every application, grouped by round:
    it reads them all by design, in the order of an index on the round (at volume, the
    covering ``candidacy_round_counts``, an index-only scan once vacuumed), never by a
    sequential scan of the table and its long texts."""
    client.force_login(StaffFactory())
    found = request_whole_table_reads(client, reverse("selection:round_list"))
    reads = [read for reads in found.values() for read in reads]
    assert len(found) <= 1, list(found)
    assert all(read.startswith("Index") for read in reads), reads
    assert {read.split(" on ")[1].split(" ")[0] for read in reads} <= {"candidacies_candidacy"}


def test_the_round_list_s_counts_can_be_answered_by_the_covering_index_alone():
    """Every column of the applications the counts' query reads (its output, filters and
    the correlated subquery's key) is in ``candidacy_round_counts``, so that PostgreSQL
    can answer it by an index-only scan once the table is vacuumed. (Whether it does
    depends on the visibility map, which a test's fresh rows never have.)"""
    sql = captured_sql(rounds_for_selection)[0]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT attribute.attname FROM pg_index JOIN pg_attribute attribute"
            " ON attribute.attrelid = pg_index.indrelid"
            " AND attribute.attnum = ANY(pg_index.indkey)"
            " WHERE pg_index.indexrelid = 'candidacy_round_counts'::regclass"
        )
        covered = {row[0] for row in cursor.fetchall()}
    read = set(re.findall(r"\bcandidacies_candidacy\.(\w+)", plan))
    assert read, plan
    assert read <= covered, (read - covered, plan)


def test_the_board_s_page_is_read_in_the_order_of_an_index(review):
    """« Ordre de dépôt »: the page's 50 applications are the first rows of
    ``candidacy_board_order``, and only they are joined to their candidates and accounts;
    without it, every application of the round is joined, then sorted. A test's few rows
    would rightly be sorted in memory, so sorting is disabled: PostgreSQL then reads an
    index in the page's order if one exists, and sorts anyway if none does."""
    page = board_selection(review.candidacy.round).values(*LINE_FIELDS)[: settings.PAGE_SIZE]
    plan = queryset_plan(page, disabled=("sort",))
    assert any("candidacy_board_order" in line for line in plan), plan
    assert not [line for line in plan if "Sort" in line], plan
