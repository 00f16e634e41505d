"""Queue e-mails: rendered from templates, stored as rows, sent by a job after commit."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from eig.core.jobs import enqueue
from eig.notifications.models import Email


def email_queue(
    *,
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> list[Email]:
    """Render ``emails/<template>_subject.txt``, ``.txt`` and ``.html`` and queue one e-mail per recipient.

    The rows are written in the caller's transaction; the sending job is queued
    with them, so nothing is sent if the transaction rolls back.
    Attachments are dicts with ``filename``, ``content`` (text) and ``mimetype``.
    """
    from eig.notifications.tasks import email_send

    recipients = [to] if isinstance(to, str) else list(to)
    full_context = {**(context or {})}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", full_context).split())
    body_text = render_to_string(f"emails/{template}.txt", full_context)
    body_html = render_to_string(f"emails/{template}.html", full_context)
    emails = []
    with transaction.atomic():
        for recipient in recipients:
            email = Email.objects.create(
                template=template,
                to=recipient,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                attachments=attachments or [],
            )
            enqueue(email_send, email_id=email.pk)
            emails.append(email)
    return emails
