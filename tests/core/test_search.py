"""Text search: French, without accents, by word beginnings, answered by GIN indexes."""

import pytest
from django.conf import settings

from eig.candidacies import privacy
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
    assert "search_title_problem_public_summary @@" in conditions


@postgresql_only
def test_the_staff_searches_read_no_whole_table():
    application(first_name="Ada", last_name="Lovelace", skills="Rust")
    defis = challenge_list_for_staff(filters=ChallengeFilters(search="cantine"))
    candidacies = candidacy_list_for_staff(filters=StaffFilters(search="ada"))
    for queryset, table, column in (
        (defis, "organisations_organisation", "search_name_acronym"),
        (candidacies, "accounts_user", "search_first_name_last_name_email"),
    ):
        scans, conditions = _plan(queryset, table)
        assert scans == []
        assert f"{column} @@" in conditions


def _staff_found(text):
    found = candidacy_list_for_staff(filters=StaffFilters(search=text))
    return {candidacy.candidate.user.last_name for candidacy in found}


def test_a_search_follows_a_change_of_the_searched_fields():
    """On PostgreSQL the document is a stored column: it must follow each change."""
    candidacy = application(first_name="Ada", last_name="Lovelace", skills="Rust")
    user = candidacy.candidate.user
    user.last_name = "Byron"
    user.save(update_fields=["last_name"])
    assert _staff_found("Lovelace") == set()
    assert _staff_found("Byron") == {"Byron"}


def test_an_erased_candidate_is_no_longer_found_by_their_name_or_skills():
    candidacy = application(first_name="Ada", last_name="Lovelace", skills="Rust")
    user = candidacy.candidate.user
    privacy.account_erase(user=user, by=user)
    assert _staff_found("Lovelace") == set()
    assert _staff_found("Rust") == set()


@postgresql_only
def test_a_search_reads_the_stored_documents_not_a_vector_per_row():
    """The rows an index finds are checked against the stored vector (Recheck Cond): no
    ``to_tsvector`` computed for each of them."""
    _published(title="Un service numérique")
    plan = queryset_plan(challenge_list_public(filters=PublicFilters(search="service")))
    assert "to_tsvector" not in "\n".join(plan)
