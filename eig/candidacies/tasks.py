"""Background jobs of the candidatures."""

import logging

from django.utils import timezone

from eig.candidacies.privacy import candidacies_anonymise_expired
from eig.core.jobs import job

logger = logging.getLogger(__name__)

ANONYMISE_EXPIRED_CRON = "30 3 * * *"


@job(name="candidacies.anonymise_expired", periodic_cron=ANONYMISE_EXPIRED_CRON)
def anonymise_expired(timestamp: int | None = None) -> int:
    """Every night: anonymise the candidates whose applications all ended unsuccessfully
    and whose retention period has passed. Running it again changes nothing
    (``manage.py anonymise_expired_candidacies`` runs the same function)."""
    anonymised = candidacies_anonymise_expired(today=timezone.localdate())
    if anonymised:
        logger.info("%s candidate(s) anonymised after their retention period", len(anonymised))
    return len(anonymised)
