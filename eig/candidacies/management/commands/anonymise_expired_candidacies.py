"""Anonymise the candidates whose retention period has passed.

Procrastinate workers run it every night (job ``candidacies.anonymise_expired``); with
the immediate task backend, run this command from cron once a day. It is idempotent:
a second run finds nothing more to anonymise.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from eig.candidacies.privacy import candidacies_anonymise_expired, retention_policy


class Command(BaseCommand):
    help = (
        "Anonymise les candidat·es non retenu·es dont la durée de conservation "
        "des données est passée."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Le jour à considérer (AAAA-MM-JJ), aujourd’hui par défaut.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        policy = retention_policy()
        anonymised = candidacies_anonymise_expired(today=today)
        self.stdout.write(
            f"Conservation : {policy.unsuccessful_months} mois après la décision, "
            f"{policy.consent_months} mois après le dernier contact avec accord."
        )
        self.stdout.write(f"{len(anonymised)} candidat·e(s) anonymisé·e(s) le {today:%d/%m/%Y}.")
        for pk in anonymised:
            self.stdout.write(f"- profil n° {pk}")
