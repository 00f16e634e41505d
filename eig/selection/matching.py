"""Stable matching of candidates to défis (hospitals/residents, Roth and Peranson's formulation).

Candidate-proposing deferred acceptance with capacities: each free candidate proposes to
the next défi on their list; a défi holds its best proposers up to its capacity and
rejects the others. The result is stable (no candidate and défi would both rather be
together than with what they got) and candidate-optimal (every candidate gets the best
défi they can have in any stable matching), whatever the order in which candidates
propose (Gale and Shapley 1962; Roth 1984; Roth and Peranson 1999).

A pair counts only where each side ranked the other: a défi a candidate left out, or a
candidate a jury left out, is never matched. Ids are any hashable values.

Pure functions, no Django: O(total length of the lists × log(capacity)) with rank
dictionaries and one heap per défi.
"""

import heapq
from collections.abc import Hashable, Mapping, Sequence


def _challenge_ranks[C: Hashable, H: Hashable](
    challenge_prefs: Mapping[H, Sequence[C]],
) -> dict[H, dict[C, int]]:
    """Each défi's rank of each candidate it ranked (0 is best; a repeat keeps its first rank)."""
    ranks: dict[H, dict[C, int]] = {}
    for challenge, candidates in challenge_prefs.items():
        rank: dict[C, int] = {}
        for position, candidate in enumerate(candidates):
            rank.setdefault(candidate, position)
        ranks[challenge] = rank
    return ranks


def _mutual_lists[C: Hashable, H: Hashable](
    candidate_prefs: Mapping[C, Sequence[H]],
    ranks: Mapping[H, Mapping[C, int]],
    capacities: Mapping[H, int],
) -> dict[C, list[H]]:
    """Each candidate's list, keeping only défis with places that ranked them, repeats removed."""
    lists: dict[C, list[H]] = {}
    for candidate, challenges in candidate_prefs.items():
        kept: list[H] = []
        seen: set[H] = set()
        for challenge in challenges:
            if challenge in seen:
                continue
            seen.add(challenge)
            rank = ranks.get(challenge)
            if rank is not None and candidate in rank and capacities.get(challenge, 0) > 0:
                kept.append(challenge)
        lists[candidate] = kept
    return lists


def _check_capacities[H: Hashable](capacities: Mapping[H, int]) -> None:
    for challenge, capacity in capacities.items():
        if capacity < 0:
            raise ValueError(f"capacity of {challenge!r} is negative: {capacity}")


def stable_match[C: Hashable, H: Hashable](
    candidate_prefs: Mapping[C, Sequence[H]],
    challenge_prefs: Mapping[H, Sequence[C]],
    capacities: Mapping[H, int],
) -> dict[H, list[C]]:
    """The candidate-optimal stable matching.

    Returns every défi of `challenge_prefs` with the candidates it gets, in the order of
    its jury's ranking (an empty list when it gets nobody). A défi missing from
    `capacities` has no place. Candidates missing from the result are unmatched.
    """
    _check_capacities(capacities)
    ranks = _challenge_ranks(challenge_prefs)
    lists = _mutual_lists(candidate_prefs, ranks, capacities)
    # held[h]: a max-heap on rank (stored negated) of the candidates défi h holds.
    held: dict[H, list[tuple[int, C]]] = {challenge: [] for challenge in challenge_prefs}
    next_choice: dict[C, int] = dict.fromkeys(lists, 0)
    free: list[C] = list(lists)
    while free:
        candidate = free.pop()
        choices = lists[candidate]
        position = next_choice[candidate]
        while position < len(choices):
            challenge = choices[position]
            position += 1
            heap = held[challenge]
            rank = ranks[challenge][candidate]
            if len(heap) < capacities[challenge]:
                heapq.heappush(heap, (-rank, candidate))
                break
            if -heap[0][0] > rank:
                # The défi prefers this candidate to the worst it holds: swap them.
                _, rejected = heapq.heapreplace(heap, (-rank, candidate))
                free.append(rejected)
                break
        next_choice[candidate] = position
    return {
        challenge: [candidate for _, candidate in sorted(heap, reverse=True)]
        for challenge, heap in held.items()
    }


def blocking_pairs[C: Hashable, H: Hashable](
    candidate_prefs: Mapping[C, Sequence[H]],
    challenge_prefs: Mapping[H, Sequence[C]],
    capacities: Mapping[H, int],
    result: Mapping[H, Sequence[C]],
) -> list[tuple[C, H]]:
    """The pairs (candidate, défi) that would both rather be together than with `result`.

    A pair blocks when each side ranked the other, the candidate prefers the défi to what
    they got (or got nothing), and the défi has a place left or prefers the candidate to
    the worst it got. `result` may come from an override: a candidate placed on a défi
    they did not rank (or a défi given a candidate it did not rank) counts as worse than
    anything ranked, and a défi over its capacity counts as full. In the order of
    `candidate_prefs`, then of each candidate's list.
    """
    _check_capacities(capacities)
    ranks = _challenge_ranks(challenge_prefs)
    lists = _mutual_lists(candidate_prefs, ranks, capacities)
    assigned: dict[C, H] = {}
    for challenge, candidates in result.items():
        for candidate in candidates:
            if candidate in assigned:
                raise ValueError(f"{candidate!r} is matched twice")
            assigned[candidate] = challenge
    unranked = len(max(challenge_prefs.values(), key=len, default=())) + 1
    worst_rank: dict[H, int] = {}
    count: dict[H, int] = {}
    for challenge, candidates in result.items():
        rank = ranks.get(challenge, {})
        count[challenge] = len(candidates)
        worst_rank[challenge] = max((rank.get(c, unranked) for c in candidates), default=-1)
    pairs: list[tuple[C, H]] = []
    for candidate, choices in lists.items():
        current = assigned.get(candidate)
        for challenge in choices:
            if challenge == current:
                break
            full = count.get(challenge, 0) >= capacities[challenge]
            if not full or ranks[challenge][candidate] < worst_rank[challenge]:
                pairs.append((candidate, challenge))
    return pairs
