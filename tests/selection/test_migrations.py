"""The data migration that gives reviews and interviews their status from their dates.

The test takes the selection's schema back to the migration that adds the columns (all
rows then hold the default status, whatever their dates), writes rows as they were, and
moves the schema forward again through the data migration and the constraints.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eig.selection.enums import InterviewStatus, ReviewStatus
from eig.selection.models import Interview, Review
from eig.selection.services.interviews import interview_schedule
from eig.selection.services.reviews import review_assign
from eig.selection.services.screening import screening_decide
from tests.factories import ReviewerFactory, StaffFactory
from tests.selection.interview_world import eligible_candidacy, plan
from tests.selection.round_setup import selection_round, submitted

COLUMNS_ADDED = [("selection", "0007_review_and_interview_status")]
STATUS_FILLED = [("selection", "0008_review_and_interview_status_from_dates")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes("selection")


@pytest.mark.django_db(transaction=True)
def test_the_status_of_reviews_and_interviews_comes_from_their_dates():
    staff = StaffFactory()
    candidacy = submitted(selection_round())
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    submitted_review, open_review = (
        review_assign(candidacy=candidacy, reviewer=ReviewerFactory(), by=staff) for _ in range(2)
    )
    cancelled, planned = (
        interview_schedule(
            candidacy=eligible_candidacy(), plan=plan(), interviewers=[staff], by=staff
        )
        for _ in range(2)
    )
    try:
        _migrate(COLUMNS_ADDED)
        # Rows as they were before the status: only their dates tell.
        Review.objects.update(status=ReviewStatus.ASSIGNED)
        Review.objects.filter(pk=submitted_review.pk).update(submitted_at=timezone.now())
        Interview.objects.update(status=InterviewStatus.SCHEDULED)
        Interview.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
        _migrate(STATUS_FILLED)
        statuses = dict(Review.objects.values_list("pk", "status"))
        assert statuses[submitted_review.pk] == ReviewStatus.SUBMITTED
        assert statuses[open_review.pk] == ReviewStatus.ASSIGNED
        statuses = dict(Interview.objects.values_list("pk", "status"))
        assert statuses[cancelled.pk] == InterviewStatus.CANCELLED
        assert statuses[planned.pk] == InterviewStatus.SCHEDULED
        # Interview reviews too (one per interviewer), still open.
        assert set(
            Review.objects.filter(interview__isnull=False).values_list("status", flat=True)
        ) == {ReviewStatus.ASSIGNED}
    finally:
        _migrate(_latest())
