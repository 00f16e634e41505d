"""Background jobs of the offers."""

import logging

from eig.contracts.services.contracts import contract_documents_generate, renewal_reminders_send
from eig.contracts.services.offers import offers_expire as offers_expire_service
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


RENEWAL_REMINDERS_CRON = "0 7 * * *"


@job(name="contracts.documents_generate")
def documents_generate(contract_id: int) -> None:
    """Render and store the contract's PDF documents (after the contract's commit)."""
    contract_documents_generate(contract_id=contract_id)


@job(name="contracts.renewal_reminders", periodic_cron=RENEWAL_REMINDERS_CRON)
def renewal_reminders(timestamp: int | None = None) -> int:
    """Every morning: remind of the contracts ending in 90, 60 or 30 days, once each."""
    sent = renewal_reminders_send()
    if sent:
        logger.info("%s renewal reminder(s) sent", sent)
    return sent
