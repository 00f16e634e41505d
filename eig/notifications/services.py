"""Queue e-mails, and move their rows through pending → sending → sent (or failed).

An e-mail is a row first (``Email``), then a job sends it. The row is the source
of truth: every change of status is a conditional ``UPDATE`` whose row count says
who won, so a job that runs twice, too early, or after its worker died never sends
an e-mail twice.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string

from eig.core.french import single_spaced
from eig.core.jobs import Backoff, enqueue
from eig.core.workflow import transition_apply_many
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.workflow import EMAIL_WORKFLOW

# Delay before sending again an e-mail whose last attempt failed: 30 s, 1.5 min,
# 4.5 min, 13.5 min, 40 min, 2 h, then 6 h, until EIG_EMAIL_MAX_ATTEMPTS attempts.
EMAIL_BACKOFF = Backoff()
# A row still "sending" after this long belongs to a worker that died.
SENDING_TIMEOUT = datetime.timedelta(minutes=15)
# A row never tried after this long lost its job (the process stopped right after
# the commit): the sweep queues it again.
NEVER_TRIED_GRACE = datetime.timedelta(minutes=10)
# Clocks of two machines differ a little: a retry this much early is on time.
CLOCK_TOLERANCE = datetime.timedelta(seconds=5)
ERROR_MAX_LENGTH = 2000
WORKER_STOPPED_ERROR = "Le processus d’envoi s’est arrêté pendant l’envoi."


def email_queue(
    *,
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> list[Email]:
    """Render ``emails/<template>_subject.txt``, ``.txt``, ``.html``; queue one per recipient.

    The rows are written in the caller's transaction; the sending job is queued
    with them, so nothing is sent if the transaction rolls back.
    Attachments are dicts with ``filename``, ``content`` (text) and ``mimetype``.
    """
    with transaction.atomic():
        emails = email_create(to=to, template=template, context=context, attachments=attachments)
        for email in emails:
            # By name: the sending job (notifications.tasks) imports this module.
            enqueue("notifications.email_send", email_id=email.pk)
    return emails


def email_create(
    *,
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> list[Email]:
    """Render and store the e-mails without queuing their sending (see ``email_queue``)."""
    recipients = [to] if isinstance(to, str) else list(to)
    full_context = {**(context or {})}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", full_context).split())
    body_text = single_spaced(render_to_string(f"emails/{template}.txt", full_context))
    body_html = render_to_string(f"emails/{template}.html", full_context)
    return [
        Email.objects.create(
            template=template,
            to=recipient,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            attachments=attachments or [],
        )
        for recipient in recipients
    ]


def retry_due(*, now: datetime.datetime) -> Q:
    """Rows whose last failed attempt is older than the backoff for their attempt count."""
    condition = Q()
    attempts = 1
    while EMAIL_BACKOFF.after(attempts) < EMAIL_BACKOFF.cap:
        condition |= Q(attempts=attempts, claimed_at__lte=now - EMAIL_BACKOFF.after(attempts))
        attempts += 1
    return condition | Q(attempts__gte=attempts, claimed_at__lte=now - EMAIL_BACKOFF.cap)


def _move(queryset: QuerySet[Email], name: str, **fields: Any) -> int:
    """Move the e-mails of ``queryset`` through ``name``, by the platform, in one conditional
    UPDATE on the transition's sources; how many moved."""
    return transition_apply_many(
        workflow=EMAIL_WORKFLOW, queryset=queryset, name=name, by=None, extra_fields=fields
    )


def _claimed(email_id: int, claimed_at: datetime.datetime) -> QuerySet[Email]:
    """The e-mail as long as it is still under the claim taken at ``claimed_at``."""
    return Email.objects.filter(pk=email_id, claimed_at=claimed_at)


def email_claim(*, email_id: int, now: datetime.datetime) -> bool:
    """Take a pending e-mail for sending if it is due; of two callers, only one wins."""
    due = Email.objects.filter(pk=email_id).filter(
        Q(attempts=0) | retry_due(now=now + CLOCK_TOLERANCE)
    )
    claimed = _move(due, "claim", claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def email_mark_sent(
    *, email_id: int, claimed_at: datetime.datetime, now: datetime.datetime
) -> bool:
    """Record the send; ``False`` if the claim was lost (the sweep judged it stalled)."""
    return _move(_claimed(email_id, claimed_at), "send", sent_at=now) == 1


def email_mark_attempt_failed(
    *, email_id: int, claimed_at: datetime.datetime, error: str
) -> EmailStatus | None:
    """Put the e-mail back to pending, or failed after the last allowed attempt.

    Returns the new status, or ``None`` if the claim was lost meanwhile.
    """
    final = Q(attempts__gte=settings.EIG_EMAIL_MAX_ATTEMPTS)
    claim = _claimed(email_id, claimed_at)
    if _move(claim.filter(final), "give_up", last_error=error[:ERROR_MAX_LENGTH]):
        return EmailStatus.FAILED
    if _move(claim, "retry", last_error=error[:ERROR_MAX_LENGTH]):
        return EmailStatus.PENDING
    return None


def email_mark_failed(*, email_id: int, claimed_at: datetime.datetime, error: str) -> bool:
    """Give up an e-mail that can never be sent as it is (configuration, refused address)."""
    claim = _claimed(email_id, claimed_at)
    return _move(claim, "give_up", last_error=error[:ERROR_MAX_LENGTH]) == 1


def email_cancel(*, email_id: int) -> bool:
    """Mark failed a pending e-mail that must not be tried again (a one-off test e-mail)."""
    return _move(Email.objects.filter(pk=email_id), "cancel") == 1


def emails_release_stalled(*, now: datetime.datetime) -> int:
    """Give back the rows left "sending" by a worker that died (each counts as an attempt)."""
    stalled = Email.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
    failed = _move(
        stalled.filter(attempts__gte=settings.EIG_EMAIL_MAX_ATTEMPTS),
        "give_up",
        last_error=WORKER_STOPPED_ERROR,
    )
    pending = _move(stalled, "retry", last_error=WORKER_STOPPED_ERROR)
    return failed + pending
