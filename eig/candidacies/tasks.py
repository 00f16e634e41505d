"""Background jobs of the candidatures."""

import logging

from django.utils import timezone

from eig.candidacies import cv_text, exports
from eig.candidacies.privacy import candidacies_anonymise_expired
from eig.core.jobs import JobGaveUp, job

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


EXPORTS_EXPIRE_CRON = "45 3 * * *"


@job(name="candidacies.export_build", retry=None)
def export_build(export_id: int) -> int | None:
    """Build a staff export asked for on the list, store it and e-mail the requester.

    Not retried: a failed export is shown as failed (the person asks again); a worker
    that died mid-way is caught by the queue's stalled-jobs sweep, which runs it again."""
    try:
        export = exports.export_build(export_id=export_id)
    except Exception as error:
        logger.exception("Export %s failed", export_id)
        exports.export_fail(export_id=export_id)
        raise JobGaveUp(f"Export {export_id} failed") from error
    return export.row_count if export else None


@job(name="candidacies.exports_expire", periodic_cron=EXPORTS_EXPIRE_CRON)
def exports_expire(timestamp: int | None = None) -> int:
    """Every night: delete the files of the staff exports past their expiry."""
    expired = exports.exports_expire()
    if expired:
        logger.info("%s export file(s) deleted after their expiry", expired)
    return expired
