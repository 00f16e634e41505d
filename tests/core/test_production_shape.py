"""The production shape: gunicorn with the repository's configuration serves the site,
and the Procfile names the processes a PaaS runs (PostgreSQL only)."""

import gc
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.notifications.smtp import free_port
from tests.queue import database_url, postgresql_only

BASE_DIR = Path(settings.BASE_DIR)


def _get(url: str, *, attempts: int) -> tuple[int, str]:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_site_with_the_repository_s_configuration(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "EIG_LOG_FORMAT": "json",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "--config", "config/gunicorn.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Up to two minutes: gunicorn starts slowly while the other test workers use the CPUs.
        status, body = _get(f"http://127.0.0.1:{port}/sante/", attempts=240)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    assert status == 200
    assert '"status": "ok"' in body
    assert '"route": "/sante/"' in (tmp_path / "gunicorn.log").read_text()


def test_the_procfile_runs_gunicorn_the_supervised_worker_and_the_release_step():
    processes = dict(
        line.split(": ", 1) for line in (BASE_DIR / "Procfile").read_text().splitlines()
    )

    assert processes["web"] == "gunicorn --config config/gunicorn.py"
    assert processes["worker"] == "python manage.py run_worker"
    assert processes["release"].split(" && ") == [
        "python manage.py migrate --no-input",
        "python manage.py createcachetable",
        "python manage.py collectstatic --no-input",
    ]


def test_gunicorn_s_master_freezes_what_it_loaded_before_its_first_fork():
    from config import gunicorn

    assert gc.get_freeze_count() == 0
    try:
        gunicorn.when_ready(server=None)

        # Out of the collector's reach: a worker neither scans nor copies them, and is
        # recycled in a tenth of a second (config/gunicorn.py).
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
