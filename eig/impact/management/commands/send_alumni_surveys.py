"""Send the alumni surveys due (6 and 12 months after an EIG's last contract) and the
reminders due (two weeks after an unanswered survey).

Procrastinate workers run it every morning (job ``impact.alumni_surveys``); with the
immediate task backend, run this command from cron once a day. Running it twice sends
nothing more: each survey and each reminder is sent once.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from eig.impact.tasks import alumni_surveys_run


class Command(BaseCommand):
    help = (
        "Envoie les enquêtes alumni dues (6 et 12 mois après le dernier contrat) et leurs relances."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Le jour à considérer (AAAA-MM-JJ), aujourd’hui par défaut.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        surveys, reminders = alumni_surveys_run(today=today)
        self.stdout.write(f"{surveys} enquête(s) envoyée(s), {reminders} relance(s) envoyée(s).")
