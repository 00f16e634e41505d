import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from eig.core.jobs import JobGaveUp, RetryAfter
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import SENDING_TIMEOUT, WORKER_STOPPED_ERROR
from eig.notifications.tasks import email_send, emails_resend_stalled
from tests.notifications.outbox import queue_test_email

pytestmark = pytest.mark.django_db


def test_a_failed_send_puts_the_email_back_to_pending_then_the_sweep_sends_it_once(
    mail_failures, django_capture_on_commit_callbacks, time_machine
):
    mail_failures(1)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_test_email()

    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.last_error == "ConnectionRefusedError: Serveur SMTP indisponible"
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 0  # the backoff (30 s) has not elapsed

    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 0  # already sent: running it again does nothing

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_a_failed_send_asks_the_queue_to_retry_after_the_backoff(mail_failures):
    email = queue_test_email()
    mail_failures(2)

    with pytest.raises(RetryAfter) as first:
        email_send(email_id=email.pk)
    Email.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - first.value.delay)
    with pytest.raises(RetryAfter) as second:
        email_send(email_id=email.pk)

    assert first.value.delay == datetime.timedelta(seconds=30)
    assert second.value.delay == datetime.timedelta(seconds=90)
    assert isinstance(first.value.__cause__, ConnectionRefusedError)


def test_running_the_send_job_twice_sends_once(django_capture_on_commit_callbacks):
    email = queue_test_email()  # its job is not run: no commit in this test

    email_send(email_id=email.pk)
    email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert len(mail.outbox) == 1


def test_an_email_sending_for_too_long_is_recovered_by_the_sweep(
    django_capture_on_commit_callbacks,
):
    email = queue_test_email()
    Email.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        attempts=1,
        claimed_at=timezone.now() - SENDING_TIMEOUT - datetime.timedelta(minutes=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = emails_resend_stalled()

    email.refresh_from_db()
    assert queued == 1
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_an_email_sending_for_a_short_while_is_left_to_its_worker(
    django_capture_on_commit_callbacks,
):
    email = queue_test_email()
    Email.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, attempts=1, claimed_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 0

    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert mail.outbox == []


def test_an_email_never_tried_is_sent_by_the_sweep_after_a_grace_period(
    django_capture_on_commit_callbacks, time_machine
):
    email = queue_test_email()  # its job was lost: the on-commit send never ran

    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 0
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 1

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_an_email_is_failed_after_the_maximum_number_of_attempts(
    settings, mail_failures, django_capture_on_commit_callbacks, time_machine
):
    settings.EIG_EMAIL_MAX_ATTEMPTS = 3
    mail_failures(10)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_test_email()
    for _ in range(4):
        time_machine.move_to(timezone.now() + datetime.timedelta(hours=7))
        with django_capture_on_commit_callbacks(execute=True):
            emails_resend_stalled()

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 3
    assert email.last_error.startswith("ConnectionRefusedError")
    assert mail.outbox == []


def test_the_last_failure_tells_the_queue_not_to_retry(settings, mail_failures):
    settings.EIG_EMAIL_MAX_ATTEMPTS = 1
    mail_failures(1)
    email = queue_test_email()

    with pytest.raises(JobGaveUp):
        email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


def test_a_worker_dying_during_the_last_attempt_fails_the_email(
    settings, django_capture_on_commit_callbacks
):
    settings.EIG_EMAIL_MAX_ATTEMPTS = 2
    email = queue_test_email()
    Email.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, attempts=2, claimed_at=timezone.now() - SENDING_TIMEOUT * 2
    )

    with django_capture_on_commit_callbacks(execute=True):
        emails_resend_stalled()

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.last_error == WORKER_STOPPED_ERROR
    assert mail.outbox == []


def test_a_sent_or_failed_email_is_never_sent_again(django_capture_on_commit_callbacks):
    sent = queue_test_email()
    failed = queue_test_email()
    Email.objects.filter(pk=sent.pk).update(status=EmailStatus.SENT, attempts=1)
    Email.objects.filter(pk=failed.pk).update(status=EmailStatus.FAILED, attempts=8)

    email_send(email_id=sent.pk)
    email_send(email_id=failed.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_resend_stalled() == 0

    assert mail.outbox == []


def test_the_sweep_is_a_periodic_job():
    from procrastinate.contrib.django import app

    periodic = {key[0]: task.cron for key, task in app.periodic_registry.periodic_tasks.items()}

    assert periodic["notifications.emails_resend_stalled"] == "*/5 * * * *"


def test_the_command_sends_the_pending_emails(
    mail_failures, django_capture_on_commit_callbacks, time_machine, capsys
):
    mail_failures(1)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_test_email()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_pending_emails")

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert "1 e-mail(s) remis en file d’envoi." in capsys.readouterr().out
