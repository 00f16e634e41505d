"""E-mail through a plain SMTP relay: delivered, refused for good, or retried."""

import pytest
from django.core.management import CommandError, call_command

from eig.core.jobs import JobGaveUp, RetryAfter
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import EMAIL_BACKOFF
from eig.notifications.tasks import email_send
from tests.notifications.outbox import queue_test_email
from tests.notifications.smtp import free_port, smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db


def test_an_email_is_delivered_through_an_smtp_relay_with_its_row_s_message_id(settings):
    settings.SITE_URL = "https://eig.example.gouv.fr"
    with smtp_server() as (sink, port):
        settings.MAILERS = smtp_mailers(port)
        email = queue_test_email()
        email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    (message,) = sink.messages
    assert message["To"] == "agent@example.gouv.fr"
    assert message["Message-ID"] == f"<eig-email-{email.pk}@eig.example.gouv.fr>"


def test_a_copy_sent_after_a_failed_attempt_carries_the_same_message_id(settings, time_machine):
    with smtp_server(refusal="451 Try again later") as (sink, port):
        settings.MAILERS = smtp_mailers(port)
        email = queue_test_email()
        with pytest.raises(RetryAfter):
            email_send(email_id=email.pk)
        sink.refusal = None
        email.refresh_from_db()
        time_machine.move_to(email.claimed_at + EMAIL_BACKOFF.after(1))
        email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert [message["Message-ID"] for message in sink.messages] == [email.message_id]


def test_an_address_refused_for_good_fails_the_email_without_retry(settings):
    with smtp_server(refusal="550 No such user here") as (sink, port):
        settings.MAILERS = smtp_mailers(port)
        email = queue_test_email()
        with pytest.raises(JobGaveUp):
            email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert "550" in email.last_error
    assert sink.messages == []


def test_a_configuration_error_fails_the_email_with_its_reason(settings):
    settings.MAILERS = smtp_mailers(free_port(), host=None)
    email = queue_test_email()

    with pytest.raises(JobGaveUp):
        email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert "InvalidMailer" in email.last_error
    assert "OPTIONS must define 'host'" in email.last_error


def test_the_test_email_command_says_the_server_accepted_the_message(settings, capsys):
    with smtp_server() as (sink, port):
        settings.MAILERS = smtp_mailers(port)
        call_command("send_test_email", "ops@example.gouv.fr")

    (message,) = sink.messages
    assert message["To"] == "ops@example.gouv.fr"
    output = capsys.readouterr().out
    assert "accepté par le serveur d’envoi" in output
    assert message["Message-ID"] in output


def test_the_test_email_command_reports_a_refused_connection_as_a_failure(settings):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there

    with pytest.raises(CommandError, match="Échec") as failure:
        call_command("send_test_email", "ops@example.gouv.fr")

    assert "ConnectionRefusedError" in str(failure.value)
    assert Email.objects.get().status == EmailStatus.FAILED  # never sent later by surprise
