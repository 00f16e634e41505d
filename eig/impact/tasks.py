"""Background jobs of the impact measures."""

import datetime
import logging

from django.utils import timezone

from eig.core.jobs import job
from eig.impact.surveys import alumni_survey_reminders_send, alumni_surveys_send

logger = logging.getLogger(__name__)

ALUMNI_SURVEYS_CRON = "0 9 * * *"


def alumni_surveys_run(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Send the alumni surveys due, then the reminders due: (surveys, reminders).
    The job and ``manage.py send_alumni_surveys`` both run this; running it again the
    same day sends nothing more."""
    day = today or timezone.localdate()
    return alumni_surveys_send(today=day), alumni_survey_reminders_send(today=day)


@job(name="impact.alumni_surveys", periodic_cron=ALUMNI_SURVEYS_CRON)
def alumni_surveys(timestamp: int | None = None) -> int:
    """Every morning: ask the alumni, 6 and 12 months after their last contract, where
    they work now, and remind once those who have not answered after two weeks."""
    surveys, reminders = alumni_surveys_run()
    if surveys or reminders:
        logger.info("%s alumni survey(s) and %s reminder(s) sent", surveys, reminders)
    return surveys + reminders
