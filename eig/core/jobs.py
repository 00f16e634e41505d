"""The one module through which the project queues background work.

Jobs are declared with ``@job`` in each app's ``tasks.py`` and queued with
``enqueue(task, **kwargs)``; callers never import the queue engine. Jobs take ids,
not objects.

Two backends, chosen by the ``EIG_TASKS_BACKEND`` setting:

- ``procrastinate`` (production): the job row is written in the caller's
  transaction, so a rolled-back transaction queues nothing; a failed job is retried
  with exponential backoff; a job whose worker died is found by its stale
  heartbeat and run again (``retry_stalled_jobs``, periodic).
- ``immediate`` (embedded default and tests): the job runs in-process once the
  transaction commits, and never if it rolls back. A failure is logged and left to
  the job's own recovery (for e-mails, the periodic sweep of unsent rows).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app as procrastinate_app

logger = logging.getLogger(__name__)

DEFAULT_RETRY = RetryStrategy(max_attempts=8, exponential_wait=5)
STALLED_AFTER_SECONDS = 120


def job(
    *, name: str, retry: RetryStrategy | None = DEFAULT_RETRY, periodic_cron: str | None = None
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a background job. ``name`` is stable: queued rows refer to it."""

    def decorate(function: Callable[..., Any]) -> Any:
        task = procrastinate_app.task(name=name, retry=retry or False, pass_context=False)(
            function
        )
        if periodic_cron:
            procrastinate_app.periodic(cron=periodic_cron, periodic_id=name)(task)
        return task

    return decorate


def enqueue(task: Any, **kwargs: Any) -> None:
    """Queue ``task`` with ``kwargs``; it runs only if the current transaction commits."""
    if settings.EIG_TASKS_BACKEND == "procrastinate":
        task.defer(**kwargs)
        return
    transaction.on_commit(lambda: run_now(task, **kwargs))


def run_now(task: Any, **kwargs: Any) -> None:
    """Run a job in this process, logging instead of raising on failure."""
    try:
        task(**kwargs)
    except Exception:
        logger.exception("Job %s failed with %s", task.name, kwargs)


def on_procrastinate_ready(app: Any) -> None:
    """Register the builtin job that re-runs the jobs of workers that died."""
    app.periodic(cron="*/2 * * * *", periodic_id="retry_stalled_jobs")(
        app.task(
            name="eig.core.retry_stalled_jobs",
            queueing_lock="retry_stalled_jobs",
            pass_context=True,
        )(stalled_jobs_retry)
    )


async def stalled_jobs_retry(context: Any, timestamp: int) -> int:
    """Put back in the queue the jobs whose worker stopped sending heartbeats."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    for stalled_job in stalled:
        await manager.retry_job(stalled_job)
    return len(list(stalled))
