"""Background jobs of the call for défis."""

import logging

from django.utils import timezone

from eig.challenges.services.challenges import challenge_drafts_remind
from eig.core.jobs import job

logger = logging.getLogger(__name__)

DRAFT_REMINDER_CRON = "0 8 * * *"


@job(name="challenges.remind_drafts", periodic_cron=DRAFT_REMINDER_CRON)
def remind_drafts(timestamp: int | None = None) -> int:
    """Every morning: a week before a round's défi deadline, remind the agents of the
    drafts not yet submitted. Each draft is reminded once per round, however often this
    runs (``manage.py remind_challenge_drafts`` runs the same function)."""
    reminded = challenge_drafts_remind(today=timezone.localdate())
    if reminded:
        logger.info("%s draft défi(s) reminded of the deadline", reminded)
    return reminded
