"""The bench's locust load (bench/load.py), used where wrk is missing: every answer but a
200 is a failure, and both sides of a page get answers. It runs in a process of its own,
as bench/pages.py runs it (locust patches the standard library on import)."""

import json
import subprocess
import sys
from pathlib import Path

from tests.bench.test_wrk import serving

ROOT = Path(__file__).resolve().parents[2]


def test_locust_counts_a_redirect_as_a_failure_and_a_200_as_an_answer(tmp_path):
    with serving() as host:
        plan = {
            "host": host,
            "users": 2,
            "duration": 0.5,
            "slice": 0.25,
            "warmup": 0.25,
            "pages": [{"label": "x", "url": "/une-sur-deux/", "reference": "/", "cookie": ""}],
        }
        (tmp_path / "plan.json").write_text(json.dumps(plan))
        done = subprocess.run(  # noqa: S603 (the repository's own script)
            [sys.executable, str(ROOT / "bench" / "load.py"), str(tmp_path / "plan.json")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert done.returncode == 0, done.stderr[-3000:]
    [result] = json.loads(done.stdout)
    assert result["page"]["failures"] > 0
    # The page's 200s are its answers (a page that only failed would be loaded until
    # the plan's deadline, waiting for one).
    assert result["page"]["requests"] > 0
    assert result["page"]["errors"] == ["HTTP 302 sur /une-sur-deux/"]
    assert result["reference"]["failures"] == 0
    assert result["reference"]["requests"] > 0
