"""Possible duplicates are found through keys the database keeps and indexes."""

import pytest
from django.conf import settings

from eig.accounts.models import User
from eig.candidacies import services
from eig.candidacies.selectors.staff import duplicates_for
from tests.candidacies.applications import application
from tests.factories import CandidateProfileFactory
from tests.plans import captured_sql, index_conditions, query_plan, sequential_scans

pytestmark = pytest.mark.django_db


def test_the_phone_key_follows_the_number_the_candidate_edits():
    same_person = {"user__first_name": "Léa", "user__last_name": "Roy"}
    profile = CandidateProfileFactory(phone="01 02 03 04 05", **same_person)
    other = CandidateProfileFactory(phone="+33 6 12 34 56 78", **same_person)
    assert duplicates_for([profile]) == {}

    services.candidate_update(candidate=profile, by=profile.user, data={"phone": "06.12.34.56.78"})

    profile.refresh_from_db()

    assert [d.candidate_id for d in duplicates_for([profile])[profile.pk]] == [other.pk]


def test_the_email_key_ignores_case():
    profile = CandidateProfileFactory(user__email="jeanne.martin@example.fr")
    other = CandidateProfileFactory(user__email="x@example.fr")
    User.objects.filter(pk=other.user_id).update(email="Jeanne.Martin@Example.FR")
    assert [d.candidate_id for d in duplicates_for([profile])[profile.pk]] == [other.pk]


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="query plans are PostgreSQL's")
def test_finding_duplicates_reads_no_whole_table():
    first = application(first_name="Élise", last_name="Dupré", phone="06 12 34 56 78")
    application(first_name="Élise", last_name="Dupré", phone="+33 6 12 34 56 78")

    (lookup, *_files) = captured_sql(duplicates_for, [first.candidate])

    plan = query_plan(lookup)
    assert sequential_scans(plan) == []
    assert "replace(" in index_conditions(plan)  # the phone key's expression
    assert "lower(" in index_conditions(plan)  # the e-mail key's
