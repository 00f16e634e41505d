"""Conflicts, assignment (by hand and planned), file reviews, blind review, aggregates."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.candidacies.enums import CvTextStatus
from eig.core.errors import DomainError
from eig.selection.enums import Recommendation
from eig.selection.models import Conflict, Review
from eig.selection.scores import Aggregate
from eig.selection.selectors import review as selectors
from eig.selection.services.reviews import (
    ScoreInput,
    assignment_apply,
    assignment_plan_compute,
    assignment_plan_for_round,
    conflict_declare,
    file_criteria,
    review_assign,
    review_save,
    review_unassign,
)
from eig.selection.services.screening import screening_decide
from tests.factories import ReviewerFactory, StaffFactory, VentureFactory
from tests.selection.round_setup import rounds_around_today, selection_round, submitted

pytestmark = pytest.mark.django_db


def eligible(round_, **kwargs):
    candidacy = submitted(round_, **kwargs)
    screening_decide(candidacy=candidacy, eligible=True, by=StaffFactory())
    return candidacy


def scores_for(candidacy, values):
    criteria = file_criteria(candidacy.round)
    return {
        criterion.pk: ScoreInput(value=value, comment=f"Commentaire {criterion.label}")
        for criterion, value in zip(criteria, values, strict=True)
    }


def reviewed(candidacy, reviewer, *, values=(4, 4), submit=True):
    review = Review.objects.filter(candidacy=candidacy, reviewer=reviewer).first()
    if review is None:
        review = review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    return review_save(
        review=review,
        by=reviewer,
        scores=scores_for(candidacy, values),
        recommendation=Recommendation.YES,
        comment="Avis général",
        submit=submit,
    )


# The plan, as a pure function
def test_the_plan_gives_each_application_its_reviews_and_balances_loads():
    plan = assignment_plan_compute(
        candidacy_ids=[1, 2, 3, 4, 5],
        reviewer_ids=[10, 11, 12],
        existing={},
        current_loads={},
        conflicts=set(),
        per_candidacy=2,
    )
    per_candidacy = {c: [r for cc, r in plan.pairs if cc == c] for c in [1, 2, 3, 4, 5]}
    assert all(len(set(reviewers)) == 2 for reviewers in per_candidacy.values())
    assert sorted(plan.loads.values()) == [3, 3, 4]
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
    assert plan.pairs[:2] == [(1, 10), (1, 11)]  # ties broken by id


def test_the_plan_never_pairs_a_conflict_and_reports_what_it_cannot_fill():
    plan = assignment_plan_compute(
        candidacy_ids=[1, 2],
        reviewer_ids=[10, 11],
        existing={},
        current_loads={},
        conflicts={(10, 1)},
        per_candidacy=2,
    )
    assert (1, 10) not in plan.pairs
    assert plan.short == {1: 1}
    assert sorted(r for c, r in plan.pairs if c == 2) == [10, 11]


def test_the_plan_counts_existing_assignments_and_is_idempotent():
    arguments = {
        "candidacy_ids": [1, 2],
        "reviewer_ids": [10, 11, 12],
        "conflicts": set(),
        "per_candidacy": 2,
    }
    first = assignment_plan_compute(existing={1: {10}}, current_loads={10: 5}, **arguments)
    assert (1, 10) not in first.pairs
    assert len([p for p in first.pairs if p[0] == 1]) == 1
    assert all(r != 10 for _, r in first.pairs)  # the busiest reviewer is spared
    existing = {1: {10}}
    for c, r in first.pairs:
        existing.setdefault(c, set()).add(r)
    again = assignment_plan_compute(existing=existing, current_loads=first.loads, **arguments)
    assert again.pairs == []
    assert assignment_plan_compute(existing={1: {10}}, current_loads={10: 5}, **arguments) == first


def test_automatic_assignment_saves_the_plan_once(django_capture_on_commit_callbacks):
    round_ = selection_round()
    candidacies = [eligible(round_) for _ in range(3)]
    submitted(round_)  # not screened: not assigned
    reviewers = [ReviewerFactory(), ReviewerFactory(), ReviewerFactory()]
    conflict_declare(
        reviewer=reviewers[0],
        candidate=candidacies[0].candidate,
        reason="Ancien associé",
        by=reviewers[0],
    )
    ids = [r.pk for r in reviewers]
    plan = assignment_plan_for_round(round_=round_, reviewer_ids=ids)
    assert not Review.objects.exists()  # showing the plan writes nothing
    assignment_apply(round_=round_, reviewer_ids=ids, by=StaffFactory())
    assert Review.objects.count() == len(plan.pairs) == 6
    assert not Review.objects.filter(reviewer=reviewers[0], candidacy=candidacies[0]).exists()
    assignment_apply(round_=round_, reviewer_ids=ids, by=StaffFactory())
    assert Review.objects.count() == 6


def test_automatic_assignment_leaves_out_withdrawn_applications():
    from eig.candidacies.services import candidacy_withdraw

    round_ = selection_round()
    kept, gone = eligible(round_), eligible(round_)
    candidacy_withdraw(candidacy=gone, by=gone.candidate.user)
    plan = assignment_plan_for_round(round_=round_, reviewer_ids=[ReviewerFactory().pk])
    assert [candidacy for candidacy, _reviewer in plan.pairs] == [kept.pk]


def test_assignment_page_shows_the_plan_then_confirms(client):
    round_ = selection_round()
    eligible(round_, last_name="Lefèvre")
    first, second = ReviewerFactory(last_name="Alpha"), ReviewerFactory(last_name="Beta")
    client.force_login(StaffFactory())
    url = reverse("selection:assignment", kwargs={"round_pk": round_.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["pairs"]) == 2
    assert not Review.objects.exists()
    response = client.post(url, {"reviewers": [first.pk, second.pk]})
    assert response.status_code == 302
    assert Review.objects.count() == 2


def test_the_assignment_preview_is_paginated_and_its_queries_do_not_grow(client, settings):
    """The plan covers the whole round; the page shows PAGE_SIZE of its pairs, and reads
    only those pages' applications, whatever the round's size."""
    settings.PAGE_SIZE = 2
    round_ = selection_round()
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    client.force_login(StaffFactory())
    url = reverse("selection:assignment", kwargs={"round_pk": round_.pk})
    counts, made = [], 0
    for size in (2, 6):
        for _index in range(size - made):
            eligible(round_)
        made = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": 2})
        counts.append(len(queries))
        assert response.context["pairs_page"].paginator.count == 2 * size
        assert len(response.context["pairs"]) == 2
        assert "Page 2 sur" in response.content.decode()
    assert counts[0] == counts[1]
    assert not Review.objects.exists()
    response = client.post(url, {"reviewers": [reviewer.pk for reviewer in reviewers]})
    assert response.status_code == 302
    assert Review.objects.count() == 12


# By hand, and conflicts
def test_assigning_by_hand_is_refused_on_conflict_and_for_ineligible():
    round_ = selection_round()
    candidacy = eligible(round_)
    reviewer = ReviewerFactory()
    staff = StaffFactory()
    conflict_declare(reviewer=reviewer, candidate=candidacy.candidate, reason="Sœur", by=staff)
    with pytest.raises(DomainError, match="conflit"):
        review_assign(candidacy=candidacy, reviewer=reviewer, by=staff)
    with pytest.raises(DomainError, match="recevables"):
        review_assign(candidacy=submitted(round_), reviewer=ReviewerFactory(), by=staff)


def test_hand_assignment_page_says_why_on_conflict(client):
    round_ = selection_round()
    candidacy = eligible(round_)
    reviewer = ReviewerFactory()
    Conflict.objects.create(reviewer=reviewer, candidate=candidacy.candidate, reason="Ami")
    client.force_login(StaffFactory())
    response = client.post(
        reverse("selection:assign", kwargs={"pk": candidacy.pk}), {"assign-reviewer": reviewer.pk}
    )
    assert response.status_code == 200
    assert "conflit d’intérêts" in response.content.decode()
    assert not Review.objects.exists()


def test_a_conflict_declared_after_assignment_withdraws_the_unsubmitted_review():
    round_ = selection_round()
    candidacy = eligible(round_)
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    conflict_declare(reviewer=reviewer, candidate=candidacy.candidate, reason="Ami", by=reviewer)
    assert not Review.objects.exists()


def test_a_reviewer_declares_only_their_own_conflicts():
    candidacy = eligible(selection_round())
    with pytest.raises(DomainError):
        conflict_declare(
            reviewer=ReviewerFactory(),
            candidate=candidacy.candidate,
            reason="x",
            by=ReviewerFactory(),
        )


def test_a_reviewer_with_a_conflict_never_sees_the_application(client):
    round_ = selection_round()
    candidacy = eligible(round_)
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    assert client.get(reverse("selection:review", kwargs={"pk": candidacy.pk})).status_code == 200
    # Even a review that survived (submitted before the conflict) is hidden.
    Review.objects.filter(reviewer=reviewer).update(
        status="submitted", submitted_at="2026-01-01T10:00:00+01:00"
    )
    Conflict.objects.create(reviewer=reviewer, candidate=candidacy.candidate, reason="Ami")
    for name in ("selection:review", "selection:review_cv"):
        assert client.get(reverse(name, kwargs={"pk": candidacy.pk})).status_code == 404
    assert client.post(reverse("selection:review", kwargs={"pk": candidacy.pk})).status_code == 404
    home = client.get(reverse("selection:reviewer_home"))
    assert home.context["reviews"] == []
    assert not selectors.reviewer_reviews(reviewer).exists()


def test_a_reviewer_sees_only_applications_assigned_to_them(client):
    round_ = selection_round()
    candidacy = eligible(round_)
    review_assign(candidacy=candidacy, reviewer=ReviewerFactory(), by=StaffFactory())
    client.force_login(ReviewerFactory())
    assert client.get(reverse("selection:review", kwargs={"pk": candidacy.pk})).status_code == 404


def _conflicts_url(round_):
    return reverse("selection:conflicts", kwargs={"round_pk": round_.pk})


def test_the_conflicts_page_never_lists_the_rounds_candidates(client):
    round_ = selection_round(anonymous=True)
    eligible(round_, first_name="Inès", last_name="Roussel")
    eligible(round_, first_name="Bruno", last_name="Petit")
    client.force_login(ReviewerFactory())
    page = client.get(_conflicts_url(round_)).content.decode()
    assert "Prénom et nom de la personne" in page
    for name in ("Inès", "Roussel", "Bruno", "Petit"):
        assert name not in page


@pytest.mark.parametrize("typed", ["Roussel", "Inès", "Inès Rous", "Inès Roussel-Durand"])
def test_a_partial_or_longer_name_finds_nobody(client, typed):
    round_ = selection_round(anonymous=True)
    eligible(round_, first_name="Inès", last_name="Roussel")
    client.force_login(ReviewerFactory())
    response = client.get(_conflicts_url(round_), {"nom": typed})
    page = response.content.decode()
    assert "Aucune candidature de cette session ne porte exactement ce nom." in page
    assert "Déclarer un conflit avec" not in page
    assert response.context["named"] == []


@pytest.mark.parametrize("typed", ["Inès Roussel", "ines ROUSSEL", "  Roussel   Inès "])
def test_the_exact_full_name_in_any_case_accents_or_order_is_found(client, typed):
    round_ = selection_round(anonymous=True)
    ines = eligible(round_, first_name="Inès", last_name="Roussel")
    eligible(round_, first_name="Bruno", last_name="Petit")
    client.force_login(ReviewerFactory())
    response = client.get(_conflicts_url(round_), {"nom": typed})
    page = response.content.decode()
    assert response.context["named"] == [ines.candidate]
    assert "Une candidature de cette session est au nom de Inès Roussel." in page
    assert "Déclarer un conflit avec Inès Roussel" in page
    assert "Petit" not in page
    assert f'value="{ines.candidate_id}"' not in page  # the form carries the name, no id


def test_a_reviewer_declares_a_conflict_with_the_name_found(client):
    round_ = selection_round(anonymous=True)
    ines = eligible(round_, first_name="Inès", last_name="Roussel")
    reviewer = ReviewerFactory()
    review_assign(candidacy=ines, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    response = client.post(
        _conflicts_url(round_), {"nom": "ines roussel", "reason": "Ancienne collègue"}
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get(reviewer=reviewer)
    assert conflict.candidate == ines.candidate
    assert conflict.reason == "Ancienne collègue"
    assert not Review.objects.exists()  # the unsubmitted review is withdrawn
    page = client.get(response["Location"]).content.decode()
    assert "Votre conflit d’intérêts avec Inès Roussel est enregistré." in page
    declared = client.get(_conflicts_url(round_), {"nom": "Inès Roussel"}).content.decode()
    assert "Vous avez déjà déclaré un conflit d’intérêts avec cette personne" in declared
    assert "Ancienne collègue" in declared  # in the list of declared conflicts


def test_a_declaration_without_its_reason_keeps_the_name_and_saves_nothing(client):
    round_ = selection_round(anonymous=True)
    eligible(round_, first_name="Inès", last_name="Roussel")
    client.force_login(ReviewerFactory())
    response = client.post(_conflicts_url(round_), {"nom": "Inès Roussel", "reason": " "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Précisez la nature du lien." in page
    assert 'name="nom" value="Inès Roussel"' in page
    assert not Conflict.objects.exists()


def test_a_declaration_cannot_reach_an_application_by_its_id_or_another_round(client):
    round_ = selection_round(anonymous=True)
    other_round = selection_round(anonymous=True)
    elsewhere = eligible(other_round, first_name="Inès", last_name="Roussel")
    client.force_login(ReviewerFactory())
    by_id = client.post(
        _conflicts_url(round_), {"candidate": elsewhere.candidate_id, "reason": "Collègue"}
    )
    assert "Inès Roussel" not in by_id.content.decode()
    by_name = client.post(_conflicts_url(round_), {"nom": "Inès Roussel", "reason": "Collègue"})
    assert "ne porte exactement ce nom" in by_name.content.decode()
    assert not Conflict.objects.exists()


def test_homonyms_of_the_round_all_get_the_conflict(client):
    round_ = selection_round(anonymous=True)
    first = eligible(round_, first_name="Alex", last_name="Martin")
    second = eligible(round_, first_name="Alex", last_name="Martin")
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    page = client.get(_conflicts_url(round_), {"nom": "Alex Martin"}).content.decode()
    assert "2 candidatures de cette session sont au nom de Alex Martin" in page
    client.post(_conflicts_url(round_), {"nom": "Alex Martin", "reason": "Frère"})
    assert set(reviewer.conflicts.values_list("candidate_id", flat=True)) == {
        first.candidate_id,
        second.candidate_id,
    }


def test_name_lookups_are_limited_per_reviewer(client, settings):
    settings.EIG_CONFLICT_SEARCH_LIMIT = 2
    round_ = selection_round(anonymous=True)
    eligible(round_, first_name="Inès", last_name="Roussel")
    client.force_login(ReviewerFactory())
    for typed in ("Ada Lovelace", "Blaise Pascal"):
        assert client.get(_conflicts_url(round_), {"nom": typed}).status_code == 200
    response = client.get(_conflicts_url(round_), {"nom": "Inès Roussel"})
    assert response.status_code == 429
    assert "Vous avez fait beaucoup de recherches en peu de temps" in response.content.decode()
    assert "Déclarer un conflit avec" not in response.content.decode()
    response = client.post(_conflicts_url(round_), {"nom": "Inès Roussel", "reason": "Amie"})
    assert response.status_code == 429
    assert not Conflict.objects.exists()
    # Another reviewer has their own allowance.
    client.force_login(ReviewerFactory())
    assert client.get(_conflicts_url(round_), {"nom": "Inès Roussel"}).status_code == 200


def test_the_reviewer_home_lists_every_round_a_file_may_come_from_open_first(
    client, django_assert_max_num_queries
):
    rounds = rounds_around_today()
    first, second = eligible(rounds["open"]), eligible(rounds["open"])
    reviewer = ReviewerFactory()
    reviewed(first, reviewer)
    review_assign(candidacy=second, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("selection:reviewer_home"))
    listed = response.context["rounds"]
    # Not next year's rounds (no application yet), nor the one whose decisions are out.
    assert [row.listed.round for row in listed] == [rounds["open"], rounds["under_way"]]
    assert [row.listed.phase_label for row in listed] == ["Ouverte", "En cours"]
    assert (listed[0].applications, listed[0].reviews_to_do, listed[0].reviews_done) == (2, 1, 1)
    assert (listed[1].applications, listed[1].reviews_to_do, listed[1].reviews_done) == (1, 0, 0)
    page = response.content.decode()
    for round_ in (rounds["open"], rounds["under_way"]):
        assert _conflicts_url(round_) in page
    assert _conflicts_url(rounds["next_year"][0]) not in page
    # The files to do come first.
    assert [review.candidacy for review in response.context["reviews"]] == [second, first]


def test_staff_record_a_conflict_on_the_application(client):
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    client.force_login(StaffFactory())
    response = client.post(
        reverse("selection:conflict_record", kwargs={"pk": candidacy.pk}),
        {"conflict-reviewer": reviewer.pk, "conflict-reason": "Associé"},
    )
    assert response.status_code == 302
    assert Conflict.objects.filter(reviewer=reviewer).exists()


def test_staff_remove_an_unsubmitted_review_only():
    candidacy = eligible(selection_round())
    staff = StaffFactory()
    review = review_assign(candidacy=candidacy, reviewer=ReviewerFactory(), by=staff)
    review_unassign(review=review, by=staff)
    done = reviewed(candidacy, ReviewerFactory())
    with pytest.raises(DomainError):
        review_unassign(review=done, by=staff)


# Scoring
def test_a_review_is_saved_as_a_draft_then_submitted_then_locked():
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    review = reviewed(candidacy, reviewer, values=(3, 2), submit=False)
    assert review.submitted_at is None
    assert review.scores.count() == 2
    review = reviewed(candidacy, reviewer, values=(4, 2))
    assert review.submitted_at is not None
    with pytest.raises(DomainError, match="déjà rendue"):
        reviewed(candidacy, reviewer, values=(1, 1))


def test_submitting_needs_every_score_with_a_comment_and_a_recommendation():
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    review = review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    criteria = file_criteria(candidacy.round)
    scores = {criteria[0].pk: ScoreInput(value=3, comment=""), criteria[1].pk: ScoreInput(4, "ok")}
    with pytest.raises(DomainError, match="commentez"):
        review_save(
            review=review, by=reviewer, scores=scores, recommendation="yes", comment="", submit=True
        )
    with pytest.raises(DomainError, match="recommandation"):
        review_save(
            review=review,
            by=reviewer,
            scores=scores_for(candidacy, (3, 3)),
            recommendation="",
            comment="",
            submit=True,
        )
    with pytest.raises(DomainError, match="de 0 à 5"):
        review_save(
            review=review,
            by=reviewer,
            scores=scores_for(candidacy, (6, 3)),
            recommendation="yes",
            comment="",
            submit=False,
        )


def test_the_review_page_saves_a_draft_and_submits(client):
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    criteria = file_criteria(candidacy.round)
    data = {f"score_{c.pk}": "4" for c in criteria} | {f"comment_{c.pk}": "Bien" for c in criteria}
    client.force_login(reviewer)
    url = reverse("selection:review", kwargs={"pk": candidacy.pk})
    response = client.post(url, {**data, "action": "submit"})
    assert response.status_code == 200  # no recommendation: the form again, nothing lost
    assert "Donnez votre recommandation" in response.content.decode()
    assert "Bien</textarea>" in response.content.decode()
    assert Review.objects.get().submitted_at is None
    response = client.post(url, {f"score_{criteria[0].pk}": "2", "action": "draft"})
    assert response.status_code == 302  # a partial draft is fine
    assert Review.objects.get().scores.count() == 1
    response = client.post(url, {**data, "recommendation": "yes", "action": "submit"})
    # Submitting is for good: the answers are kept as a draft, then confirmed.
    confirm_url = reverse("selection:review_submit", kwargs={"pk": candidacy.pk})
    assert response.status_code == 302
    assert response["Location"] == confirm_url
    assert Review.objects.get().submitted_at is None
    assert Review.objects.get().recommendation == "yes"
    assert client.post(confirm_url).status_code == 302
    assert Review.objects.get().submitted_at is not None


def test_the_confirmation_says_what_submitting_does_and_writes_nothing_until_confirmed(client):
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    review = reviewed(candidacy, reviewer, values=(3, 4), submit=False)
    client.force_login(reviewer)
    url = reverse("selection:review_submit", kwargs={"pk": candidacy.pk})
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Une évaluation rendue est définitive" in text
    assert "vous ne pourrez plus la modifier" in text
    assert "Commentaire Cohérence du profil" in text  # what will be submitted
    review.refresh_from_db()
    assert review.submitted_at is None  # showing the page writes nothing
    assert client.post(url).status_code == 302
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert client.get(url).status_code == 302  # already submitted: back to the review


def test_confirming_an_incomplete_draft_says_what_is_missing(client):
    candidacy = eligible(selection_round())
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    response = client.post(reverse("selection:review_submit", kwargs={"pk": candidacy.pk}))
    assert response.status_code == 200
    assert "Pour rendre l’évaluation, notez et commentez chaque critère" in (
        response.content.decode()
    )
    assert Review.objects.get().submitted_at is None


def test_other_reviews_are_shown_only_after_submitting_ones_own(client):
    candidacy = eligible(selection_round())
    first, second = ReviewerFactory(), ReviewerFactory()
    reviewed(candidacy, first, values=(5, 5))
    review_assign(candidacy=candidacy, reviewer=second, by=StaffFactory())
    client.force_login(second)
    url = reverse("selection:review", kwargs={"pk": candidacy.pk})
    response = client.get(url)
    assert response.context["others"] == []
    assert "Commentaire Cohérence du profil" not in response.content.decode()
    assert selectors.reviews_visible_besides(Review.objects.get(reviewer=second)) == []
    reviewed(candidacy, second, values=(1, 1))
    response = client.get(url)
    assert [other.reviewer for other, _ in response.context["others"]] == [first]
    assert "Commentaire Cohérence du profil" in response.content.decode()


@pytest.mark.parametrize("anonymous", [True, False])
def test_blind_review_hides_what_identifies_the_person(client, anonymous):
    round_ = selection_round(anonymous=anonymous)
    candidacy = eligible(
        round_,
        first_name="Zoé",
        last_name="Vasseur",
        phone="06 12 34 56 78",
        portfolio_url="https://zoe-vasseur.example.org",
        gender="female",
    )
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    page = client.get(reverse("selection:review", kwargs={"pk": candidacy.pk})).content.decode()
    identifying = [
        "Vasseur",
        candidacy.candidate.user.email,
        "06 12 34 56 78",
        "zoe-vasseur.example.org",
        reverse("selection:review_cv", kwargs={"pk": candidacy.pk}),
        candidacy.candidate.ventures.get().name,
    ]
    for text in identifying:
        assert (text in page) is not anonymous, text
    assert "Femme" not in page  # the gender is never shown
    assert candidacy.motivation in page.replace("&#x27;", "'").replace("&rsquo;", "’")
    assert candidacy.candidate.skills in page
    cv = client.get(reverse("selection:review_cv", kwargs={"pk": candidacy.pk}))
    assert cv.status_code == (404 if anonymous else 200)


def _reviewer_page(candidacy):
    reviewer = ReviewerFactory()
    review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    client = Client()
    client.force_login(reviewer)
    response = client.get(reverse("selection:review", kwargs={"pk": candidacy.pk}))
    return response.content.decode().replace("&#x27;", "'").replace("&rsquo;", "’")


@pytest.mark.parametrize("anonymous", [True, False])
def test_blind_review_shows_the_ventures_without_their_names_nor_identifying_descriptions(
    anonymous,
):
    candidacy = eligible(selection_round(anonymous=anonymous))
    candidate = candidacy.candidate
    candidate.ventures.all().delete()
    VentureFactory(
        candidate=candidate,
        name="Pépite Santé",
        role="cto",
        description="Nous avons bâti la téléconsultation en pharmacie.",
    )
    VentureFactory(
        candidate=candidate,
        name="Octave",
        description="La seule start-up de Brest à avoir levé 10 M€.",
        description_identifying=True,
    )
    VentureFactory(
        candidate=candidate,
        name="Cerise",
        description="Lauréate du concours i-Nov 2019.",
        description_hidden_by_staff=True,
    )
    page = _reviewer_page(candidacy)
    for name in ("Pépite Santé", "Octave", "Cerise"):
        assert (name in page) is not anonymous, name
    assert "Nous avons bâti la téléconsultation en pharmacie." in page
    assert "Directeur·rice technique (CTO)" in page
    for marked in ("levé 10 M€", "i-Nov 2019"):
        assert (marked in page) is not anonymous, marked
    assert page.count("Description masquée") == (2 if anonymous else 0)


def test_blind_review_masks_names_left_in_the_free_texts():
    candidacy = eligible(selection_round(anonymous=True), first_name="Zoé", last_name="Vasseur")
    candidacy.motivation = "Chez Pépite Santé, ZOE VASSEUR a appris à écouter les usagers."
    candidacy.save()
    VentureFactory(candidate=candidacy.candidate, name="Pépite Santé")
    page = _reviewer_page(candidacy)
    assert "Chez [entreprise masquée], [nom masqué] a appris à écouter les usagers." in page


def test_blind_review_gives_the_cv_as_its_redacted_text():
    candidacy = eligible(selection_round(anonymous=True), first_name="Zoé", last_name="Vasseur")
    candidate = candidacy.candidate
    # Redacted again on the page: a venture added after the upload is masked too.
    candidate.cv_text = "[nom masqué] — 2015–2020 : CTO de Pépite Santé, puis Zoé en freelance."
    candidate.cv_text_status = CvTextStatus.READY
    candidate.save()
    VentureFactory(candidate=candidate, name="Pépite Santé")
    page = _reviewer_page(candidacy)
    assert "CV, en texte seul" in page
    assert (
        "[nom masqué] — 2015–2020 : CTO de [entreprise masquée], puis [nom masqué] en freelance."
        in page
    )
    assert "Zoé" not in page


@pytest.mark.parametrize(
    ("status", "explanation"),
    [
        (CvTextStatus.NO_TEXT, "c’est un document numérisé (une image)"),
        (CvTextStatus.FAILED, "son texte n’a pas pu être lu"),
        (CvTextStatus.PENDING, "est en cours de préparation"),
        ("", "est en cours de préparation"),
    ],
)
def test_blind_review_says_why_the_cv_is_withheld(status, explanation):
    candidacy = eligible(selection_round(anonymous=True))
    candidacy.candidate.cv_text_status = status
    candidacy.candidate.save()
    page = _reviewer_page(candidacy)
    assert explanation in page
    assert "Télécharger le CV" not in page


# Aggregates
def test_aggregates_mean_median_spread_and_disagreement():
    aggregate = Aggregate(review_means=[Decimal("4.5"), Decimal("2"), Decimal("3")])
    assert aggregate.mean == Decimal("3.17")
    assert aggregate.median == Decimal("3.00")
    assert aggregate.spread == Decimal("2.50")
    assert aggregate.disagreement
    close = Aggregate(review_means=[Decimal("4"), Decimal("2.5")])
    assert close.spread == Decimal("1.50")
    assert not close.disagreement
    assert Aggregate(review_means=[Decimal("2"), Decimal("4")]).disagreement  # ≥ 2
    single = Aggregate(review_means=[Decimal("4")])
    assert single.spread is None
    assert not single.disagreement
    assert Aggregate(review_means=[]).mean is None


def test_the_board_aggregates_submitted_reviews_and_flags_disagreement(client):
    round_ = selection_round()
    split = eligible(round_, last_name="Partagé")
    agreed = eligible(round_, last_name="Consensus")
    first, second = ReviewerFactory(), ReviewerFactory()
    reviewed(split, first, values=(5, 5))
    reviewed(split, second, values=(1, 2))
    reviewed(agreed, first, values=(4, 4))
    reviewed(agreed, second, values=(4, 3), submit=False)  # a draft does not count
    rows = {row.pk: row for row in selectors.board_page(round_).lines}
    assert rows[split.pk].mean == Decimal("3.25")
    assert rows[split.pk].spread == Decimal("3.50")
    assert rows[split.pk].disagreement
    assert selectors.board_row(agreed).aggregate.count == 1
    assert rows[agreed.pk].reviews_done == 1
    client.force_login(StaffFactory())
    url = reverse("selection:board", kwargs={"round_pk": round_.pk})
    flagged = client.get(url, {"desaccord": "1"}).context["rows"]
    assert [row.pk for row in flagged] == [split.pk]
    by_mean = client.get(url, {"tri": "-mean"}).context["rows"]
    assert [row.pk for row in by_mean] == [agreed.pk, split.pk]
    assert "Désaccord" in client.get(url).content.decode()


def test_staff_see_every_review_on_the_application_page(client):
    candidacy = eligible(selection_round())
    reviewed(candidacy, ReviewerFactory(), values=(5, 3))
    client.force_login(StaffFactory())
    response = client.get(reverse("selection:application", kwargs={"pk": candidacy.pk}))
    assert response.status_code == 200
    assert "Commentaire Expérience entrepreneuriale" in response.content.decode()


def test_the_reviewer_home_lists_the_files_a_page_at_a_time_in_the_same_queries(
    client, settings, django_assert_num_queries
):
    settings.PAGE_SIZE = 2
    round_ = selection_round()
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    review_assign(candidacy=eligible(round_), reviewer=reviewer, by=StaffFactory())
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("selection:reviewer_home"))
    assert 'class="fr-pagination"' not in response.content.decode()

    drafted = eligible(round_)
    review_assign(candidacy=drafted, reviewer=reviewer, by=StaffFactory())
    Review.objects.filter(candidacy=drafted).update(comment="À relire")
    for _index in range(3):
        review_assign(candidacy=eligible(round_), reviewer=reviewer, by=StaffFactory())
    cache.clear()  # the page kept before these changes (the test's transaction never commits)
    with django_assert_num_queries(len(small)):
        first = client.get(reverse("selection:reviewer_home"))
    last = client.get(reverse("selection:reviewer_home"), {"page": 99})

    assert len(first.context["reviews"]) == 2
    assert 'class="fr-pagination"' in first.content.decode()
    assert last.context["page_obj"].number == 3
    assert len(last.context["reviews"]) == 1
    pages = [first, client.get(reverse("selection:reviewer_home"), {"page": 2}), last]
    shown = [review for page in pages for review in page.context["reviews"]]
    assert [review.drafted for review in shown].count(True) == 1
    assert "Brouillon" in "".join(page.content.decode() for page in pages)


# The reviewer's home is kept: rendered once per change of the recorded data


def test_the_reviewer_home_shown_again_reads_none_of_its_files(client):
    reviewer = ReviewerFactory()
    review_assign(candidacy=eligible(selection_round()), reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    client.get(reverse("selection:reviewer_home"))

    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("selection:reviewer_home"))

    read = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in read if "selection_" in sql or "candidacies_" in sql]
    assert "À faire" in again.content.decode()


def test_a_draft_saved_shows_on_the_reviewer_home_at_once(
    client, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory()
    candidacy = eligible(selection_round())
    review = review_assign(candidacy=candidacy, reviewer=reviewer, by=StaffFactory())
    client.force_login(reviewer)
    assert "Brouillon" not in client.get(reverse("selection:reviewer_home")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        review_save(
            review=review,
            by=reviewer,
            scores={},
            recommendation="",
            comment="À relire",
            submit=False,
        )

    assert "Brouillon" in client.get(reverse("selection:reviewer_home")).content.decode()


def test_each_reviewer_s_home_is_kept_apart(client):
    first, second = ReviewerFactory(), ReviewerFactory()
    candidacy = eligible(selection_round())
    review_assign(candidacy=candidacy, reviewer=first, by=StaffFactory())
    client.force_login(first)
    assert (
        f"Dossier n° {candidacy.pk}"
        in client.get(reverse("selection:reviewer_home")).content.decode()
    )

    client.force_login(second)
    page = client.get(reverse("selection:reviewer_home")).content.decode()
    assert f"Dossier n° {candidacy.pk}" not in page
    assert "Aucun dossier ne vous est confié" in page
