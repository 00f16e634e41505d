"""The administration's jury sees the candidates proposed to its défi, and no one else;
interviewers see only the interviews they sit on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.core.templatetags.eig_french import french_date
from eig.selection.models import Proposal, Review
from eig.selection.services.interviews import interview_schedule
from eig.selection.services.proposals import proposal_create
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    ReviewerFactory,
    StaffFactory,
)
from tests.selection.interview_world import (
    eligible_candidacy,
    plan,
    pool_candidacy,
    recruiting_challenge,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury():
    """Two défis of one administration, one of another; a candidate proposed to each."""
    staff = StaffFactory()
    mine = recruiting_challenge(title="Mon défi")
    agent = AgentFactory(organisation=mine.organisation)
    sibling = recruiting_challenge(organisation=mine.organisation, title="Mon autre défi")
    theirs = recruiting_challenge(title="Le défi d’une autre administration")
    other_agent = AgentFactory(organisation=theirs.organisation)
    proposed = proposal_create(candidacy=pool_candidacy(), challenge=mine, by=staff)
    to_sibling = proposal_create(candidacy=pool_candidacy(), challenge=sibling, by=staff)
    to_theirs = proposal_create(candidacy=pool_candidacy(), challenge=theirs, by=staff)
    return {
        "staff": staff,
        "agent": agent,
        "other_agent": other_agent,
        "mine": mine,
        "sibling": sibling,
        "theirs": theirs,
        "proposed": proposed,
        "to_sibling": to_sibling,
        "to_theirs": to_theirs,
    }


def _urls(proposal):
    pk, proposal_pk = proposal.challenge_id, proposal.pk
    return [
        reverse("interviews:jury_list", kwargs={"pk": pk}),
        reverse("interviews:jury_candidate", kwargs={"pk": pk, "proposal_pk": proposal_pk}),
        reverse("interviews:jury_cv", kwargs={"pk": pk, "proposal_pk": proposal_pk}),
    ]


def test_the_agent_sees_the_candidate_proposed_to_their_challenge_and_the_cv(client, jury):
    client.force_login(jury["agent"])
    list_url, candidate_url, cv_url = _urls(jury["proposed"])
    response = client.get(list_url)
    assert response.status_code == 200
    assert [p.pk for p in response.context["proposals"]] == [jury["proposed"].pk]
    response = client.get(candidate_url)
    assert response.status_code == 200
    assert b"Genre" not in response.content
    assert b"genre" not in response.content
    response = client.get(cv_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_agent_reaches_no_other_candidate(client, jury):
    client.force_login(jury["agent"])
    mine = jury["mine"].pk
    # Another organisation's défi, and its candidate.
    for url in _urls(jury["to_theirs"]):
        assert client.get(url).status_code == 404
    # A candidate proposed to another défi, even of the same organisation, through this défi.
    for name in ("interviews:jury_candidate", "interviews:jury_cv"):
        for proposal in (jury["to_theirs"], jury["to_sibling"]):
            url = reverse(name, kwargs={"pk": mine, "proposal_pk": proposal.pk})
            assert client.get(url).status_code == 404
    # The sibling défi's own page lists only its own candidate.
    response = client.get(reverse("interviews:jury_list", kwargs={"pk": jury["sibling"].pk}))
    assert [p.pk for p in response.context["proposals"]] == [jury["to_sibling"].pk]


def test_a_withdrawn_proposal_is_no_longer_visible(client, jury):
    Proposal.objects.filter(pk=jury["proposed"].pk).update(status="withdrawn")
    client.force_login(jury["agent"])
    for url in _urls(jury["proposed"])[1:]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["other_agent", "candidate", "reviewer", "staff"])
def test_no_one_else_reaches_the_jury_pages(client, jury, who):
    user = {
        "candidate": jury["proposed"].candidacy.candidate.user,
        "reviewer": ReviewerFactory(),
    }.get(who) or jury[who]
    client.force_login(user)
    for url in _urls(jury["proposed"]):
        assert client.get(url).status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_sign_in(client, jury):
    for url in _urls(jury["proposed"]):
        assert client.get(url).status_code == 302


def test_the_jury_records_its_opinion_and_ranking_through_the_pages(client, jury):
    staff, agent, mine, proposed = jury["staff"], jury["agent"], jury["mine"], jury["proposed"]
    _list_url, candidate_url, _cv = _urls(proposed)
    client.force_login(agent)
    # Before the joint interview: no form.
    assert client.get(candidate_url).context["form"] is None
    interview_schedule(
        candidacy=proposed.candidacy, challenge=mine, plan=plan(), interviewers=[staff], by=staff
    )
    response = client.post(candidate_url, {"decision": "retained", "opinion": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(candidate_url, {"decision": "retained", "opinion": "Excellent."})
    assert response.status_code == 302
    response = client.post(_list_url, {f"rank_{proposed.pk}": "1"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.jury_rank) == ("retained", 1)


def test_the_jury_table_gives_the_joint_interview_s_date(client, jury):
    other = proposal_create(candidacy=pool_candidacy(), challenge=jury["mine"], by=jury["staff"])
    interview_schedule(
        candidacy=jury["proposed"].candidacy,
        plan=plan(days=7, hour=14, minute=30),
        interviewers=[jury["staff"]],
        challenge=jury["mine"],
        by=jury["staff"],
    )
    client.force_login(jury["agent"])

    page = client.get(reverse("interviews:jury_list", kwargs={"pk": jury["mine"].pk}))

    text = page.content.decode()
    day = timezone.localdate() + datetime.timedelta(days=7)
    assert f"{french_date(day)} à 14:30" in text
    assert "Prévu ou passé" not in text
    rows = {proposal.pk: proposal for proposal in page.context["proposals"]}
    assert rows[other.pk].joint_interview_at is None
    assert "À programmer" in text


@pytest.mark.parametrize("size", [3, 20])
def test_the_jury_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, jury, size
):
    for _index in range(size):
        proposal_create(candidacy=pool_candidacy(), challenge=jury["mine"], by=jury["staff"])
    client.force_login(jury["agent"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("interviews:jury_list", kwargs={"pk": jury["mine"].pk}))
    assert len(response.context["proposals"]) == size + 1


# --- Interviewers ----------------------------------------------------------------------


@pytest.fixture
def programme_interview():
    staff = StaffFactory()
    reviewer = ReviewerFactory()
    interview = interview_schedule(
        candidacy=eligible_candidacy(), plan=plan(), interviewers=[reviewer], by=staff
    )
    return interview, reviewer, staff


def test_the_interviewer_scores_through_the_page(client, programme_interview):
    interview, reviewer, _staff = programme_interview
    client.force_login(reviewer)
    url = reverse("interviews:review", kwargs={"pk": interview.pk})
    response = client.get(url)
    assert response.status_code == 200
    criteria = response.context["form"].criteria
    data = {"recommendation": "yes", "comment": "Bien."}
    for criterion in criteria:
        data[f"score_{criterion.pk}"] = "4"
        data[f"comment_{criterion.pk}"] = "Argumenté."
    assert client.post(url, data).status_code == 302
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    assert review.submitted_at is not None
    assert client.get(reverse("interviews:my_interviews")).status_code == 200


def test_a_reviewer_not_on_the_interview_gets_404(client, programme_interview):
    interview, _reviewer, _staff = programme_interview
    url = reverse("interviews:review", kwargs={"pk": interview.pk})
    for user in (ReviewerFactory(), StaffFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(CandidateFactory())
    assert client.get(url).status_code == 403
    client.force_login(AgentFactory())
    assert client.get(url).status_code == 403


def test_staff_schedule_reschedule_and_cancel_through_the_pages(client, programme_interview):
    _interview, reviewer, staff = programme_interview
    client.force_login(staff)
    candidacy = eligible_candidacy()
    response = client.get(reverse("interviews:staff_list"))
    assert response.status_code == 200
    assert candidacy in response.context["to_invite"]
    url = reverse("interviews:create", kwargs={"pk": candidacy.pk})
    day = plan().starts_at.date().isoformat()
    data = {
        "day": day,
        "time": "14:30",
        "duration_minutes": "45",
        "location": "",
        "video_url": "javascript:alert(1)",
        "interviewers": [reviewer.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors  # nothing lost: the form comes back filled
    assert response.context["form"]["day"].value() == day
    data["video_url"] = "https://visio.numerique.gouv.fr/entretien"
    response = client.post(url, data)
    assert response.status_code == 302
    new = candidacy.interviews.get()
    assert new.starts_at.astimezone().strftime("%H:%M") == "14:30"
    detail = reverse("interviews:staff_detail", kwargs={"pk": new.pk})
    assert client.get(detail).status_code == 200
    reschedule = reverse("interviews:reschedule", kwargs={"pk": new.pk})
    assert client.get(reschedule).status_code == 200
    assert client.post(reschedule, {**data, "time": "16:00"}).status_code == 302
    new.refresh_from_db()
    assert new.starts_at.astimezone().strftime("%H:%M") == "16:00"
    assert client.post(reverse("interviews:cancel", kwargs={"pk": new.pk})).status_code == 302
    new.refresh_from_db()
    assert new.cancelled_at is not None


@pytest.mark.parametrize("size", [3, 20])
def test_the_interview_lists_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    staff = StaffFactory()
    reviewer = ReviewerFactory()
    for _index in range(size):
        interview_schedule(
            candidacy=eligible_candidacy(), plan=plan(), interviewers=[reviewer, staff], by=staff
        )
        eligible_candidacy()
    for user, name in ((staff, "interviews:staff_list"), (reviewer, "interviews:my_interviews")):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
