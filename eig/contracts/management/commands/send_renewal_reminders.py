"""Send the renewal reminders due today (the daily job does the same)."""

from typing import Any

from django.core.management.base import BaseCommand

from eig.contracts.services.contracts import renewal_reminders_send


class Command(BaseCommand):
    help = (
        "Envoie les rappels de renouvellement (90, 60 et 30 jours avant la fin), une fois chacun."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = renewal_reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
