"""The load with wrk (Debian's package ``wrk``), which the bench prefers to locust.

wrk is written in C: it loads 20 connections with a few per cent of one core, where
locust's Python users take most of one of this machine's two, from the server they
measure (bench/README.md, « Reading the output »). The plan and the results are
bench/load.py's: for each page, ``users`` connections (no wait between requests)
load the page, then its reference, then the page again…, in turns of ``slice``
seconds (whole seconds: wrk takes no less) until each has had ``duration`` seconds.

Each turn is one wrk run with bench/wrk.lua, which counts every answer but a 200 as a
failure and prints the latency at each thousandth; the turns of a page are merged into
one distribution (each thousandth of a turn weighs a thousandth of its requests), whose
p50 and p95 are taken at the nearest rank, as bench/load.py does with locust's times.
Requests send the ``Accept-Encoding`` of a browser, which inflates what it gets on its
own machine; wrk does not inflate it at all.
"""

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
TIMEOUT_SECONDS = 130  # beyond gunicorn's 60 s timeout, twice (bench/load.py)


def available() -> bool:
    return shutil.which("wrk") is not None


def whole_seconds(seconds: float) -> int:
    """wrk's durations are whole seconds: at least one."""
    return max(1, math.ceil(seconds))


def _turn(url: str, cookie: str, seconds: int, users: int) -> dict[str, Any]:
    command = [
        "wrk",
        f"--threads={min(2, users)}",
        f"--connections={users}",
        f"--duration={seconds}s",
        f"--timeout={TIMEOUT_SECONDS}s",
        f"--script={SCRIPT}",
        f"--header=Accept-Encoding: {BROWSER_ENCODINGS}",
    ]
    if cookie:
        command.append(f"--header=Cookie: {cookie}")
    done = subprocess.run(  # noqa: S603 (wrk, fixed arguments)
        [*command, url],
        capture_output=True,
        text=True,
        timeout=seconds + TIMEOUT_SECONDS + 30,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk a échoué sur {url} :\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def merged_percentile(turns: list[dict[str, Any]], share: float) -> float:
    """The nearest-rank percentile, in milliseconds, of the turns' merged latencies."""
    weighted = sorted(
        (value, turn["requests"] / len(turn["quantiles_us"]))
        for turn in turns
        for value in turn["quantiles_us"]
    )
    total = sum(weight for _value, weight in weighted)
    if not total:
        return 0.0
    reached = 0.0
    for value, weight in weighted:
        reached += weight
        if reached >= share * total - 1e-9:
            return float(value) / 1000
    return float(weighted[-1][0]) / 1000


def summary(turns: list[dict[str, Any]]) -> dict[str, Any]:
    """One side of a page (the page or its reference), as bench/load.py sums it up."""
    requests = sum(turn["requests"] for turn in turns)
    seconds = sum(turn["seconds"] for turn in turns)
    failures = sum(turn["failures"] for turn in turns)
    errors = sorted({f"HTTP {status}" for turn in turns for status in turn["statuses"]})
    if any(turn["socket_errors"] for turn in turns):
        errors.append("erreurs de connexion ou délais dépassés (wrk)")
    return {
        "requests": requests,
        "failures": failures,
        "errors": errors[:3],
        "p50": merged_percentile(turns, 0.50),
        "p95": merged_percentile(turns, 0.95),
        "rps": requests / seconds if seconds else 0.0,
    }


def load(page: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    urls = {"page": plan["host"] + page["url"], "reference": plan["host"] + page["reference"]}
    slice_seconds, duration = whole_seconds(plan["slice"]), whole_seconds(plan["duration"])
    if plan["warmup"] >= 1:  # a first turn of each, unrecorded: workers warm
        for url in urls.values():
            _turn(url, page["cookie"], 1, plan["users"])
    turns: dict[str, list[dict[str, Any]]] = {"page": [], "reference": []}
    spent = {"page": 0, "reference": 0}
    while min(spent.values()) < duration:
        name = "page" if spent["page"] <= spent["reference"] else "reference"
        seconds = min(slice_seconds, duration - spent[name])
        turns[name].append(_turn(urls[name], page["cookie"], seconds, plan["users"]))
        spent[name] += seconds
    return {
        "label": page["label"],
        "page": summary(turns["page"]),
        "reference": summary(turns["reference"]),
    }


def load_all(plan: dict[str, Any]) -> list[dict[str, Any]]:
    results = []
    for page in plan["pages"]:
        print(f"  charge : {page['label']}", flush=True)
        results.append(load(page, plan))
    return results
