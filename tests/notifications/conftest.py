from collections.abc import Callable, Iterator

import pytest

from tests.notifications.outbox import FlakyBackend


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """The outbox tests run in-process; the queue tests switch to Procrastinate themselves."""
    settings.EIG_TASKS_BACKEND = "immediate"


@pytest.fixture
def mail_failures(settings) -> Iterator[Callable[[int], None]]:
    """``mail_failures(n)``: the next ``n`` sends raise, then mail goes to mail.outbox."""
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.outbox.FlakyBackend"}}

    def fail(times: int) -> None:
        FlakyBackend.failures_left = times

    yield fail
    FlakyBackend.failures_left = 0
