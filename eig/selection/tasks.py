"""Background jobs of the selection."""

import logging

from eig.core.jobs import job
from eig.selection.services.matching import ranking_reminders_send

logger = logging.getLogger(__name__)

RANKING_REMINDERS_CRON = "0 8 * * *"


@job(name="selection.ranking_reminders", periodic_cron=RANKING_REMINDERS_CRON)
def ranking_reminders(timestamp: int | None = None) -> int:
    """Every morning: two days before a round's ranking deadline, remind whoever has not
    saved their ranking, once per round."""
    sent = ranking_reminders_send()
    if sent:
        logger.info("%s ranking reminder(s) sent", sent)
    return sent
