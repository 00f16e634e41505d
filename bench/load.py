"""The load: locust, as a library, headless (run by bench/pages.py in a process of its own).

    .venv/bin/python bench/load.py plan.json > results.json

For each page of the plan, ``users`` locust users (FastHttpUser, no wait between
requests) load the page, then its reference, then the page again…, switching every
``slice`` seconds until each has had ``duration`` seconds, so that both share the
machine's ups and downs. A turn ends when its last answer is in (the users pause
meanwhile): the reference's requests never queue behind the page's, nor the reverse;
requests per second count that drain in the turn's time. Every answer other than a
200 (redirects not followed) is a failure. Writes, per page and per reference:
requests, failures, p50, p95 (nearest rank, in milliseconds, from locust's request
events) and requests per second.

Its own process because locust patches the standard library for gevent on import.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.log import setup_logging  # noqa: E402

EXTRA_SECONDS = 30
DRAIN_SECONDS = 130  # beyond gunicorn's 60 s timeout, twice


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with ``share`` of them at or below it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def _summary(times: list[float], failures: list[str], seconds: float) -> dict[str, Any]:
    return {
        "requests": len(times),
        "failures": len(failures),
        "errors": sorted(set(failures))[:3],
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "rps": len(times) / seconds if seconds else 0.0,
    }


def load(page: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = {"target": "page", "recording": False}
    times: dict[str, list[float]] = {"page": [], "reference": []}
    failures: dict[str, list[str]] = {"page": [], "reference": []}
    headers = {"Cookie": page["cookie"]} if page["cookie"] else {}
    urls = {"page": page["url"], "reference": page["reference"]}
    in_flight = [0]

    class Visitor(FastHttpUser):
        host = plan["host"]
        wait_time = constant(0)

        @task
        def visit(self) -> None:
            name = state["target"]
            if name is None:  # between two turns: the answers still due come back first
                gevent.sleep(0.01)
                return
            in_flight[0] += 1
            try:
                with self.client.get(
                    urls[name],
                    name=name,
                    headers=headers,
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    if response.status_code != 200:
                        response.failure(f"HTTP {response.status_code} sur {urls[name]}")
            finally:
                in_flight[0] -= 1

    def on_request(name: str, response_time: float, exception: Any = None, **_kw: Any) -> None:
        if not state["recording"] or name not in times:
            return
        if exception is not None:
            failures[name].append(str(exception))
        else:
            times[name].append(response_time)

    environment = Environment(user_classes=[Visitor], events=events)
    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["users"])
    gevent.sleep(plan["warmup"])  # users spawned, connections open, workers warm
    spent = {"page": 0.0, "reference": 0.0}
    state["recording"] = True
    # Each side gets its duration, and at least one answer (a slow page, a small
    # --duration), within a bounded extra time.
    deadline = time.monotonic() + 2 * plan["duration"] + EXTRA_SECONDS
    while min(spent.values()) < plan["duration"] or (
        not all(times.values()) and time.monotonic() < deadline
    ):
        name = "page" if spent["page"] <= spent["reference"] else "reference"
        state["target"] = name
        started = time.monotonic()
        gevent.sleep(max(plan["slice"] / 2, min(plan["slice"], plan["duration"] - spent[name])))
        # The turn ends when its last answer is in: the next one never waits behind it.
        state["target"] = None
        drained = time.monotonic() + DRAIN_SECONDS
        while in_flight[0] and time.monotonic() < drained:
            gevent.sleep(0.01)
        spent[name] += time.monotonic() - started
    state["recording"] = False
    runner.quit()
    environment.events.request.remove_listener(on_request)
    return {
        "label": page["label"],
        "page": _summary(times["page"], failures["page"], spent["page"]),
        "reference": _summary(times["reference"], failures["reference"], spent["reference"]),
    }


def main() -> int:
    setup_logging("WARNING")
    with open(sys.argv[1], encoding="utf-8") as file:
        plan = json.load(file)
    results = []
    for page in plan["pages"]:
        print(f"  charge : {page['label']}", file=sys.stderr, flush=True)
        results.append(load(page, plan))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
