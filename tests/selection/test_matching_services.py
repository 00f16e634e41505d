"""The matching of a round: rankings, places, runs, overrides, explanations, publication."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.contracts.services.offers import offer_confirm
from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.notifications.models import Email
from eig.selection.enums import MatchingRunStatus, ProposalStatus
from eig.selection.models import MatchingRun, Ranking
from eig.selection.selectors.matching import (
    CANDIDATE_FULL_ONE,
    JURY_ELSEWHERE,
    candidate_explanations,
    effective_result,
    jury_explanations,
    run_blocking_pairs,
)
from eig.selection.services.matching import (
    candidate_ranking_save,
    challenge_places_set,
    jury_ranking_save,
    matching_override,
    matching_publish,
    matching_run,
    ranking_reminders_send,
)
from tests.contracts.offers import fill_places
from tests.selection.matching_world import rank_all, world

pytestmark = pytest.mark.django_db


def ids(built, names):
    return [str(built.candidacies[n].pk) for n in names]


def test_a_run_gives_the_candidate_optimal_stable_matching_and_keeps_its_inputs():
    # Gale and Shapley's first example: the proposing side (candidates) gets its choices.
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(
        built,
        candidates={"a": ["x", "y"], "b": ["y", "x"]},
        juries={"x": ["b", "a"], "y": ["a", "b"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    x, y = (str(built.challenges[h].pk) for h in ("x", "y"))
    assert run.result == {x: ids(built, ["a"]), y: ids(built, ["b"])}
    assert run.run_by == built.staff
    assert run.inputs["juries"][x] == ids(built, ["b", "a"])
    assert run.inputs["places"][x] == {"product": 1, "tech": 1}
    assert Event.objects.filter(action=HistoryAction.MATCHING_COMPUTED, object_id=run.pk).exists()
    assert run_blocking_pairs(run) == []


def test_drafts_do_not_count_and_leaving_out_refuses_the_pair():
    built = world(challenges=("x",), candidates=("a", "b"))
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a", "b"]})
    rank_all(built, candidates={"b": ["x"]}, juries={}, submit=False)
    run = matching_run(round=built.round, by=built.staff)
    assert list(run.inputs["candidates"]) == ids(built, ["a"])
    # b left "x" out of the saved list: never matched there, whatever the jury wants.
    candidate_ranking_save(
        round=built.round,
        candidacy=built.candidacies["b"],
        proposal_ids=[],
        submit=True,
        by=built.user("b"),
    )
    again = matching_run(round=built.round, by=built.staff)
    assert again.result == {str(built.challenges["x"].pk): ids(built, ["a"])}
    assert MatchingRun.objects.count() == 2


def test_a_ranking_is_recorded_in_the_history_and_editable_until_the_deadline():
    built = world(challenges=("x", "y"), candidates=("a",), deadline_in=0)
    rank_all(built, candidates={"a": ["x", "y"]}, juries={}, submit=False)
    ranking = Ranking.objects.get(candidacy=built.candidacies["a"])
    assert ranking.submitted_at is None
    rank_all(built, candidates={"a": ["y", "x"]}, juries={})
    ranking.refresh_from_db()
    assert ranking.submitted_at is not None
    assert [e.proposal.challenge_id for e in ranking.entries.all()] == [
        built.challenges["y"].pk,
        built.challenges["x"].pk,
    ]
    actions = Event.objects.filter(object_id=ranking.pk).values_list("action", flat=True)
    assert sorted(actions) == [HistoryAction.RANKING_DRAFTED, HistoryAction.RANKING_SUBMITTED]
    later = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(later), pytest.raises(DomainError, match="date limite"):
        rank_all(built, candidates={"a": ["x"]}, juries={})
    assert ranking.entries.count() == 2


def test_nobody_ranks_what_is_not_theirs():
    built = world(challenges=("x",), candidates=("a", "b"))
    with pytest.raises(DomainError, match="pas le vôtre"):
        candidate_ranking_save(
            round=built.round,
            candidacy=built.candidacies["a"],
            proposal_ids=[],
            submit=True,
            by=built.user("b"),
        )
    with pytest.raises(DomainError, match="pas à classer"):
        candidate_ranking_save(
            round=built.round,
            candidacy=built.candidacies["a"],
            proposal_ids=[built.proposal("b", "x").pk],
            submit=True,
            by=built.user("a"),
        )
    with pytest.raises(DomainError, match="jury"):
        jury_ranking_save(
            round=built.round,
            challenge=built.challenges["x"],
            proposal_ids=[],
            submit=True,
            by=built.user("a"),
        )
    with pytest.raises(DomainError, match="une fois"):
        jury_ranking_save(
            round=built.round,
            challenge=built.challenges["x"],
            proposal_ids=[built.proposal("a", "x").pk] * 2,
            submit=True,
            by=built.agents["x"],
        )
    assert not Ranking.objects.exists()


def test_a_candidate_without_a_joint_interview_is_not_rankable():
    built = world(challenges=("x",), candidates=("a",))
    built.proposal("a", "x").candidacy.interviews.update(
        status="cancelled", cancelled_at=timezone.now()
    )
    with pytest.raises(DomainError, match="pas à classer"):
        rank_all(built, candidates={"a": ["x"]}, juries={})


def test_places_above_what_is_left_under_the_cap_are_refused_with_the_figures():
    built = world(challenges=("x", "y"), candidates=("a",), cap=6)
    fill_places(built.round.promotion, 2)
    challenge_places_set(
        round=built.round, challenge=built.challenges["x"], product=2, tech=0, by=built.staff
    )
    with pytest.raises(DomainError) as error:
        challenge_places_set(
            round=built.round, challenge=built.challenges["x"], product=2, tech=1, by=built.staff
        )
    # x: 2 + 1, y: 1 + 1 by default = 5 asked, 4 left.
    assert error.value.message.startswith("Les défis offrent 5 places, mais il n’en reste que 4")
    assert "(6 au plus, 2 déjà pourvues" in error.value.message
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    fill_places(built.round.promotion, 1)
    with pytest.raises(DomainError, match="offrent 4 places, mais il n’en reste que 3"):
        matching_run(round=built.round, by=built.staff)
    assert not MatchingRun.objects.exists()


def test_places_follow_the_profiles():
    built = world(challenges=("x",), candidates=("a", "b"), tracks={"b": "tech"})
    challenge_places_set(
        round=built.round, challenge=built.challenges["x"], product=1, tech=0, by=built.staff
    )
    rank_all(built, candidates={"a": ["x"], "b": ["x"]}, juries={"x": ["b", "a"]})
    run = matching_run(round=built.round, by=built.staff)
    assert run.result == {str(built.challenges["x"].pk): ids(built, ["a"])}


def _explained_world():
    """a ranks x, y, z and gets z, her third choice: x took b and y took c, ranked before her."""
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y", "z"], "b": ["x"], "c": ["y"]},
        juries={"x": ["b", "a"], "y": ["c", "a"], "z": ["a"]},
    )
    return built, matching_run(round=built.round, by=built.staff)


def test_the_candidate_is_told_why_for_each_défi_ranked_before_the_one_they_got():
    built, run = _explained_world()
    lines = candidate_explanations(run, built.candidacies["a"].pk)
    assert [line.title for line in lines] == ["Défi X", "Défi Y"]
    expected = "ce défi a pourvu sa seule place avec une personne que son jury a classée avant vous"
    assert expected == CANDIDATE_FULL_ONE
    assert [line.text for line in lines] == [expected, expected]
    others = [built.user(n) for n in ("b", "c")]
    for line in lines:
        for person in others:
            assert person.last_name not in line.text


def test_an_unmatched_candidate_is_told_for_every_défi_they_ranked():
    built = world(challenges=("x", "y"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y"], "b": ["x"], "c": ["y"]},
        juries={"x": ["b", "a"], "y": ["c", "a"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    lines = candidate_explanations(run, built.candidacies["a"].pk)
    assert [line.title for line in lines] == ["Défi X", "Défi Y"]
    assert {line.text for line in lines} == {CANDIDATE_FULL_ONE}


def test_the_jury_is_told_why_for_each_candidate_it_ranked_above_those_it_got():
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(
        built,
        candidates={"a": ["y", "x"], "b": ["x"]},
        juries={"x": ["a", "b"], "y": ["a"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    lines = jury_explanations(run, built.challenges["x"].pk)
    assert [(line.candidacy_id, line.text) for line in lines] == [
        (built.candidacies["a"].pk, JURY_ELSEWHERE)
    ]
    assert jury_explanations(run, built.challenges["y"].pk) == []


def test_an_override_needs_a_reason_and_names_the_blocking_pairs_it_creates():
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(
        built,
        candidates={"a": ["x", "y"], "b": ["x", "y"]},
        juries={"x": ["a", "b"], "y": ["a", "b"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    a, b = (built.candidacies[n].pk for n in ("a", "b"))
    x, y = (built.challenges[h].pk for h in ("x", "y"))
    with pytest.raises(DomainError, match="raison"):
        matching_override(run=run, candidacy_id=a, challenge_id=y, reason=" ", by=built.staff)
    matching_override(run=run, candidacy_id=a, challenge_id=y, reason="Mobilité", by=built.staff)
    matching_override(run=run, candidacy_id=b, challenge_id=x, reason="Mobilité", by=built.staff)
    run.refresh_from_db()
    assert effective_result(run) == {str(x): [str(b)], str(y): [str(a)]}
    assert run_blocking_pairs(run) == [(str(a), str(x))]
    # The run itself is never edited.
    assert run.result == {str(x): [str(a)], str(y): [str(b)]}


def test_publishing_sets_the_outcomes_drafts_the_offers_and_tells_everyone(
    django_capture_on_commit_callbacks,
):
    built = world(challenges=("x", "y"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y"], "b": ["y"], "c": ["x"]},
        juries={"x": ["a", "c"], "y": ["b"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_publish(run=run, by=built.staff)
    assert run.status == MatchingRunStatus.PUBLISHED
    assert built.proposal("a", "x").status == ProposalStatus.MATCHED
    assert built.proposal("a", "y").status == ProposalStatus.NOT_MATCHED
    assert built.proposal("c", "x").status == ProposalStatus.NOT_MATCHED
    offers = Offer.objects.order_by("candidacy_id")
    assert [(o.candidacy_id, o.status, o.level) for o in offers] == [
        (built.candidacies["a"].pk, OfferStatus.DRAFT, 2),
        (built.candidacies["b"].pk, OfferStatus.DRAFT, 2),
    ]
    built.candidacies["c"].refresh_from_db()
    assert built.candidacies["c"].status == "pool"
    templates = Email.objects.values_list("template", flat=True)
    assert sorted(templates).count("matching_result_candidate") == 3
    assert "offer_made" not in templates
    with pytest.raises(DomainError, match="déjà publié"):
        matching_publish(run=run, by=built.staff)
    offer = offers.first()
    offer_confirm(offer=offer, by=built.staff)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE
    assert Email.objects.filter(template="offer_made").count() == 1


def test_only_the_latest_run_is_overridden_or_published():
    built = world(challenges=("x",), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    first = matching_run(round=built.round, by=built.staff)
    matching_run(round=built.round, by=built.staff)
    with pytest.raises(DomainError, match="plus récent"):
        matching_publish(run=first, by=built.staff)
    assert not Offer.objects.exists()


def test_a_draft_offer_is_not_made_once_the_cap_is_reached():
    built = world(challenges=("x",), candidates=("a",), cap=2)
    challenge_places_set(
        round=built.round, challenge=built.challenges["x"], product=1, tech=0, by=built.staff
    )
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    run = matching_publish(run=matching_run(round=built.round, by=built.staff), by=built.staff)
    assert run.published_at is not None
    fill_places(built.round.promotion, 2)
    with pytest.raises(DomainError, match="Plus de place"):
        offer_confirm(offer=Offer.objects.get(status=OfferStatus.DRAFT), by=built.staff)
    assert Offer.objects.get(candidacy=built.candidacies["a"]).status == OfferStatus.DRAFT


def test_the_reminder_goes_two_days_before_the_deadline_once():
    built = world(challenges=("x",), candidates=("a", "b"), deadline_in=2)
    rank_all(built, candidates={"a": ["x"]}, juries={})
    assert ranking_reminders_send() == 2  # b, and x's one agent
    assert ranking_reminders_send() == 0
    reminded = set(Email.objects.filter(template="ranking_reminder").values_list("to", flat=True))
    assert reminded == {built.user("b").email, built.agents["x"].email}


def test_an_override_places_only_on_a_défi_the_person_was_interviewed_for():
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(built, candidates={"a": ["x"], "b": ["y"]}, juries={"x": ["a"], "y": ["b"]})
    built.proposal("a", "y").delete()
    run = matching_run(round=built.round, by=built.staff)
    with pytest.raises(DomainError, match="entretien conjoint"):
        matching_override(
            run=run,
            candidacy_id=built.candidacies["a"].pk,
            challenge_id=built.challenges["y"].pk,
            reason="Essai",
            by=built.staff,
        )
    assert not run.overrides.exists()


def test_a_saved_ranking_of_someone_who_left_the_pool_is_not_in_the_run():
    built = world(challenges=("x",), candidates=("a", "b"))
    rank_all(built, candidates={"a": ["x"], "b": ["x"]}, juries={"x": ["b", "a"]})
    built.candidacies["b"].status = "withdrawn"
    built.candidacies["b"].save(update_fields=["status"])
    run = matching_run(round=built.round, by=built.staff)
    assert list(run.inputs["candidates"]) == ids(built, ["a"])
    assert run.result == {str(built.challenges["x"].pk): ids(built, ["a"])}


def test_the_candidate_sees_a_draft_offer_only_once_staff_make_it(client):
    from django.urls import reverse

    built = world(challenges=("x",), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    matching_publish(run=matching_run(round=built.round, by=built.staff), by=built.staff)
    offer = Offer.objects.get()
    client.force_login(built.user("a"))
    detail = reverse("offers:detail", kwargs={"pk": offer.pk})
    assert client.get(detail).status_code == 404
    offer_confirm(offer=offer, by=built.staff)
    assert client.get(detail).status_code == 200
