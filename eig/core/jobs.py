"""The one module through which the project queues background work.

Jobs are declared with ``@job`` in each app's ``tasks.py`` and queued with
``enqueue(task, **kwargs)``; callers never import the queue engine. Jobs take ids,
not objects: their arguments must be JSON. A module that its own tasks module imports
(a service whose job calls it back) queues the job by its declared name instead,
``enqueue("notifications.email_send", email_id=...)``, so that neither imports the
other inside a function nor in a cycle; an unknown name fails when queued.

Two backends, chosen by the ``EIG_TASKS_BACKEND`` setting:

- ``procrastinate`` (production): the job row is written in the caller's
  transaction, so a rolled-back transaction queues nothing; a failed job is retried
  with exponential backoff (``Backoff``); a job whose worker died is found by its
  stale heartbeat and run again (``stalled_jobs_retry``, periodic). Workers run
  ``manage.py procrastinate worker``; they also defer the periodic jobs.
- ``immediate`` (embedded default and tests): the job runs in-process once the
  transaction commits, and never if it rolls back. A failure is logged and left to
  the job's own recovery (for e-mails, the sweep run by ``manage.py
  send_pending_emails``). Periodic jobs do not run by themselves in this mode.

A job signals the queue how it failed by the exception it raises: ``JobGaveUp``
(never retry), ``RetryAfter`` (retry after the given delay), anything else (retry
with the default backoff until ``max_attempts``).
"""

import datetime
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from procrastinate import BaseRetryStrategy, RetryDecision, exceptions
from procrastinate.contrib.django import app as procrastinate_app
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job, Status
from procrastinate.tasks import Task

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# A worker sends a heartbeat every 10 s and is pruned after 30 s of silence; a job
# left "doing" by a worker silent for this long is run again.
STALLED_AFTER_SECONDS = 120
STALLED_JOBS_CRON = "*/2 * * * *"
# Finished jobs are kept this long for inspection, then deleted (failed ones are kept).
SUCCEEDED_JOBS_KEPT_HOURS = 7 * 24
OLD_JOBS_CRON = "17 3 * * *"


class JobGaveUp(Exception):
    """Raised by a job that failed for good: the queue must not retry it."""


class RetryAfter(Exception):
    """Raised by a job that failed and knows when it should be tried again."""

    def __init__(self, message: str, *, delay: datetime.timedelta) -> None:
        super().__init__(message)
        self.delay = delay


@dataclass(frozen=True)
class Backoff:
    """Exponential delays: ``first``, ``first × factor``, … never more than ``cap``."""

    first: datetime.timedelta = datetime.timedelta(seconds=30)
    factor: int = 3
    cap: datetime.timedelta = datetime.timedelta(hours=6)

    def after(self, attempts: int) -> datetime.timedelta:
        """Delay before the next attempt, once ``attempts`` (≥ 1) attempts failed."""
        exponent = max(attempts - 1, 0)
        # Compare in seconds before multiplying so a large exponent cannot overflow.
        if self.factor**exponent >= self.cap / self.first:
            return self.cap
        return self.first * self.factor**exponent


DEFAULT_BACKOFF = Backoff()


class RetryPolicy(BaseRetryStrategy):
    """Procrastinate retry strategy that understands ``JobGaveUp`` and ``RetryAfter``."""

    def __init__(self, *, max_attempts: int = 10, backoff: Backoff = DEFAULT_BACKOFF) -> None:
        self.max_attempts = max_attempts
        self.backoff = backoff

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        attempts_made = job.attempts + 1  # procrastinate counts the previous attempts
        if isinstance(exception, JobGaveUp) or attempts_made >= self.max_attempts:
            return None
        if isinstance(exception, RetryAfter):
            delay = exception.delay
        else:
            delay = self.backoff.after(attempts_made)
        return RetryDecision(retry_in={"seconds": max(int(delay.total_seconds()), 0)})


DEFAULT_RETRY = RetryPolicy()


def job(
    *,
    name: str,
    retry: BaseRetryStrategy | None = DEFAULT_RETRY,
    periodic_cron: str | None = None,
) -> Callable[[Callable[P, R]], Task[P, R, P]]:
    """Declare a background job. ``name`` is stable: queued rows refer to it.

    A periodic job (``periodic_cron``) receives a ``timestamp`` keyword argument
    and never runs twice at once (queueing lock named after the job).
    """

    def decorate(function: Callable[P, R]) -> Task[P, R, P]:
        task = procrastinate_app.task(
            name=name,
            retry=retry or False,
            pass_context=False,
            queueing_lock=name if periodic_cron else None,
        )(function)
        if periodic_cron:
            procrastinate_app.periodic(cron=periodic_cron, periodic_id=name)(task)  # type: ignore[arg-type]
        return task

    return decorate


def enqueue(task: Task[Any, Any, Any] | str, **kwargs: Any) -> None:
    """Queue ``task`` (or the job of that name) with ``kwargs``; it runs only if the
    current transaction commits."""
    if isinstance(task, str):
        task = job_named(task)
    _check_json(task, kwargs)
    if settings.EIG_TASKS_BACKEND == "procrastinate":
        task.defer(**kwargs)
        return
    transaction.on_commit(lambda: run_now(task, **kwargs))


def job_named(name: str) -> Task[Any, Any, Any]:
    """The job declared with ``@job(name=name)`` in an app's ``tasks.py``."""
    if name not in procrastinate_app.tasks:
        # In the immediate backend nothing has imported the apps' tasks modules yet.
        autodiscover_modules("tasks")
    try:
        return procrastinate_app.tasks[name]
    except KeyError:
        raise LookupError(f"No job is named {name!r}: declare it with @job in tasks.py.") from None


def _check_json(task: Task[Any, Any, Any], kwargs: dict[str, Any]) -> None:
    """Refuse in every backend what the production queue could not store."""
    try:
        json.dumps(kwargs)
    except TypeError as error:
        raise TypeError(
            f"The arguments of job {task.name} must be JSON (ids, not objects): {error}"
        ) from error


def run_now(task: Task[Any, Any, Any], **kwargs: Any) -> None:
    """Run a job in this process, logging instead of raising on failure."""
    try:
        task(**kwargs)
    except JobGaveUp:
        logger.exception("Job %s failed for good with %s", task.name, kwargs)
    except RetryAfter:
        logger.warning("Job %s failed with %s; retried later", task.name, kwargs, exc_info=True)
    except Exception:
        logger.exception("Job %s failed with %s; its recovery will retry it", task.name, kwargs)


def on_procrastinate_ready(app: Any) -> None:
    """Register the housekeeping jobs of the queue (``PROCRASTINATE_ON_APP_READY``)."""
    app.periodic(cron=STALLED_JOBS_CRON, periodic_id="retry_stalled_jobs")(
        app.task(
            name="eig.core.retry_stalled_jobs",
            queueing_lock="retry_stalled_jobs",
            pass_context=True,
        )(stalled_jobs_retry)
    )
    app.periodic(cron=OLD_JOBS_CRON, periodic_id="remove_old_jobs")(
        app.task(
            name="eig.core.remove_old_jobs",
            queueing_lock="remove_old_jobs",
            pass_context=True,
        )(old_jobs_remove)
    )


async def stalled_jobs_retry(context: JobContext, timestamp: int) -> int:
    """Put back in the queue the jobs whose worker stopped sending heartbeats."""
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS))
    retried = 0
    for stalled_job in stalled:
        try:
            await manager.retry_job(stalled_job)
        except exceptions.UniqueViolation:
            # A copy of this job already waits under the same queueing lock.
            await _stalled_job_close(context, stalled_job)
        except exceptions.ConnectorException:
            # The job finished or was retried meanwhile: nothing left to do.
            logger.warning("Stalled job %s could not be retried", stalled_job.call_string)
        else:
            retried += 1
    return retried


async def _stalled_job_close(context: JobContext, stalled_job: Job) -> None:
    logger.warning("Stalled job %s closed: a copy is already queued", stalled_job.call_string)
    if stalled_job.id is None:
        return
    try:
        await context.app.job_manager.finish_job_by_id_async(
            job_id=stalled_job.id, status=Status.FAILED, delete_job=False
        )
    except exceptions.ConnectorException:
        logger.warning("Stalled job %s could not be closed", stalled_job.call_string)


async def old_jobs_remove(context: JobContext, timestamp: int) -> None:
    """Delete the succeeded jobs older than ``SUCCEEDED_JOBS_KEPT_HOURS``."""
    await context.app.job_manager.delete_old_jobs(nb_hours=SUCCEEDED_JOBS_KEPT_HOURS)
