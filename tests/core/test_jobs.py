"""The enqueue module in the immediate backend (the embedded default), and its retry policy."""

import datetime
import logging

import pytest
from django.db import transaction
from procrastinate.jobs import Job

from eig.core.jobs import Backoff, JobGaveUp, RetryAfter, RetryPolicy, enqueue, job

CALLS: list[int] = []


@job(name="tests.core.immediate_record")
def immediate_record(value: int) -> None:
    CALLS.append(value)


@job(name="tests.core.immediate_fail")
def immediate_fail(value: int) -> None:
    raise ValueError(f"failure {value}")


@pytest.fixture(autouse=True)
def _immediate(settings):
    settings.EIG_TASKS_BACKEND = "immediate"
    CALLS.clear()


@pytest.mark.django_db
def test_a_job_queued_in_a_transaction_that_rolls_back_never_runs(
    django_capture_on_commit_callbacks,
):
    def enqueue_then_fail() -> None:
        with transaction.atomic():
            enqueue(immediate_record, value=1)
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        enqueue_then_fail()

    assert callbacks == []
    assert CALLS == []


@pytest.mark.django_db
def test_a_job_runs_once_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue(immediate_record, value=7)
        assert CALLS == []  # not before the commit

    assert CALLS == [7]


@pytest.mark.django_db
def test_a_job_queued_by_its_name_runs_once_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue("tests.core.immediate_record", value=8)
        assert CALLS == []

    assert CALLS == [8]


def test_a_job_name_nobody_declared_is_refused_when_queued():
    with pytest.raises(LookupError, match="No job is named"):
        enqueue("tests.core.nobody", value=1)


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_does_not_break_the_request(
    django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="eig.core.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue(immediate_fail, value=3)

    assert "Job tests.core.immediate_fail failed" in caplog.text
    assert "failure 3" in caplog.text


@pytest.mark.parametrize("backend", ["immediate", "procrastinate"])
def test_job_arguments_must_be_json_in_every_backend(settings, backend):
    settings.EIG_TASKS_BACKEND = backend

    with pytest.raises(TypeError, match="must be JSON"):
        enqueue(immediate_record, value=object())


def test_the_backoff_grows_exponentially_up_to_a_cap():
    backoff = Backoff()

    delays = [backoff.after(attempts).total_seconds() for attempts in range(1, 9)]

    assert delays == [30, 90, 270, 810, 2430, 7290, 21600, 21600]
    assert backoff.after(10_000) == datetime.timedelta(hours=6)


def _job(attempts: int) -> Job:
    return Job(queue="default", lock=None, queueing_lock=None, task_name="t", attempts=attempts)


def test_the_retry_policy_follows_the_backoff():
    policy = RetryPolicy(max_attempts=3)

    first = policy.get_retry_decision(exception=ValueError(), job=_job(0))
    second = policy.get_retry_decision(exception=ValueError(), job=_job(1))

    assert first is not None
    assert second is not None
    assert second.retry_at is not None
    assert first.retry_at is not None
    gap = second.retry_at - first.retry_at
    assert abs(gap.total_seconds() - 60) < 2  # 90 s after the second try, 30 s after the first
    assert policy.get_retry_decision(exception=ValueError(), job=_job(2)) is None


def test_a_job_decides_when_to_retry_or_to_give_up():
    policy = RetryPolicy(max_attempts=5)

    gave_up = policy.get_retry_decision(exception=JobGaveUp("no"), job=_job(0))
    later = policy.get_retry_decision(
        exception=RetryAfter("later", delay=datetime.timedelta(hours=1)), job=_job(0)
    )
    soon = policy.get_retry_decision(exception=ValueError(), job=_job(0))

    assert gave_up is None
    assert later is not None
    assert soon is not None
    assert later.retry_at is not None
    assert soon.retry_at is not None
    assert abs((later.retry_at - soon.retry_at).total_seconds() - 3570) < 2
