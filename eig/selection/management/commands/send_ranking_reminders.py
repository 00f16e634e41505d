"""Send the ranking reminders due today (the daily job does the same)."""

from typing import Any

from django.core.management.base import BaseCommand

from eig.selection.services.matching import ranking_reminders_send


class Command(BaseCommand):
    help = "Rappelle, deux jours avant la date limite, de classer pour l’affectation (une fois)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = ranking_reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
