"""Text search: French, without accents, by word beginnings, answered by GIN indexes."""

import pytest
from django.conf import settings

from eig.candidacies.selectors.staff import StaffFilters, candidacy_list_for_staff
from eig.challenges.enums import ChallengeStatus
from eig.challenges.selectors.challenges import StaffFilters as ChallengeFilters
from eig.challenges.selectors.challenges import challenge_list_for_staff
from eig.challenges.selectors.public import PublicFilters, challenge_list_public
from tests.candidacies.applications import application
from tests.factories import ChallengeFactory, OrganisationFactory
from tests.plans import index_conditions, queryset_plan, sequential_scans

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    not settings.USES_POSTGRESQL, reason="full-text search is PostgreSQL's"
)


def _public(text):
    return {c.title for c in challenge_list_public(filters=PublicFilters(search=text))}


def _published(**fields):
    return ChallengeFactory(status=ChallengeStatus.RUNNING, **fields)


@pytest.mark.parametrize("text", ["numér", "Numérique", "SERVICE accessible"])
def test_a_search_finds_the_beginning_of_words_whatever_their_case(text):
    _published(title="Un service numérique accessible")
    _published(title="Sans rapport")
    assert _public(text) == {"Un service numérique accessible"}


@postgresql_only
@pytest.mark.parametrize("text", ["numerique", "NUMÉRIQUES", "Ecoles", "écoles"])
def test_on_postgresql_accents_and_plurals_do_not_matter(text):
    _published(title="Le numérique à l’école", organisation=OrganisationFactory(name="Écoles"))
    _published(title="Sans rapport")
    assert _public(text) == {"Le numérique à l’école"}


def test_punctuation_is_not_read_as_an_operator():
    _published(title="Santé & social : l’accès aux droits")
    assert _public("santé & (social) | !droits:*") == {"Santé & social : l’accès aux droits"}


def _plan(queryset, table):
    plan = queryset_plan(queryset)
    scans = [line for line in sequential_scans(plan) if table in line]
    return scans, index_conditions(plan)


@postgresql_only
def test_the_catalogue_search_reads_no_whole_table():
    _published(title="Un service numérique")
    scans, conditions = _plan(
        challenge_list_public(filters=PublicFilters(search="numérique")), "challenges_challenge"
    )
    assert scans == []
    assert "to_tsvector" in conditions


@postgresql_only
def test_the_staff_searches_read_no_whole_table():
    application(first_name="Ada", last_name="Lovelace", skills="Rust")
    defis = challenge_list_for_staff(filters=ChallengeFilters(search="cantine"))
    candidacies = candidacy_list_for_staff(filters=StaffFilters(search="ada"))
    for queryset, table in ((defis, "organisations_organisation"), (candidacies, "accounts_user")):
        scans, conditions = _plan(queryset, table)
        assert scans == []
        assert "to_tsvector" in conditions
