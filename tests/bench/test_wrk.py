"""The bench's wrk load (bench/wrk.py, bench/wrk.lua): the turns of a page merged into one
distribution, and every answer but a 200 counted as a failure, as with locust."""

import contextlib
import http.server
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import wrk


def _nearest_rank(ordered: list[int], share: float) -> int:
    return ordered[max(1, -(-int(share * 1000) * len(ordered) // 1000)) - 1]


def _turn(latencies_us: list[int]) -> dict:
    """A wrk turn as bench/wrk.lua prints it, from the latencies it saw."""
    ordered = sorted(latencies_us)
    quantiles = [_nearest_rank(ordered, i / 1000) for i in range(1, 1001)]
    return {
        "requests": len(ordered),
        "seconds": 1.0,
        "failures": 0,
        "socket_errors": 0,
        "statuses": [],
        "quantiles_us": quantiles,
    }


def test_a_long_fast_turn_outweighs_a_short_slow_one():
    fast = _turn([10_000] * 900)  # 900 answers in 10 ms
    slow = _turn([400_000] * 100)  # 100 in 400 ms

    summary = wrk.summary([fast, slow])

    assert summary["requests"] == 1000
    assert summary["p50"] == 10.0
    assert summary["p95"] == 400.0
    assert summary["rps"] == 500.0


@given(
    st.lists(
        st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=300),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([0.5, 0.9, 0.95, 0.99]),
)
def test_the_merged_percentile_is_one_the_turns_saw_near_the_exact_one(turns, share):
    merged = round(wrk.merged_percentile([_turn(turn) for turn in turns], share) * 1000)
    every = sorted(value for turn in turns for value in turn)

    assert merged in every
    # Each turn is known to a thousandth of its answers: the rank is off by at most one
    # answer per turn.
    rank = every.index(merged)
    exact = every.index(_nearest_rank(every, share))
    assert abs(rank - exact) <= len(turns) + every.count(merged)


def test_no_answer_is_a_zero_not_an_error():
    empty = {**_turn([1]), "requests": 0, "quantiles_us": []}
    assert wrk.summary([empty])["p95"] == 0.0


class _Redirects(http.server.BaseHTTPRequestHandler):
    answered = 0

    def do_GET(self) -> None:
        _Redirects.answered += 1
        redirect = self.path == "/redirige/" or (
            self.path == "/une-sur-deux/" and _Redirects.answered % 2 == 0
        )
        self.send_response(302 if redirect else 200)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args: object) -> None:
        pass


@contextlib.contextmanager
def serving() -> Iterator[str]:
    """A tiny server on a free port: ``/redirige/`` answers a 302, ``/une-sur-deux/`` a 302
    every other time, everything else a 200."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirects)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not wrk.available(), reason="wrk is not installed (system-packages.txt)")
def test_wrk_counts_a_redirect_as_a_failure_and_a_200_as_an_answer():
    with serving() as host:
        plan = {"host": host, "users": 2, "duration": 1, "slice": 1, "warmup": 0}
        result = wrk.load({"label": "x", "url": "/redirige/", "reference": "/", "cookie": ""}, plan)

    assert result["page"]["failures"] == result["page"]["requests"] > 0
    assert result["page"]["errors"] == ["HTTP 302"]
    assert result["reference"]["failures"] == 0
    assert result["reference"]["requests"] > 0
    assert result["reference"]["p95"] > 0
