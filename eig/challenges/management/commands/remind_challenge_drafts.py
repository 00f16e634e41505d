"""Remind the agents of the draft défis that a round's deadline is a week away or less.

Procrastinate workers run it every morning (job ``challenges.remind_drafts``); with
the immediate task backend, run this command from cron once a day. Running it twice
the same day sends nothing more: each draft is reminded once per round.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from eig.challenges.services.challenges import challenge_drafts_remind


class Command(BaseCommand):
    help = "Rappelle aux agents leurs défis en brouillon une semaine avant la date limite."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Le jour à considérer (AAAA-MM-JJ), aujourd’hui par défaut.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        reminded = challenge_drafts_remind(today=today)
        self.stdout.write(f"{reminded} défi(s) en brouillon rappelé(s).")
