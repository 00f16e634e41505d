"""The enqueue module with the real Procrastinate queue and worker (PostgreSQL only)."""

import time

import pytest
from django.db import connection, transaction

from eig.core.jobs import JobGaveUp, enqueue, job
from tests.queue import job_defer, jobs, postgresql_only, queue_tables_empty, worker_run

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

CALLS: list[int] = []


@job(name="tests.core.queue_record")
def queue_record(value: int) -> None:
    CALLS.append(value)


@job(name="tests.core.queue_give_up")
def queue_give_up(value: int) -> None:
    raise JobGaveUp("nothing more to do")


@pytest.fixture(autouse=True)
def _procrastinate(settings):
    settings.EIG_TASKS_BACKEND = "procrastinate"
    queue_tables_empty()
    CALLS.clear()
    yield
    queue_tables_empty()


def test_a_job_queued_in_a_transaction_that_rolls_back_leaves_no_row():
    written_in_the_transaction = []

    def enqueue_then_fail() -> None:
        with transaction.atomic():
            enqueue(queue_record, value=1)
            written_in_the_transaction.extend(jobs("tests.core.queue_record"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        enqueue_then_fail()

    assert len(written_in_the_transaction) == 1
    assert jobs() == []


def test_a_committed_job_is_run_by_a_worker():
    with transaction.atomic():
        enqueue(queue_record, value=5)

    (queued,) = jobs()
    assert queued["status"] == "todo"
    assert queued["args"] == {"value": 5}

    worker_run()

    assert CALLS == [5]
    assert jobs()[0]["status"] == "succeeded"


def test_a_job_that_gives_up_is_failed_without_retry():
    enqueue(queue_give_up, value=1)

    worker_run()

    (failed,) = jobs()
    assert failed["status"] == "failed"
    assert failed["attempts"] == 1


def _worker_that_died_with(job_id: int) -> int:
    """A worker took the job then stopped sending heartbeats (killed, machine lost)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, job_id],
        )
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = NOW() - INTERVAL '1 hour' "
            "WHERE id = %s",
            [worker_id],
        )
    return worker_id


def test_a_job_left_doing_by_a_dead_worker_is_run_again_by_the_stalled_jobs_retry():
    enqueue(queue_record, value=9)
    (stalled,) = jobs()
    _worker_that_died_with(stalled["id"])

    worker_run()  # nothing to fetch: the job is "doing" for the dead worker
    assert CALLS == []

    job_defer("eig.core.retry_stalled_jobs", timestamp=int(time.time()))
    worker_run()

    assert CALLS == [9]
    statuses = {row["task_name"]: row["status"] for row in jobs()}
    assert statuses == {
        "tests.core.queue_record": "succeeded",
        "eig.core.retry_stalled_jobs": "succeeded",
    }


def test_a_stalled_job_whose_copy_already_waits_is_closed_instead_of_retried():
    sweep = "notifications.emails_resend_stalled"  # periodic: one waiting copy at most
    stalled_id = job_defer(sweep, timestamp=1)
    _worker_that_died_with(stalled_id)
    waiting_id = job_defer(sweep, timestamp=2)

    job_defer("eig.core.retry_stalled_jobs", priority=10, timestamp=int(time.time()))
    worker_run()

    statuses = {row["id"]: row["status"] for row in jobs()}
    assert statuses[stalled_id] == "failed"
    assert statuses[waiting_id] == "succeeded"
    assert set(statuses.values()) == {"failed", "succeeded"}


def test_a_job_of_a_live_worker_is_left_alone():
    enqueue(queue_record, value=9)
    (running,) = jobs()
    with connection.cursor() as cursor:
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, running["id"]],
        )

    job_defer("eig.core.retry_stalled_jobs", timestamp=int(time.time()))
    worker_run()

    assert CALLS == []
    assert jobs("tests.core.queue_record")[0]["status"] == "doing"


def test_the_housekeeping_jobs_are_periodic():
    from procrastinate.contrib.django import app

    periodic = {key[0]: task.cron for key, task in app.periodic_registry.periodic_tasks.items()}

    assert periodic["eig.core.retry_stalled_jobs"] == "*/2 * * * *"
    assert periodic["eig.core.remove_old_jobs"] == "17 3 * * *"
    assert periodic["notifications.emails_resend_stalled"] == "*/5 * * * *"
