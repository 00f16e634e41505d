"""Background jobs of the offers."""

import logging

from eig.contracts.services import offers_expire as offers_expire_service
from eig.core.jobs import job

logger = logging.getLogger(__name__)

OFFERS_EXPIRE_CRON = "*/15 * * * *"


@job(name="contracts.offers_expire", periodic_cron=OFFERS_EXPIRE_CRON)
def offers_expire(timestamp: int | None = None) -> int:
    """Every quarter of an hour: mark expired the open offers past their deadline.
    Running it again changes nothing. (An answer after the deadline is refused anyway.)"""
    expired = offers_expire_service()
    if expired:
        logger.info("%s offer(s) expired", expired)
    return expired
