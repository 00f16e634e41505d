"""Background jobs of the candidatures."""

import logging

from django.utils import timezone

from eig.candidacies import cv_text
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


@job(name="candidacies.cv_text_prepare")
def cv_text_prepare(candidate_id: int, cv_name: str) -> str:
    """After a CV upload: store its text without the person's name and contact details,
    for the reviewers of a blind round. A CV replaced meanwhile is left to its own job."""
    return cv_text.cv_text_prepare(candidate_id=candidate_id, cv_name=cv_name)
