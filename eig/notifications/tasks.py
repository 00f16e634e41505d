"""Send the stored e-mails. Running a job twice never sends an e-mail twice."""

import datetime
import logging

from django.conf import settings
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
    email_mark_sent,
    emails_release_stalled,
)

logger = logging.getLogger(__name__)

SWEEP_CRON = "*/5 * * * *"
SWEEP_BATCH_SIZE = 500


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
        raise _attempt_failed(email, claimed_at=claimed_at, error=error) from error
    if not email_mark_sent(email_id=email_id, claimed_at=claimed_at, now=timezone.now()):
        logger.warning("E-mail %s was sent after its claim expired", email_id)


def _message_for(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def _attempt_failed(
    email: Email, *, claimed_at: datetime.datetime, error: Exception
) -> JobGaveUp | RetryAfter:
    """Record the failure on the row; return what tells the queue what to do next."""
    logger.warning("E-mail %s could not be sent (attempt %s)", email.pk, email.attempts)
    status = email_mark_attempt_failed(
        email_id=email.pk, claimed_at=claimed_at, error=f"{type(error).__name__}: {error}"
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
