"""``manage.py run_worker`` outlives an outage of its database (PostgreSQL only).

The outage is real for the worker: its connections are cut and the database refuses
new ones for a few seconds, as during a restart, while the test keeps its own.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import email_create
from tests.queue import database_url, job_defer, postgresql_only, queue_tables_empty

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def worker(tmp_path) -> Iterator[subprocess.Popen[str]]:
    queue_tables_empty()
    env = {**os.environ, "DATABASE_URL": database_url(), "EIG_TASKS_BACKEND": "procrastinate"}
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--max-downtime", "120"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        process.kill()
        log.close()
        _connections_allow(True)
        queue_tables_empty()


def _wait_for(condition, *, seconds: float) -> bool:  # a bounded poll, not a timing assertion
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def _live_workers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM procrastinate_workers")
        return cursor.fetchone()[0]


def _connections_allow(allowed: bool) -> None:
    """Let the test database accept new connections, or not (from the server's own database)."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        server.execute(
            f"ALTER DATABASE {connection.ops.quote_name(database['NAME'])} "  # type: ignore[arg-type]
            f"ALLOW_CONNECTIONS {'true' if allowed else 'false'}"
        )


def _others_cut() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _queued_email() -> Email:
    (email,) = email_create(
        to="ops@example.gouv.fr",
        template="notifications/test_message",
        context={"site_url": "https://eig.example.gouv.fr", "requested_by": "un test"},
    )
    job_defer("notifications.email_send", email_id=email.pk)
    return email


def _sent(email: Email) -> bool:
    return Email.objects.get(pk=email.pk).status == EmailStatus.SENT


def test_jobs_run_again_after_the_database_comes_back(worker):
    assert _wait_for(lambda: _live_workers() == 1, seconds=60), "the worker never started"
    before = _queued_email()
    assert _wait_for(lambda: _sent(before), seconds=60)

    _connections_allow(False)
    _others_cut()
    time.sleep(5)  # the outage: the worker's listener fails, it cannot reconnect
    _connections_allow(True)
    after = _queued_email()

    assert _wait_for(lambda: _sent(after), seconds=60), "no job ran after the outage"
    assert worker.poll() is None, "the worker process is still the same, still running"


def test_a_stop_signal_ends_the_worker_with_status_zero(worker):
    assert _wait_for(lambda: _live_workers() == 1, seconds=60)

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=30) == 0
