"""Time our stable matching beside the PyPI ``matching`` package: a measure, not a test.

    .venv/bin/python bench/stable_matching.py [--runs 3] [--largest 20000]

Each instance has N candidates and N / 10 défis; every candidate ranks 10 défis drawn at
random, every défi ranks, in a random order, exactly the candidates who ranked it (the
``matching`` package wants lists that mirror each other), and offers 1 to 10 places
(fixed seed: the same instances on every run). Both solve the same instance,
candidate-optimal; the script checks that they give the same matching and prints, per
size, the median of ``--runs`` runs of:

- ours: ``eig.selection.matching.stable_match`` on the dictionaries;
- theirs, solve: ``HospitalResident.solve(optimal="resident")`` alone;
- theirs, total: ``HospitalResident.create_from_dictionaries`` (which copies the players
  and checks the inputs, a scan of every défi against every candidate) and ``solve``.
"""

import argparse
import random
import statistics
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching.games import HospitalResident  # noqa: E402

from eig.selection.matching import stable_match  # noqa: E402

LIST_LENGTH = 10
SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)

Instance = tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]


def instance(candidates: int, seed: int = 12) -> Instance:
    rnd = random.Random(seed + candidates)
    challenges = list(range(candidates // 10))
    candidate_prefs = {c: rnd.sample(challenges, LIST_LENGTH) for c in range(candidates)}
    challenge_prefs: dict[int, list[int]] = {h: [] for h in challenges}
    for candidate, choices in candidate_prefs.items():
        for challenge in choices:
            challenge_prefs[challenge].append(candidate)
    for ranked in challenge_prefs.values():
        rnd.shuffle(ranked)
    capacities = {h: rnd.randint(1, 10) for h in challenges}
    # The package warns about (and cannot solve) a défi nobody ranked: leave them out.
    challenge_prefs = {h: ranked for h, ranked in challenge_prefs.items() if ranked}
    return candidate_prefs, challenge_prefs, {h: capacities[h] for h in challenge_prefs}


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def theirs(data: Instance) -> tuple[float, float, dict[int, list[int]]]:
    """Their building time, solving time and matching, with our ids."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would mean they changed the instance
        build, game = timed(lambda: HospitalResident.create_from_dictionaries(*data))
        solve, matching = timed(lambda: game.solve(optimal="resident"))
    result = {h.name: sorted(r.name for r in residents) for h, residents in matching.items()}
    return build, solve, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--largest", type=int, default=SIZES[-1], help="largest size")
    args = parser.parse_args()
    print(
        f"{'candidats':>10} {'défis':>6} {'places':>7} {'nous':>9} "
        f"{'matching, solve':>16} {'matching, total':>16}  identiques"
    )
    print("-" * 80)
    for size in (size for size in SIZES if size <= args.largest):
        data = instance(size)
        ours_times, solve_times, total_times = [], [], []
        same = True
        for _ in range(args.runs):
            seconds, ours = timed(lambda: stable_match(*data))  # noqa: B023
            ours_times.append(seconds)
            build, solve, result = theirs(data)
            solve_times.append(solve)
            total_times.append(build + solve)
            same = same and result == {h: sorted(cs) for h, cs in ours.items()}
        print(
            f"{size:>10} {len(data[1]):>6} {sum(data[2].values()):>7} "
            f"{statistics.median(ours_times) * 1000:>7.0f}ms "
            f"{statistics.median(solve_times) * 1000:>14.0f}ms "
            f"{statistics.median(total_times) * 1000:>14.0f}ms  {'oui' if same else 'NON'}",
            flush=True,
        )


if __name__ == "__main__":
    # The package deep-copies its players, which point at each other: the copy recurses
    # as deep as the chains of preferences go. Give it room (a thread with a big stack).
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1024 * 1024 * 1024)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
