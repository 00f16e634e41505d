"""Send the stored e-mails. Running a job twice never sends an e-mail twice."""

import datetime
import logging
import smtplib

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from eig.core.jobs import JobGaveUp, RetryAfter, RetryPolicy, enqueue, job
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.selectors import email_ids_due
from eig.notifications.services import (
    EMAIL_BACKOFF,
    email_claim,
    email_mark_attempt_failed,
    email_mark_failed,
    email_mark_sent,
    emails_release_stalled,
)

logger = logging.getLogger(__name__)

SWEEP_CRON = "*/5 * * * *"
SWEEP_BATCH_SIZE = 500
# Configuration errors (a missing SMTP host, a bad key) and refused addresses: no retry.
PERMANENT_ERRORS = (
    ImproperlyConfigured,
    smtplib.SMTPNotSupportedError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)


@job(name="notifications.email_send", retry=RetryPolicy(max_attempts=25))
def email_send(email_id: int) -> None:
    """Send one e-mail if it is still pending and due; the row says what was done.

    A failure puts the row back to pending and asks the queue to retry after the
    backoff (``RetryAfter``); the last allowed failure marks it failed (``JobGaveUp``).
    """
    claimed_at = timezone.now()
    if not email_claim(email_id=email_id, now=claimed_at):
        return
    email = Email.objects.get(pk=email_id)
    try:
        _message_for(email).send()
    except Exception as error:
        if error_is_permanent(error):
            email_mark_failed(email_id=email_id, claimed_at=claimed_at, error=_describe(error))
            raise JobGaveUp(f"E-mail {email_id} can never be sent: {error}") from error
        raise _attempt_failed(email, claimed_at=claimed_at, error=error) from error
    if not email_mark_sent(email_id=email_id, claimed_at=claimed_at, now=timezone.now()):
        logger.warning("E-mail %s was sent after its claim expired", email_id)


def _message_for(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        # The same Message-ID on every attempt: a copy sent again after a crash (the server
        # accepted it, the worker died before recording it) is recognisable as the same one.
        headers={"Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def error_is_permanent(error: Exception) -> bool:
    """A failure that trying again cannot mend: the configuration, or a refusal (5xx)."""
    if isinstance(error, PERMANENT_ERRORS):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _attempt_failed(
    email: Email, *, claimed_at: datetime.datetime, error: Exception
) -> JobGaveUp | RetryAfter:
    """Record the failure on the row; return what tells the queue what to do next."""
    logger.warning("E-mail %s could not be sent (attempt %s)", email.pk, email.attempts)
    status = email_mark_attempt_failed(
        email_id=email.pk, claimed_at=claimed_at, error=_describe(error)
    )
    if status == EmailStatus.FAILED:
        return JobGaveUp(f"E-mail {email.pk} failed {email.attempts} times: given up")
    if status is None:
        return JobGaveUp(f"E-mail {email.pk} failed after its claim expired: left to the sweep")
    return RetryAfter(f"E-mail {email.pk} failed", delay=EMAIL_BACKOFF.after(email.attempts))


@job(name="notifications.emails_resend_stalled", retry=None, periodic_cron=SWEEP_CRON)
def emails_resend_stalled(timestamp: int | None = None) -> int:
    """Queue again the e-mails left unsent; returns how many were queued.

    Rows stuck in "sending" (their worker died) go back to pending; pending rows
    past their backoff get a new sending job. Running it twice is harmless:
    ``email_send`` claims each row once. ``timestamp`` is given by the periodic
    scheduler; ``manage.py send_pending_emails`` runs the same function.
    """
    now = timezone.now()
    released = emails_release_stalled(now=now)
    if released:
        logger.warning("%s e-mails were left sending by a stopped worker", released)
    email_ids = email_ids_due(now=now, limit=SWEEP_BATCH_SIZE)
    for email_id in email_ids:
        enqueue(email_send, email_id=email_id)
    return len(email_ids)
