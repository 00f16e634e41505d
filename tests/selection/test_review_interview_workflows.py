"""The review and interview tables (eig/selection/workflows.py): who may apply each move,
the history line each writes, and a status that cannot drift from its date."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply
from eig.selection.enums import InterviewStatus, Recommendation, ReviewStatus
from eig.selection.models import Interview, Review
from eig.selection.selectors.interviews import interview_criteria
from eig.selection.services.interviews import (
    CriterionScore,
    interview_cancel,
    interview_reschedule,
    interview_review_submit,
    interview_schedule,
)
from eig.selection.services.reviews import (
    ScoreInput,
    file_criteria,
    review_assign,
    review_save,
    review_submit,
)
from eig.selection.services.screening import screening_decide
from eig.selection.workflows import INTERVIEW_WORKFLOW, REVIEW_WORKFLOW
from tests.factories import AgentFactory, ReviewerFactory, StaffFactory
from tests.selection.interview_world import eligible_candidacy, plan
from tests.selection.round_setup import selection_round, submitted

pytestmark = pytest.mark.django_db


def _line(event):
    return (event.action, event.from_status, event.to_status)


def _as_table_says(workflow, name, source):
    transition = workflow.get(name)
    assert source in transition.sources
    return (transition.history_action, source, transition.target)


def _file_review():
    candidacy = submitted(selection_round())
    staff = StaffFactory()
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    reviewer = ReviewerFactory()
    return review_assign(candidacy=candidacy, reviewer=reviewer, by=staff), reviewer


def _file_scores(review):
    return {
        criterion.pk: ScoreInput(value=4, comment="Solide.")
        for criterion in file_criteria(review.candidacy.round)
    }


def _draft(review, reviewer, *, submit=False):
    return review_save(
        review=review,
        by=reviewer,
        scores=_file_scores(review),
        recommendation=Recommendation.YES,
        comment="Avis général",
        submit=submit,
    )


def _programme_interview():
    staff, reviewer = StaffFactory(), ReviewerFactory()
    interview = interview_schedule(
        candidacy=eligible_candidacy(), plan=plan(), interviewers=[reviewer], by=staff
    )
    return interview, staff, reviewer


def test_a_file_review_saved_then_submitted_writes_the_lines_its_table_says():
    review, reviewer = _file_review()
    assert review.status == ReviewStatus.ASSIGNED
    _draft(review, reviewer)
    review = review_submit(review=review, by=reviewer)
    assert (review.status, review.submitted_at is not None) == (ReviewStatus.SUBMITTED, True)
    lines = [_line(event) for event in event_list_for(review).order_by("pk")]
    assert lines == [
        _as_table_says(REVIEW_WORKFLOW, "save_draft", ReviewStatus.ASSIGNED),
        _as_table_says(REVIEW_WORKFLOW, "submit", ReviewStatus.ASSIGNED),
    ]
    # The actions the history and its readers already know.
    assert [line[0] for line in lines] == [
        HistoryAction.REVIEW_DRAFT_SAVED,
        HistoryAction.REVIEW_SUBMITTED,
    ]
    assert event_list_for(review).last().actor == reviewer


def test_a_file_review_submitted_from_its_form_moves_once():
    review, reviewer = _file_review()
    review = _draft(review, reviewer, submit=True)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert [_line(event) for event in event_list_for(review)] == [
        _as_table_says(REVIEW_WORKFLOW, "submit", ReviewStatus.ASSIGNED)
    ]
    with pytest.raises(DomainError, match="déjà rendue"):
        _draft(review, reviewer)


def test_an_interview_review_submitted_writes_the_line_its_table_says():
    interview, _staff, reviewer = _programme_interview()
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    assert review.status == ReviewStatus.ASSIGNED
    interview_review_submit(
        review=review,
        scores={
            criterion.pk: CriterionScore(value=4, comment="Clair.")
            for criterion in interview_criteria(interview.candidacy)
        },
        recommendation=Recommendation.YES,
        comment="Bon entretien.",
        by=reviewer,
    )
    review.refresh_from_db()
    assert (review.status, review.submitted_at is not None) == (ReviewStatus.SUBMITTED, True)
    (event,) = event_list_for(review)
    assert _line(event) == _as_table_says(
        REVIEW_WORKFLOW, "interview_submit", ReviewStatus.ASSIGNED
    )
    assert event.action == HistoryAction.INTERVIEW_REVIEW_SUBMITTED


def test_a_file_review_cannot_be_submitted_as_an_interview_review_nor_the_reverse():
    review, reviewer = _file_review()
    interview, _staff, interviewer = _programme_interview()
    interview_review = Review.objects.get(interview=interview, reviewer=interviewer)
    for instance, name, by in (
        (review, "interview_submit", reviewer),
        (interview_review, "submit", interviewer),
    ):
        with transaction.atomic(), pytest.raises(DomainError, match="pas l’évaluation"):
            transition_apply(workflow=REVIEW_WORKFLOW, instance=instance, name=name, by=by)


def test_an_interview_moved_then_cancelled_writes_the_lines_its_table_says():
    interview, staff, _reviewer = _programme_interview()
    assert interview.status == InterviewStatus.SCHEDULED
    interview = interview_reschedule(interview=interview, plan=plan(days=9), by=staff)
    assert interview.status == InterviewStatus.SCHEDULED
    interview = interview_cancel(interview=interview, by=staff, reason="Jury absent")
    interview.refresh_from_db()
    assert (interview.status, interview.cancelled_at is not None) == (
        InterviewStatus.CANCELLED,
        True,
    )
    events = list(event_list_for(interview).order_by("pk"))
    assert [_line(event) for event in events] == [
        (HistoryAction.INTERVIEW_SCHEDULED, "", ""),
        _as_table_says(INTERVIEW_WORKFLOW, "reschedule", InterviewStatus.SCHEDULED),
        _as_table_says(INTERVIEW_WORKFLOW, "cancel", InterviewStatus.SCHEDULED),
    ]
    assert [event.action for event in events] == [
        HistoryAction.INTERVIEW_SCHEDULED,
        HistoryAction.INTERVIEW_RESCHEDULED,
        HistoryAction.INTERVIEW_CANCELLED,
    ]
    assert "starts_at" in events[1].changes
    assert (events[2].comment, events[2].actor) == ("Jury absent", staff)
    with pytest.raises(DomainError, match="annulé"):
        interview_reschedule(interview=interview, plan=plan(days=10), by=staff)


def test_a_role_the_review_and_interview_tables_do_not_name_is_refused():
    review, _reviewer = _file_review()
    interview, _staff, reviewer = _programme_interview()
    agent = AgentFactory()
    for workflow, instance, name, by in (
        (REVIEW_WORKFLOW, review, "save_draft", agent),
        (REVIEW_WORKFLOW, review, "submit", agent),
        (REVIEW_WORKFLOW, review, "submit", None),
        (INTERVIEW_WORKFLOW, interview, "reschedule", reviewer),
        (INTERVIEW_WORKFLOW, interview, "cancel", reviewer),
        (INTERVIEW_WORKFLOW, interview, "cancel", None),
    ):
        with transaction.atomic(), pytest.raises(DomainError, match=r"rôle|automatiquement"):
            transition_apply(workflow=workflow, instance=instance, name=name, by=by)
    review.refresh_from_db()
    interview.refresh_from_db()
    assert (review.status, interview.status) == (ReviewStatus.ASSIGNED, InterviewStatus.SCHEDULED)


@pytest.mark.parametrize(
    "values",
    [
        {"submitted_at": timezone.now()},
        {"status": ReviewStatus.SUBMITTED},
    ],
    ids=["a date without the status", "the status without a date"],
)
def test_a_review_whose_status_and_date_disagree_is_refused(values):
    review, _reviewer = _file_review()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Review.objects.filter(pk=review.pk).update(**values)


@pytest.mark.parametrize(
    "values",
    [
        {"cancelled_at": timezone.now()},
        {"status": InterviewStatus.CANCELLED},
    ],
    ids=["a date without the status", "the status without a date"],
)
def test_an_interview_whose_status_and_date_disagree_is_refused(values):
    interview, _staff, _reviewer = _programme_interview()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Interview.objects.filter(pk=interview.pk).update(**values)
