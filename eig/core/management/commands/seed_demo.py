from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eig.core.demo import demo_seed


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent). Mode démo uniquement."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "Les données de démonstration ne se chargent qu’en mode démo (EIG_DEMO=1)."
            )
        summaries = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration prêtes : {' ; '.join(summaries)}.")
        )
