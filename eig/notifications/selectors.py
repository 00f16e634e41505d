"""Reads on the e-mail outbox."""

import datetime

from django.db.models import Q

from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import NEVER_TRIED_GRACE, retry_due


def email_ids_due(*, now: datetime.datetime, limit: int) -> list[int]:
    """Pending e-mails to send again: never tried for a while, or past their backoff."""
    never_tried = Q(attempts=0, created_at__lte=now - NEVER_TRIED_GRACE)
    return list(
        Email.objects.filter(status=EmailStatus.PENDING)
        .filter(never_tried | retry_due(now=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
