"""Programme and joint interviews: invitations with a calendar, updates, cancellation,
and scoring by the interviewers only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from eig.core.errors import DomainError
from eig.notifications.models import Email
from eig.programmes.enums import CriterionStage
from eig.selection.enums import ProposalStatus, ReviewStage
from eig.selection.models import Conflict, Interview, Proposal, Review
from eig.selection.selectors.interviews import interview_criteria
from eig.selection.services.interviews import (
    CriterionScore,
    interview_cancel,
    interview_reschedule,
    interview_review_submit,
    interview_schedule,
)
from tests.factories import AgentFactory, CandidacyFactory, ReviewerFactory, StaffFactory
from tests.selection.ics import parse
from tests.selection.interview_world import (
    eligible_candidacy,
    plan,
    pool_candidacy,
    recruiting_challenge,
)

pytestmark = pytest.mark.django_db


def _calendar(email):
    (attachment,) = email.attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["mimetype"] == "text/calendar"
    return parse(attachment["content"])


def _schedule(candidacy=None, interviewers=None, **kwargs):
    staff = kwargs.pop("by", None) or StaffFactory()
    return interview_schedule(
        candidacy=candidacy or eligible_candidacy(),
        plan=kwargs.pop("plan", None) or plan(),
        interviewers=interviewers or [ReviewerFactory(), staff],
        by=staff,
        **kwargs,
    )


def test_everyone_invited_gets_an_email_with_the_calendar():
    reviewer = ReviewerFactory()
    staff = StaffFactory(first_name="Anne", last_name="Martin")
    candidacy = eligible_candidacy()
    interview = _schedule(candidacy, interviewers=[reviewer, staff], by=staff, plan=plan(hour=14))
    emails = Email.objects.filter(template="interview_invitation")
    candidate_email = candidacy.candidate.user.email
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        [candidate_email, reviewer.email, staff.email]
    )
    for email in emails:
        calendar = _calendar(email)
        assert calendar["calendar"]["METHOD"] == "REQUEST"
        (event,) = calendar["events"]
        assert event["UID"] == f"entretien-{interview.pk}@127.0.0.1"
        assert event["SEQUENCE"] == "0"
        start = interview.starts_at.astimezone(datetime.UTC)
        assert event["DTSTART"] == start.strftime("%Y%m%dT%H%M%SZ")
        end = start + datetime.timedelta(minutes=45)
        assert event["DTEND"] == end.strftime("%Y%m%dT%H%M%SZ")
        assert event["LOCATION"] == "20 avenue de Ségur, 75007 Paris"
        assert event["ORGANIZER"][1] == f"mailto:{staff.email}"
        attendees = {value for _params, value in event["ATTENDEE"]}
        assert attendees == {
            f"mailto:{candidate_email}",
            f"mailto:{reviewer.email}",
            f"mailto:{staff.email}",
        }
    assert interview.starts_at.astimezone(datetime.UTC).hour in (12, 13)  # 14:00 in Paris


def test_each_interviewer_gets_an_interview_review_to_fill():
    reviewer = ReviewerFactory()
    staff = StaffFactory()
    interview = _schedule(interviewers=[reviewer, staff], by=staff)
    reviews = Review.objects.filter(interview=interview, stage=ReviewStage.INTERVIEW)
    assert set(reviews.values_list("reviewer", flat=True)) == {reviewer.pk, staff.pk}


@pytest.mark.parametrize("status", ["draft", "withdrawn", "pool"])
def test_only_submitted_and_screened_eligible_applications_are_invited(status):
    candidacy = CandidacyFactory(status=status)
    with pytest.raises(DomainError):
        _schedule(candidacy)


def test_a_submitted_application_not_yet_screened_is_not_invited():
    with pytest.raises(DomainError):
        _schedule(CandidacyFactory(status="submitted"))


def test_the_invitation_page_of_a_draft_answers_404_without_its_name(client):
    candidacy = CandidacyFactory(status="draft", candidate__user__last_name="Brouillonne")
    client.force_login(StaffFactory())
    response = client.get(reverse("interviews:create", kwargs={"pk": candidacy.pk}))
    assert response.status_code == 404
    assert "Brouillonne" not in response.text


def test_the_invitation_page_refuses_an_application_not_eligible_before_the_form(client):
    candidacy = CandidacyFactory(status="submitted", candidate__user__last_name="Pasrecevable")
    client.force_login(StaffFactory())
    response = client.get(reverse("interviews:create", kwargs={"pk": candidacy.pk}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("interviews:staff_list")
    assert "Pasrecevable" not in response.text
    assert "déclarée recevable" in response.text


def test_the_invitation_page_shows_the_form_for_an_eligible_application(client):
    candidacy = eligible_candidacy()
    client.force_login(StaffFactory())
    response = client.get(reverse("interviews:create", kwargs={"pk": candidacy.pk}))
    assert response.status_code == 200


def test_the_interview_needs_a_place_or_a_valid_video_link():
    with pytest.raises(DomainError):
        _schedule(plan=plan(location=""))
    with pytest.raises(ValidationError):
        _schedule(plan=plan(location="", video_url="javascript:alert(1)"))
    interview = _schedule(plan=plan(location="", video_url="https://visio.numerique.gouv.fr/x"))
    email = Email.objects.filter(template="interview_invitation").first()
    (event,) = _calendar(email)["events"]
    assert event["URL"] == "https://visio.numerique.gouv.fr/x"
    assert interview.video_url == "https://visio.numerique.gouv.fr/x"


def test_the_interview_is_in_the_future():
    with pytest.raises(DomainError):
        _schedule(plan=plan(days=-1))


def test_only_staff_schedule_and_interviewers_are_staff_or_reviewers():
    with pytest.raises(DomainError):
        interview_schedule(
            candidacy=eligible_candidacy(),
            plan=plan(),
            interviewers=[ReviewerFactory()],
            by=ReviewerFactory(),
        )
    with pytest.raises(DomainError):
        _schedule(interviewers=[AgentFactory()])


def test_a_reviewer_with_a_conflict_cannot_interview():
    candidacy = eligible_candidacy()
    reviewer = ReviewerFactory()
    Conflict.objects.create(
        reviewer=reviewer, candidate=candidacy.candidate, reason="Ancien associé"
    )
    with pytest.raises(DomainError):
        _schedule(candidacy, interviewers=[reviewer])


def test_one_programme_interview_at_a_time():
    candidacy = eligible_candidacy()
    _schedule(candidacy)
    with pytest.raises(DomainError):
        _schedule(candidacy)


def test_rescheduling_sends_an_update_with_a_higher_sequence():
    staff = StaffFactory()
    interview = _schedule(by=staff)
    Email.objects.all().delete()
    interview_reschedule(interview=interview, plan=plan(days=8, hour=10, minute=0), by=staff)
    interview_reschedule(interview=interview, plan=plan(days=9, hour=10, minute=0), by=staff)
    emails = Email.objects.filter(template="interview_update").order_by("pk")
    assert emails.count() == 6
    sequences = [_calendar(email)["events"][0]["SEQUENCE"] for email in emails]
    assert sequences == ["1"] * 3 + ["2"] * 3
    uids = {_calendar(email)["events"][0]["UID"] for email in emails}
    assert uids == {f"entretien-{interview.pk}@127.0.0.1"}
    interview.refresh_from_db()
    event = _calendar(emails.last())["events"][0]
    assert event["DTSTART"] == interview.starts_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )


def test_cancelling_sends_a_cancel_to_everyone():
    staff = StaffFactory()
    interview = _schedule(by=staff)
    interview_cancel(interview=interview, reason="Empêchement", by=staff)
    emails = Email.objects.filter(template="interview_cancellation")
    assert emails.count() == 3
    for email in emails:
        calendar = _calendar(email)
        assert calendar["calendar"]["METHOD"] == "CANCEL"
        assert calendar["events"][0]["STATUS"] == "CANCELLED"
        assert calendar["events"][0]["SEQUENCE"] == "1"
    with pytest.raises(DomainError):
        interview_cancel(interview=interview, by=staff)
    with pytest.raises(DomainError):
        interview_reschedule(interview=interview, plan=plan(), by=staff)


def _scores(candidacy, value=4):
    return {
        c.pk: CriterionScore(value=value, comment="Clair et précis.")
        for c in interview_criteria(candidacy)
    }


def test_the_interview_criteria_come_from_the_programme_grid():
    labels = [c.label for c in interview_criteria(eligible_candidacy())]
    assert labels == ["Adaptabilité", "Communication", "Intérêt pour les thématiques"]
    assert all(
        c.stage == CriterionStage.INTERVIEW for c in interview_criteria(eligible_candidacy())
    )


def test_an_interviewer_scores_each_criterion():
    reviewer = ReviewerFactory()
    interview = _schedule(interviewers=[reviewer])
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    interview_review_submit(
        review=review,
        scores=_scores(interview.candidacy),
        recommendation="yes",
        comment="Très bon entretien.",
        by=reviewer,
    )
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.scores.count() == 3
    with pytest.raises(DomainError):  # once submitted, it stays
        interview_review_submit(
            review=review,
            scores=_scores(interview.candidacy),
            recommendation="no",
            comment="",
            by=reviewer,
        )


def test_scoring_needs_every_criterion_with_a_comment_within_the_scale():
    reviewer = ReviewerFactory()
    interview = _schedule(interviewers=[reviewer])
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    scores = _scores(interview.candidacy)
    first = next(iter(scores))
    for broken in (
        {k: v for k, v in scores.items() if k != first},
        {**scores, first: CriterionScore(value=4, comment=" ")},
        {**scores, first: CriterionScore(value=6, comment="Trop")},
    ):
        with pytest.raises(DomainError):
            interview_review_submit(
                review=review, scores=broken, recommendation="yes", comment="", by=reviewer
            )
    assert review.scores.count() == 0


def test_only_the_interviewer_scores_their_review():
    reviewer = ReviewerFactory()
    interview = _schedule(interviewers=[reviewer])
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    for intruder in (ReviewerFactory(), StaffFactory(), interview.candidacy.candidate.user):
        with pytest.raises(DomainError):
            interview_review_submit(
                review=review,
                scores=_scores(interview.candidacy),
                recommendation="yes",
                comment="",
                by=intruder,
            )


def test_no_scoring_once_cancelled():
    staff = StaffFactory()
    reviewer = ReviewerFactory()
    interview = _schedule(interviewers=[reviewer], by=staff)
    interview_cancel(interview=interview, by=staff)
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    with pytest.raises(DomainError):
        interview_review_submit(
            review=review,
            scores=_scores(interview.candidacy),
            recommendation="yes",
            comment="",
            by=reviewer,
        )


def _proposal():
    challenge = recruiting_challenge()
    agent = AgentFactory(organisation=challenge.organisation)
    proposal = Proposal.objects.create(candidacy=pool_candidacy(), challenge=challenge)
    return proposal, agent


def test_a_joint_interview_invites_the_candidate_the_interviewers_and_the_agents():
    proposal, agent = _proposal()
    staff = StaffFactory()
    interview = _schedule(
        proposal.candidacy, interviewers=[staff], by=staff, challenge=proposal.challenge
    )
    assert interview.kind == "joint"
    recipients = set(
        Email.objects.filter(template="interview_invitation").values_list("to", flat=True)
    )
    assert recipients == {proposal.candidacy.candidate.user.email, staff.email, agent.email}
    agent_email = Email.objects.get(template="interview_invitation", to=agent.email)
    assert (
        reverse("interviews:jury_list", kwargs={"pk": proposal.challenge.pk})
        in agent_email.body_text
    )
    (event,) = _calendar(agent_email)["events"]
    assert proposal.challenge.title in event["SUMMARY"]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    assert not Review.objects.filter(interview=interview).exists()
    interview_cancel(interview=interview, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_a_joint_interview_needs_a_proposal_to_that_challenge():
    proposal, _agent = _proposal()
    with pytest.raises(DomainError):
        _schedule(proposal.candidacy, challenge=recruiting_challenge())
    assert not Interview.objects.exists()


# The lists, at volume
def test_the_staff_list_pages_each_of_its_three_lists_on_its_own(client, settings):
    settings.PAGE_SIZE = 2
    staff = StaffFactory()
    interviewer = ReviewerFactory()
    for day in (3, 4, 5):
        _schedule(plan=plan(days=day), interviewers=[interviewer, staff], by=staff)
    waiting = [eligible_candidacy() for _index in range(3)]
    client.force_login(staff)

    response = client.get(reverse("interviews:staff_list"), {"a_venir": 2, "a_inviter": 2})

    assert response.status_code == 200
    upcoming, to_invite = response.context["upcoming"], response.context["to_invite"]
    assert (upcoming.paginator.count, len(upcoming.object_list)) == (3, 1)
    assert (to_invite.paginator.count, len(to_invite.object_list)) == (3, 1)
    assert to_invite.object_list[0] in waiting
    html = response.content.decode()
    assert "3 candidatures recevables sans entretien." in html
    assert 'aria-label="Pagination : Entretiens à venir"' in html
    # Each list's links keep the other list's page.
    assert "a_inviter=2&amp;a_venir=1" in html or "a_venir=1&amp;a_inviter=2" in html


@pytest.mark.parametrize("size", [2, 6])
def test_the_staff_list_queries_do_not_grow_with_the_interviews(
    client, settings, django_assert_max_num_queries, size
):
    settings.PAGE_SIZE = 2
    staff = StaffFactory()
    for day in range(size):
        _schedule(plan=plan(days=day + 2), by=staff)
        eligible_candidacy()
    client.force_login(staff)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("interviews:staff_list"))

    assert len(response.context["upcoming"].object_list) == 2


def test_an_interviewers_list_is_paginated(client, settings):
    settings.PAGE_SIZE = 2
    interviewer = ReviewerFactory()
    for day in (3, 4, 5):
        _schedule(plan=plan(days=day), interviewers=[interviewer, StaffFactory()])
    client.force_login(interviewer)

    response = client.get(reverse("interviews:my_interviews"), {"page": 2})

    assert response.context["interviews"].paginator.count == 3
    assert len(response.context["interviews"].object_list) == 1
    assert "Page 2 sur 2" in response.content.decode()
