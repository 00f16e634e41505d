"""E-mails through the real Procrastinate queue and worker (PostgreSQL only)."""

import datetime
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import SENDING_TIMEOUT
from tests.notifications.outbox import queue_test_email
from tests.queue import job_defer, jobs, postgresql_only, queue_tables_empty, worker_run

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

SEND = "notifications.email_send"


@pytest.fixture(autouse=True)
def _procrastinate(settings, _immediate_tasks):
    settings.EIG_TASKS_BACKEND = "procrastinate"
    queue_tables_empty()
    yield
    queue_tables_empty()


def _time_passes(*, job_id: int, seconds: int) -> None:
    """Move the e-mail's last claim and the job's schedule ``seconds`` into the past."""
    Email.objects.update(claimed_at=F("claimed_at") - datetime.timedelta(seconds=seconds))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = scheduled_at - %s WHERE id = %s",
            [datetime.timedelta(seconds=seconds), job_id],
        )


def test_an_email_queued_in_a_rolled_back_transaction_queues_no_job():
    def queue_then_fail() -> None:
        with transaction.atomic():
            queue_test_email()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        queue_then_fail()

    assert jobs() == []
    assert not Email.objects.exists()


def test_a_send_that_fails_once_is_retried_by_the_worker_after_the_backoff(mail_failures):
    mail_failures(1)
    email = queue_test_email()

    worker_run()

    email.refresh_from_db()
    (retry,) = jobs(SEND)
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.last_error == "ConnectionRefusedError: Serveur SMTP indisponible"
    assert retry["status"] == "todo"
    assert 25 <= retry["wait"].total_seconds() <= 31  # the 30-second backoff

    _time_passes(job_id=retry["id"], seconds=31)
    worker_run()

    email.refresh_from_db()
    (done,) = jobs(SEND)
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert done["status"] == "succeeded"
    assert done["attempts"] == 2
    assert len(mail.outbox) == 1


def test_two_jobs_for_the_same_email_send_it_once():
    email = queue_test_email()
    job_defer(SEND, email_id=email.pk)

    worker_run()

    assert [row["status"] for row in jobs(SEND)] == ["succeeded", "succeeded"]
    assert len(mail.outbox) == 1


def test_a_send_job_left_doing_by_a_dead_worker_is_run_again():
    email = queue_test_email()
    (stalled,) = jobs(SEND)
    with connection.cursor() as cursor:
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, stalled["id"]],
        )
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = NOW() - INTERVAL '1 hour'"
        )

    job_defer("eig.core.retry_stalled_jobs", timestamp=int(time.time()))
    worker_run()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_an_email_left_sending_by_a_dead_worker_is_sent_by_the_periodic_sweep():
    email = queue_test_email()
    worker_run()
    mail.outbox.clear()
    # The worker died between its claim and the send: the row stayed "sending".
    Email.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        sent_at=None,
        claimed_at=timezone.now() - SENDING_TIMEOUT - datetime.timedelta(minutes=1),
    )

    job_defer("notifications.emails_resend_stalled", timestamp=int(time.time()))
    worker_run()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1
