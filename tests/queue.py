"""Helpers for the tests that run the real Procrastinate queue (PostgreSQL only).

``postgresql_only`` skips a test on SQLite; CI runs the suite on PostgreSQL. The
tests switch the task backend to Procrastinate themselves (``settings`` fixture),
empty the queue tables first (they are not Django-managed, so the test flush
leaves them) and run a real worker with ``worker_run``.
"""

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

postgresql_only = pytest.mark.skipif(
    not settings.USES_POSTGRESQL, reason="Procrastinate needs PostgreSQL (DATABASE_URL)"
)

QUEUE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)


def database_url() -> str:
    """The test database's address, for a worker or a server run in another process."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def queue_tables_empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(QUEUE_TABLES)} RESTART IDENTITY CASCADE")


def jobs(task_name: str | None = None) -> list[dict[str, Any]]:
    """Rows of procrastinate_jobs, oldest first."""
    query = (
        "SELECT id, task_name, status, attempts, args, scheduled_at, worker_id, "
        "scheduled_at - NOW() AS wait FROM procrastinate_jobs"
    )
    params: list[Any] = []
    if task_name:
        query += " WHERE task_name = %s"
        params.append(task_name)
    with connection.cursor() as cursor:
        cursor.execute(query + " ORDER BY id", params)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if isinstance(row["args"], str):  # Django's cursor leaves jsonb as text
            row["args"] = json.loads(row["args"])
    return rows


@contextlib.contextmanager
def _without_periodic_jobs(app: Any) -> Iterator[None]:
    """A test worker defers no periodic job by itself: the test defers what it needs."""
    registered = app.periodic_registry.periodic_tasks
    app.periodic_registry.periodic_tasks = {}
    try:
        yield
    finally:
        app.periodic_registry.periodic_tasks = registered


def worker_run() -> None:
    """Run a worker as ``manage.py procrastinate worker`` does, until the queue is empty.

    Same connector as the command (psycopg, its own connections), so the test must
    use ``django_db(transaction=True)``: the worker sees committed rows only.
    """
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()), _without_periodic_jobs(app):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def job_defer(task_name: str, *, priority: int = 0, **kwargs: Any) -> int:
    from procrastinate.contrib.django import app

    return app.configure_task(task_name, priority=priority).defer(**kwargs)
