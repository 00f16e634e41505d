"""The outbox's health check (listed in ``EIG_HEALTH_CHECKS``): do e-mails leave?"""

import datetime

from django.conf import settings
from django.db.models import Min

from eig.core.health import Check, delay_check
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email


def outbox_check(now: datetime.datetime) -> Check:
    oldest = Email.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING]).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    return delay_check(
        0 if oldest is None else (now - oldest).total_seconds(),
        settings.EIG_HEALTH_MAX_EMAIL_DELAY,
        "Le plus ancien e-mail non envoyé attend depuis {delay} s (seuil : {limit} s).",
    )
