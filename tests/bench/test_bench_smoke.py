"""`make bench`'s small form, so that the benchmark cannot break silently (issue 14).

It runs ``bench/pages.py --smoke`` in a process of its own, as `make bench-smoke` does:
a temporary SQLite database at the programme's real size, gunicorn, one user (wrk, or
locust where wrk is missing) for a moment on each page and on its reference, the
candidacy exports. The bench exits
non-zero when a page or an export answers anything but 200; this test fails with it.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_smoke_serves_every_page_and_export():
    environment = dict(os.environ)
    # Its own throwaway SQLite file, never the test suite's database.
    environment.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (the repository's own script)
        [sys.executable, str(ROOT / "bench" / "pages.py"), "--smoke"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "| Sélection : tableau d’une session | équipe |" in done.stdout
    assert "| Candidatures, toutes sessions (XLSX) | 1" in done.stdout
