"""Stable matching (hospitals/residents): properties on random instances, published examples."""

import itertools
import random
from collections.abc import Hashable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eig.selection.matching import blocking_pairs, stable_match

Instance = tuple[dict[int, list[str]], dict[str, list[int]], dict[str, int]]


# --- A reference written the naive way, independent of the module under test ----------


def naive_blocking(candidate_prefs, challenge_prefs, capacities, result) -> set:
    """Every mutually acceptable pair that both sides would rather form: a direct scan."""
    partner = {c: h for h, cs in result.items() for c in cs}
    blocking = set()
    for candidate, challenges in candidate_prefs.items():
        for challenge in challenges:
            jury = challenge_prefs.get(challenge, [])
            if candidate not in jury or capacities.get(challenge, 0) == 0:
                continue
            current = partner.get(candidate)
            if current == challenge:
                continue
            if current is not None and challenges.index(current) < challenges.index(challenge):
                continue
            holders = result.get(challenge, [])
            if len(holders) < capacities[challenge] or any(
                jury.index(candidate) < jury.index(holder) for holder in holders
            ):
                blocking.add((candidate, challenge))
    return blocking


def all_stable_matchings(candidate_prefs, challenge_prefs, capacities) -> list[dict]:
    """Every stable matching, by enumerating every assignment (small instances only)."""
    acceptable = {
        c: [None] + [h for h in hs if c in challenge_prefs.get(h, []) and capacities.get(h, 0)]
        for c, hs in candidate_prefs.items()
    }
    candidates = list(acceptable)
    stable = []
    for assignment in itertools.product(*(acceptable[c] for c in candidates)):
        result: dict = {h: [] for h in challenge_prefs}
        for candidate, challenge in zip(candidates, assignment, strict=True):
            if challenge is not None:
                result[challenge].append(candidate)
        if any(len(cs) > capacities.get(h, 0) for h, cs in result.items()):
            continue
        if not naive_blocking(candidate_prefs, challenge_prefs, capacities, result):
            stable.append(result)
    return stable


def partner_of(result: Mapping[Hashable, Sequence[Hashable]]) -> dict:
    return {c: h for h, cs in result.items() for c in cs}


@st.composite
def instances(draw, max_candidates: int = 12, max_challenges: int = 5) -> Instance:
    """Random instances: incomplete lists on both sides, capacities from 0 to 3."""
    n_candidates = draw(st.integers(0, max_candidates))
    n_challenges = draw(st.integers(1, max_challenges))
    candidates = list(range(n_candidates))
    challenges = [f"d{i}" for i in range(n_challenges)]

    def ranked(items: list) -> list:
        order = draw(st.permutations(items))
        return list(order[: draw(st.integers(0, len(order)))])

    candidate_prefs = {c: ranked(challenges) for c in candidates}
    challenge_prefs = {h: ranked(candidates) for h in challenges}
    capacities = {h: draw(st.integers(0, 3)) for h in challenges}
    return candidate_prefs, challenge_prefs, capacities


# --- Properties -------------------------------------------------------------------------


@given(instances())
def test_no_blocking_pair(instance):
    result = stable_match(*instance)
    assert blocking_pairs(*instance, result) == []
    assert naive_blocking(*instance, result) == set()


@given(instances())
def test_capacities_respected_and_everyone_placed_once(instance):
    _, _, capacities = instance
    result = stable_match(*instance)
    for challenge, candidates in result.items():
        assert len(candidates) <= capacities[challenge]
    placed = [c for cs in result.values() for c in cs]
    assert len(placed) == len(set(placed))


@given(instances())
def test_only_pairs_each_side_ranked(instance):
    candidate_prefs, challenge_prefs, _ = instance
    for challenge, candidates in stable_match(*instance).items():
        for candidate in candidates:
            assert challenge in candidate_prefs[candidate]
            assert candidate in challenge_prefs[challenge]


@given(instances(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_the_inputs(instance, rnd):
    candidate_prefs, challenge_prefs, capacities = instance
    expected = stable_match(*instance)

    def shuffled(mapping: dict) -> dict:
        items = list(mapping.items())
        rnd.shuffle(items)
        return dict(items)

    again = stable_match(shuffled(candidate_prefs), shuffled(challenge_prefs), shuffled(capacities))
    assert again == expected


@settings(max_examples=150)
@given(instances(max_candidates=6, max_challenges=3))
def test_candidate_optimal_against_every_stable_matching(instance):
    candidate_prefs, _, _ = instance
    result = stable_match(*instance)
    stable = all_stable_matchings(*instance)
    assert partner_of(result) in [partner_of(other) for other in stable]
    ours = partner_of(result)
    for other in stable:
        theirs = partner_of(other)
        for candidate, challenges in candidate_prefs.items():
            # Nobody is better off in another stable matching (unmatched is worst).
            order = {h: i for i, h in enumerate(challenges)}
            mine = order.get(ours.get(candidate), len(challenges))
            assert mine <= order.get(theirs.get(candidate), len(challenges))


@given(instances())
def test_rural_hospitals_theorem(instance):
    """Every stable matching fills each défi equally and places the same candidates
    (Roth 1986): a quick cross-check of stability on instances too big to enumerate."""
    result = stable_match(*instance)
    candidate_prefs, challenge_prefs, capacities = instance
    # The défi-proposing side of the same instance, computed by swapping the roles in a
    # one-to-one expansion of the places, gives a stable matching with the same sizes.
    seats = {(h, i): challenge_prefs[h] for h in challenge_prefs for i in range(capacities[h])}
    expanded = {
        c: [(h, i) for h in hs if h in challenge_prefs for i in range(capacities[h])]
        for c, hs in candidate_prefs.items()
    }
    reverse = stable_match(seats, expanded, dict.fromkeys(expanded, 1))
    sizes = dict.fromkeys(challenge_prefs, 0)
    for candidates in reverse.values():
        for seat in candidates:
            sizes[seat[0]] += 1
    assert sizes == {h: len(cs) for h, cs in result.items()}
    assert {c for c, seats_of in reverse.items() if seats_of} == set(partner_of(result))


# --- Edge cases -------------------------------------------------------------------------


def test_nothing_to_match():
    assert stable_match({}, {}, {}) == {}
    assert stable_match({"a": ["x"]}, {"x": []}, {"x": 1}) == {"x": []}


def test_a_challenge_without_capacity_gets_nobody():
    assert stable_match({"a": ["x", "y"]}, {"x": ["a"], "y": ["a"]}, {"y": 1}) == {
        "x": [],
        "y": ["a"],
    }


def test_repeats_keep_their_first_rank():
    result = stable_match({"a": ["x", "x"], "b": ["x"]}, {"x": ["b", "a", "b"]}, {"x": 1})
    assert result == {"x": ["b"]}


def test_negative_capacity_is_refused():
    with pytest.raises(ValueError, match="negative"):
        stable_match({}, {"x": []}, {"x": -1})


def test_blocking_pairs_of_an_override():
    """Moving a candidate by hand creates the blocking pairs the staff page names."""
    candidate_prefs = {"a": ["x", "y"], "b": ["x", "y"]}
    challenge_prefs = {"x": ["a", "b"], "y": ["a", "b"]}
    capacities = {"x": 1, "y": 1}
    assert stable_match(candidate_prefs, challenge_prefs, capacities) == {"x": ["a"], "y": ["b"]}
    swapped = {"x": ["b"], "y": ["a"]}
    assert blocking_pairs(candidate_prefs, challenge_prefs, capacities, swapped) == [("a", "x")]
    # A candidate placed on a défi they did not rank is worse off than anything they ranked.
    forced = {"x": [], "y": ["a", "b"]}
    assert blocking_pairs({"a": ["x"], "b": ["x"]}, challenge_prefs, capacities, forced) == [
        ("a", "x"),
        ("b", "x"),
    ]


def test_blocking_pairs_refuses_a_candidate_placed_twice():
    with pytest.raises(ValueError, match="twice"):
        blocking_pairs(
            {"a": ["x"]}, {"x": ["a"], "y": ["a"]}, {"x": 1, "y": 1}, {"x": ["a"], "y": ["a"]}
        )


# --- Published instances ----------------------------------------------------------------


# D. Gale and L. S. Shapley, "College Admissions and the Stability of Marriage", American
# Mathematical Monthly 69 (1962), p. 11, first example: three men α, β, γ and three women A,
# B, C; each cell is (man's rank of the woman, woman's rank of the man). The paper names
# three stable sets: every man gets his first choice (αA, βB, γC), every woman gets hers
# (αC, βA, γB), or everyone gets their second (αB, βC, γA). The proposing side gets its own.
GS_MEN = {"α": ["A", "B", "C"], "β": ["B", "C", "A"], "γ": ["C", "A", "B"]}
GS_WOMEN = {"A": ["β", "γ", "α"], "B": ["γ", "α", "β"], "C": ["α", "β", "γ"]}


def test_gale_shapley_1962_first_example():
    ones = dict.fromkeys("ABC", 1)
    assert stable_match(GS_MEN, GS_WOMEN, ones) == {"A": ["α"], "B": ["β"], "C": ["γ"]}
    women_proposing = stable_match(GS_WOMEN, GS_MEN, dict.fromkeys("αβγ", 1))
    assert women_proposing == {"α": ["C"], "β": ["A"], "γ": ["B"]}
    stable = all_stable_matchings(GS_MEN, GS_WOMEN, ones)
    assert len(stable) == 3
    assert {"A": ["γ"], "B": ["α"], "C": ["β"]} in stable


# Gale and Shapley 1962, p. 12, second example (four men and four women, ranks given as
# (man's, woman's)): "there is only one stable set", αC, βD, γA, δB.
GS2_MEN = {
    "α": ["A", "B", "C", "D"],
    "β": ["A", "D", "C", "B"],
    "γ": ["B", "A", "C", "D"],
    "δ": ["D", "B", "C", "A"],
}
GS2_WOMEN = {
    "A": ["δ", "γ", "α", "β"],
    "B": ["β", "δ", "α", "γ"],
    "C": ["δ", "α", "β", "γ"],
    "D": ["γ", "β", "α", "δ"],
}


def test_gale_shapley_1962_second_example_has_one_stable_set():
    ones = dict.fromkeys("ABCD", 1)
    expected = {"A": ["γ"], "B": ["δ"], "C": ["α"], "D": ["β"]}
    assert stable_match(GS2_MEN, GS2_WOMEN, ones) == expected
    assert all_stable_matchings(GS2_MEN, GS2_WOMEN, ones) == [expected]


# The National Resident Matching Program's worked example, "How the Matching Algorithm
# Works" (nrmp.org, applicant-proposing since 1998, after Roth and Peranson 1999): eight
# applicants, four programs of two positions each. Published result: Mercy gets Chen (one
# position unfilled), City Garcia and Eastman, General Davis (one unfilled), State Hassan
# and Ford; Anderson and Brown are unmatched.
NRMP_APPLICANTS = {
    "Anderson": ["City"],
    "Brown": ["City", "Mercy"],
    "Chen": ["City", "Mercy"],
    "Davis": ["Mercy", "City", "General", "State"],
    "Eastman": ["City", "Mercy", "State", "General"],
    "Ford": ["City", "General", "Mercy", "State"],
    "Garcia": ["City", "Mercy", "State", "General"],
    "Hassan": ["State", "City", "Mercy", "General"],
}
NRMP_PROGRAMS = {
    "Mercy": ["Chen", "Garcia"],
    "City": ["Garcia", "Hassan", "Eastman", "Anderson", "Brown", "Chen", "Davis", "Ford"],
    "General": ["Brown", "Eastman", "Hassan", "Anderson", "Chen", "Davis", "Garcia"],
    "State": ["Brown", "Eastman", "Anderson", "Chen", "Hassan", "Ford", "Davis", "Garcia"],
}


def test_nrmp_worked_example():
    result = stable_match(NRMP_APPLICANTS, NRMP_PROGRAMS, dict.fromkeys(NRMP_PROGRAMS, 2))
    assert result == {
        "Mercy": ["Chen"],
        "City": ["Garcia", "Eastman"],
        "General": ["Davis"],
        "State": ["Hassan", "Ford"],
    }
    assert (
        blocking_pairs(NRMP_APPLICANTS, NRMP_PROGRAMS, dict.fromkeys(NRMP_PROGRAMS, 2), result)
        == []
    )


def test_large_instance_is_stable():
    """The benchmark's size (20,000 × 2,000, lists of 10): stable and within capacities."""
    rnd = random.Random(12)
    challenges = list(range(2000))
    candidate_prefs = {c: rnd.sample(challenges, 10) for c in range(20000)}
    challenge_prefs: dict[int, list[int]] = {h: [] for h in challenges}
    for candidate, choices in candidate_prefs.items():
        for challenge in choices:
            challenge_prefs[challenge].append(candidate)
    for ranked in challenge_prefs.values():
        rnd.shuffle(ranked)
    capacities = {h: rnd.randint(1, 10) for h in challenges}
    result = stable_match(candidate_prefs, challenge_prefs, capacities)
    assert blocking_pairs(candidate_prefs, challenge_prefs, capacities, result) == []
    assert all(len(result[h]) <= capacities[h] for h in challenges)
