from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eig.accounts.demo import DEMO_CANDIDATE_PASSWORD, DEMO_EMAIL_DOMAIN
from eig.core.demo import demo_seed


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent). Mode démo uniquement."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "Les données de démonstration ne se chargent qu’en mode démo (EIG_DEMO=1)."
            )
        result = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration prêtes : {result['organisations']} administrations, "
                f"{result['new_users']} nouveaux comptes (@{DEMO_EMAIL_DOMAIN}; "
                f"{result['new_challenges']} nouveaux défis; "
                f"{result['new_candidacies']} nouvelle candidature; "
                f"mot de passe des candidat·es : {DEMO_CANDIDATE_PASSWORD})."
            )
        )
